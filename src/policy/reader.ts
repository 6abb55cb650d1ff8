// Reads YAML nodes with their positions and collects every problem instead of stopping at the first,
// so one run of the gate lists all the mistakes in a policy.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Scalar,
} from 'yaml';
import type { ConfigurationProblem } from '../errors.js';
import type { SourceLocation } from '../model.js';
import { closest } from './suggest.js';

/** One value in the policy: its node (aliases resolved), where to point at, and its key path. */
export interface Field {
  node: Node | null;
  /** The node a problem with this value is reported at (the key when the value is empty). */
  at: Node;
  path: string;
}

/** A mapping's entries by key, in document order. */
export type Fields = Map<string, Field>;

/** Extra advice for a key that is unknown here but valid elsewhere (e.g. under `defaults:`). */
export type KeyHint = (key: string) => string | undefined;

/** For free-form keys (rule ids): the problem with a key, or undefined when it is fine. */
export type KeyCheck = (key: string) => string | undefined;

export function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** How a value looks to the user, for "(got …)" in messages. */
export function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'nothing';
    if (typeof value === 'string') {
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    }
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      return String(value);
    }
    return node.source === undefined ? 'an unsupported value' : JSON.stringify(node.source);
  }
  return 'an unsupported value';
}

const isEmptyScalar = (node: Node | null): boolean =>
  node === null || (isScalar(node) && (node.value === null || node.value === undefined));

export class NodeReader {
  readonly problems: ConfigurationProblem[] = [];

  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    readonly file: string,
  ) {}

  location(node: Node): SourceLocation {
    const { line, col } = this.lineCounter.linePos(node.range?.[0] ?? 0);
    return { file: this.file, line, column: col };
  }

  problem(at: Node | undefined, key: string, message: string): void {
    const where = at ? this.location(at) : { file: this.file, line: 1, column: 1 };
    this.problems.push({ ...where, key: key === '' ? undefined : key, message });
  }

  /** Follows an alias to the node it names (the YAML bomb check has already bounded this). */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  /**
   * The entries of a mapping. Reports a non-mapping value, duplicate keys and unknown keys (with a
   * "did you mean" suggestion); unknown and duplicate entries are left out of the result.
   */
  mapping(field: Field, allowed: readonly string[] | KeyCheck, hint?: KeyHint): Fields | undefined {
    const { node, path } = field;
    if (!isMap(node)) {
      this.problem(field.at, path, `must be a mapping of keys to values (got ${describe(node)})`);
      return undefined;
    }
    const fields: Fields = new Map();
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      const keyNode = this.resolve(pair.key);
      const valueNode = this.resolve(pair.value);
      const keyAt = keyNode ?? node;
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.problem(keyAt, path, `keys must be plain names (got ${describe(keyNode)})`);
        continue;
      }
      const key = keyNode.value;
      const keyPath = joinPath(path, key);
      const first = seen.get(key);
      if (first !== undefined) {
        const line = this.location(first).line;
        this.problem(keyNode, keyPath, `duplicate key (first set on line ${line}); remove one`);
        continue;
      }
      seen.set(key, keyNode);
      const keyProblem =
        typeof allowed === 'function'
          ? allowed(key)
          : allowed.includes(key)
            ? undefined
            : unknownKeyMessage(key, allowed, hint);
      if (keyProblem !== undefined) {
        this.problem(keyNode, keyPath, keyProblem);
        continue;
      }
      const written = isAlias(pair.value) ? pair.value : valueNode;
      const at = isEmptyScalar(valueNode) || !written?.range ? keyNode : written;
      fields.set(key, { node: valueNode, at, path: keyPath });
    }
    return fields;
  }

  /** The items of a list, each as a field with an indexed key path (`hosts[2]`). */
  list(field: Field): Field[] | undefined {
    const { node, path } = field;
    if (!isSeq(node)) {
      this.problem(field.at, path, `must be a list (got ${describe(node)})`);
      return undefined;
    }
    return node.items.map((item, index) => {
      const itemNode = this.resolve(item);
      // Point at what is written here: the alias itself rather than the anchored node it names.
      const at = isAlias(item) ? item : (itemNode ?? node);
      return { node: itemNode, at, path: `${path}[${index}]` };
    });
  }

  private scalar(field: Field): Scalar | undefined {
    return isScalar(field.node) ? field.node : undefined;
  }

  /** A non-empty string. */
  string(field: Field | undefined, expected = 'a non-empty string'): string | undefined {
    if (field === undefined) return undefined;
    const scalar = this.scalar(field);
    const value = scalar?.value;
    if (typeof value === 'string' && value.trim() !== '') return value;
    // A YAML 1.1 document reads `until: 2027-01-31` as a timestamp: keep the date as written.
    if (value instanceof Date && scalar?.type === 'PLAIN' && scalar.source) return scalar.source;
    this.problem(field.at, field.path, `must be ${expected} (got ${describe(field.node)})`);
    return undefined;
  }

  /** An integer in [min, max]. */
  integer(field: Field | undefined, min: number, max = Infinity): number | undefined {
    if (field === undefined) return undefined;
    const value = this.scalar(field)?.value;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return value;
    }
    const range = max === Infinity ? `an integer ≥ ${min}` : `an integer ${min}-${max}`;
    this.problem(
      field.at,
      field.path,
      `must be ${range} (got ${describe(field.node)}${quoted(value)})`,
    );
    return undefined;
  }

  /** A number in [min, max] (fractions allowed). */
  number(field: Field | undefined, min: number, max: number): number | undefined {
    if (field === undefined) return undefined;
    const value = this.scalar(field)?.value;
    if (typeof value === 'number' && value >= min && value <= max) return value;
    this.problem(
      field.at,
      field.path,
      `must be a number from ${min} to ${max} (got ${describe(field.node)}${quoted(value)})`,
    );
    return undefined;
  }

  /** One of a fixed set of words, with a suggestion for a near miss. */
  oneOf<T extends string>(field: Field | undefined, values: readonly T[]): T | undefined {
    if (field === undefined) return undefined;
    const scalar = this.scalar(field);
    const value = scalar?.value;
    if (typeof value === 'string' && (values as readonly string[]).includes(value))
      return value as T;
    // A YAML 1.1 document reads `off` and `no` as booleans: accept the word as written.
    const source = scalar?.type === 'PLAIN' ? scalar.source : undefined;
    if (typeof source === 'string' && (values as readonly string[]).includes(source)) {
      return source as T;
    }
    const suggestion = typeof value === 'string' ? closest(value, values) : undefined;
    const advice = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
    this.problem(
      field.at,
      field.path,
      `must be one of ${values.join(', ')} (got ${describe(field.node)})${advice}`,
    );
    return undefined;
  }
}

// `port: "443"` is a string in YAML: say how to fix it.
function quoted(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
    ? '; remove the quotes'
    : '';
}

function unknownKeyMessage(key: string, allowed: readonly string[], hint?: KeyHint): string {
  const suggestion = closest(key, allowed);
  if (suggestion !== undefined) return `unknown key; did you mean ${suggestion}?`;
  const advice = hint?.(key);
  if (advice !== undefined) return `unknown key here; ${advice}`;
  return `unknown key; allowed here: ${allowed.join(', ')}`;
}
