// Kubernetes manifests (multi-document YAML, `kind: List` too): the objects tls-gate checks are
// Secrets of type kubernetes.io/tls and cert-manager Certificates. Everything else is ignored.
import { parseAllDocuments } from 'yaml';
import type { CertManagerSpec } from './cert-manager.js';

export type ManifestKind = 'Secret' | 'Certificate';

/** Which object of a manifest file a target is (stable across runs: document order). */
export interface ManifestObjectRef {
  /** 0-based index of the YAML document in the file. */
  document: number;
  /** 0-based index in `items` when the document is a `kind: List`. */
  item?: number;
  kind: ManifestKind;
  namespace: string;
  name: string;
}

export interface ManifestObject extends ManifestObjectRef {
  value: Record<string, unknown>;
}

/** What the checks see of a manifest object. */
export interface ManifestFacts extends ManifestObjectRef {
  /** cert-manager Certificates only. */
  certManager?: CertManagerSpec;
}

export interface ParsedManifest {
  objects: ManifestObject[];
  problems: string[];
}

export const MANIFEST_EXTENSIONS = /\.ya?ml$/i;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function kindOf(value: Record<string, unknown>): ManifestKind | undefined {
  if (value.kind === 'Secret' && value.type === 'kubernetes.io/tls') return 'Secret';
  if (
    value.kind === 'Certificate' &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('cert-manager.io/')
  ) {
    return 'Certificate';
  }
  return undefined;
}

function toObject(
  value: Record<string, unknown>,
  document: number,
  item?: number,
): ManifestObject | undefined {
  const kind = kindOf(value);
  if (!kind) return undefined;
  const metadata = record(value.metadata) ?? {};
  const name =
    typeof metadata.name === 'string'
      ? metadata.name
      : typeof metadata.generateName === 'string'
        ? `${metadata.generateName}*`
        : `(unnamed, document ${document + 1})`;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  return { document, ...(item !== undefined ? { item } : {}), kind, namespace, name, value };
}

/** The Secrets and Certificates of a manifest, in file order; YAML errors as problems. */
export function parseManifest(text: string): ParsedManifest {
  const result: ParsedManifest = { objects: [], problems: [] };
  const documents = parseAllDocuments(text, { prettyErrors: true });
  if (!Array.isArray(documents)) return result; // an empty stream
  documents.forEach((doc, document) => {
    if (doc.errors.length > 0) {
      const [first] = doc.errors;
      result.problems.push(`YAML document ${document + 1}: ${first?.message.split('\n')[0]}`);
      return;
    }
    const value = record(doc.toJS({ maxAliasCount: 100 }));
    if (!value) return;
    const items =
      typeof value.kind === 'string' && value.kind.endsWith('List') ? value.items : undefined;
    if (Array.isArray(items)) {
      items.forEach((entry, item) => {
        const object = record(entry) && toObject(entry as Record<string, unknown>, document, item);
        if (object) result.objects.push(object);
      });
      return;
    }
    const object = toObject(value, document);
    if (object) result.objects.push(object);
  });
  return result;
}

/** `ns/name`, or `ns/name (Kind)` when a Secret and a Certificate share the name. */
export function objectLabels(objects: readonly ManifestObjectRef[]): string[] {
  const base = objects.map((o) => `${o.namespace}/${o.name}`);
  const count = (label: string) => base.filter((other) => other === label).length;
  const withKind = base.map((label, i) =>
    count(label) > 1 ? `${label} (${(objects[i] as ManifestObjectRef).kind})` : label,
  );
  // The same kind twice under one name: number them by document so names stay unique.
  return withKind.map((label, i) =>
    withKind.filter((other) => other === label).length > 1
      ? `${label} [document ${(objects[i] as ManifestObjectRef).document + 1}]`
      : label,
  );
}

export function sameObject(a: ManifestObjectRef, b: ManifestObjectRef): boolean {
  return (
    a.document === b.document &&
    a.item === b.item &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.name === b.name
  );
}

export interface SecretData {
  crt?: Uint8Array;
  key?: Uint8Array;
  problems: string[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `tls.crt` / `tls.key` of a TLS Secret; `stringData` wins over `data`, as the API server does. */
export function secretData(object: ManifestObject): SecretData {
  const result: SecretData = { problems: [] };
  const data = record(object.value.data) ?? {};
  const stringData = record(object.value.stringData) ?? {};
  const read = (field: 'tls.crt' | 'tls.key'): Uint8Array | undefined => {
    const plain = stringData[field];
    if (typeof plain === 'string') return Buffer.from(plain, 'utf8');
    const encoded = data[field];
    if (encoded === undefined || encoded === null) return undefined;
    const compact = typeof encoded === 'string' ? encoded.replace(/\s+/g, '') : undefined;
    if (compact === undefined || !BASE64.test(compact) || compact.length % 4 === 1) {
      result.problems.push(`data.${field} is not base64`);
      return undefined;
    }
    return Buffer.from(compact, 'base64');
  };
  const crt = read('tls.crt');
  const key = read('tls.key');
  if (crt) result.crt = crt;
  if (key) result.key = key;
  return result;
}

export function certManagerSpec(object: ManifestObject): CertManagerSpec {
  const spec = record(object.value.spec) ?? {};
  const issuerRef = record(spec.issuerRef);
  const out: CertManagerSpec = {};
  if (spec.duration !== undefined && spec.duration !== null) out.duration = spec.duration;
  if (spec.renewBefore !== undefined && spec.renewBefore !== null)
    out.renewBefore = spec.renewBefore;
  if (spec.renewBeforePercentage !== undefined && spec.renewBeforePercentage !== null) {
    out.renewBeforePercentage = spec.renewBeforePercentage;
  }
  if (typeof spec.secretName === 'string') out.secretName = spec.secretName;
  if (issuerRef && typeof issuerRef.name === 'string') {
    out.issuer = `${typeof issuerRef.kind === 'string' ? issuerRef.kind : 'Issuer'}/${issuerRef.name}`;
  }
  return out;
}
