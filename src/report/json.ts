// The JSON report (contract §3): the Report as it is, in a fixed key order so two runs diff
// cleanly. Values are not altered: JSON is data, and whoever renders it escapes for their output
// (`merge` re-renders JSON reports, so escaping here would be applied twice).
import type { Report } from '../model.js';

type Orders = Record<string, readonly string[]>;

// Known keys first, in the order a reader wants them; any other key follows, sorted.
const ORDERS: Orders = {
  report: [
    'verdict',
    'gateClosed',
    'summary',
    'evaluatedAt',
    'policy',
    'tool',
    'shard',
    'targets',
    'rules',
    'notes',
    'unusedSuppressions',
  ],
  summary: ['targets', 'errors', 'warnings', 'notices', 'suppressed'],
  policy: ['path', 'failOn'],
  tool: ['name', 'version', 'rulesVersion'],
  target: [
    'type',
    'name',
    'status',
    'findings',
    'source',
    'failOn',
    'checks',
    'durationMs',
    'facts',
  ],
  finding: [
    'check',
    'rule',
    'severity',
    'message',
    'suppressed',
    'reason',
    'originalSeverity',
    'certificate',
    'details',
  ],
  facts: [
    'leaf',
    'presented',
    'path',
    'trustStore',
    'address',
    'protocol',
    'cipher',
    'keyExchange',
    'protocols',
    'timings',
  ],
  certificate: [
    'subject',
    'issuer',
    'serialNumber',
    'notBefore',
    'notAfter',
    'daysLeft',
    'dnsNames',
    'ipAddresses',
    'publicKey',
    'signatureAlgorithm',
    'sha256',
  ],
  source: ['file', 'line', 'column'],
  findingCertificate: ['index', 'subject', 'sha256'],
  rule: ['id', 'check', 'description', 'citation', 'defaultSeverity', 'help'],
};

// Which order applies to the objects found under a key of an ordered object.
const CHILDREN: Record<string, Record<string, string>> = {
  report: { summary: 'summary', policy: 'policy', tool: 'tool', targets: 'target', rules: 'rule' },
  target: { findings: 'finding', source: 'source', facts: 'facts' },
  finding: { certificate: 'findingCertificate' },
  facts: { leaf: 'certificate', presented: 'certificate' },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ordered(value: unknown, kind?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, kind));
  if (!isPlainObject(value)) return value;
  const order = (kind && ORDERS[kind]) || [];
  const known = order.filter((key) => key in value);
  const rest = Object.keys(value)
    .filter((key) => !order.includes(key))
    .sort();
  const result: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) {
    result[key] = ordered(value[key], kind ? CHILDREN[kind]?.[key] : undefined);
  }
  return result;
}

/**
 * `JSON.stringify` with 2-space indent and characters that could act on a terminal or a CI log
 * also escaped: C1 controls, DEL, line separators and bidi overrides as `\uXXXX`, and the `#` of
 * a `##[` workflow command as `\u0023` (these only occur inside strings, so the JSON means the same).
 */
export function stringifyJson(value: unknown): string {
  return (
    JSON.stringify(value, null, 2)
      .replace(/[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, unicodeEscape)
      .replace(/#(?=#\[)/g, '\\u0023') + '\n'
  );
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

export function renderJson(report: Report): string {
  return stringifyJson(ordered(report, 'report'));
}
