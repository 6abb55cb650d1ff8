// Trust anchors: the pinned Mozilla bundle (shipped inside dist/) or a target's own `trust` file.
// The bundled store is indexed by raw subject and key identifier and parses only the roots a chain
// actually asks for; a `trust` file shared by many targets is decoded once while it is unchanged.
import { readBoundedFile } from '../bounded-read.js';
import { parseCertificate } from './certificate.js';
import { decodeCertificateFile, MAX_FILE_BYTES } from './decode.js';
import { certificateIndexFields } from './der.js';
import { MOZILLA_ROOTS, MOZILLA_ROOTS_META } from './roots/mozilla-roots.generated.js';
import type { DecodeProblem, ParsedCertificate, TrustStore } from './types.js';

export const BUNDLED_ROOTS = MOZILLA_ROOTS_META;

/** A `trust` file read for a target; `problems` say why it is unusable (or partly so). */
export interface LoadedTrustStore extends TrustStore {
  problems: DecodeProblem[];
}

interface AnchorEntry {
  der: Uint8Array;
  subject: string;
  subjectKeyIdentifier?: string;
  parsed?: ParsedCertificate;
}

interface AnchorIndex {
  entries: AnchorEntry[];
  bySubject: Map<string, AnchorEntry[]>;
  bySki: Map<string, AnchorEntry[]>;
  parse(entry: AnchorEntry): ParsedCertificate;
}

const INDEXES = new WeakMap<TrustStore, AnchorIndex>();

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/** Raw subject and issuer; a BER-encoded certificate (indefinite lengths) takes the pkijs route. */
function rawNames(cert: ParsedCertificate): { subject: Uint8Array; issuer: Uint8Array } {
  try {
    return certificateIndexFields(cert.der);
  } catch {
    return {
      subject: new Uint8Array(cert.pkijs.subject.valueBeforeDecode),
      issuer: new Uint8Array(cert.pkijs.issuer.valueBeforeDecode),
    };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndex(
  entries: AnchorEntry[],
  parse: (entry: AnchorEntry) => ParsedCertificate,
): AnchorIndex {
  const index: AnchorIndex = { entries, bySubject: new Map(), bySki: new Map(), parse };
  for (const entry of entries) {
    push(index.bySubject, entry.subject, entry);
    if (entry.subjectKeyIdentifier) push(index.bySki, entry.subjectKeyIdentifier, entry);
  }
  return index;
}

function indexOf(store: TrustStore): AnchorIndex {
  let index = INDEXES.get(store);
  if (!index) {
    // A store built elsewhere (tests, policy files): its anchors are already parsed.
    const entries = store.anchors.map((anchor) => {
      const entry: AnchorEntry = {
        der: anchor.der,
        subject: hex(rawNames(anchor).subject),
        parsed: anchor,
      };
      if (anchor.facts.subjectKeyIdentifier) {
        entry.subjectKeyIdentifier = anchor.facts.subjectKeyIdentifier;
      }
      return entry;
    });
    index = buildIndex(entries, (entry) => entry.parsed as ParsedCertificate);
    INDEXES.set(store, index);
  }
  return index;
}

/** One anchor of a store: its raw subject, and the parsed certificate on demand. */
export interface AnchorSource {
  /** DER of the subject Name. */
  subject: Uint8Array;
  parse(): ParsedCertificate;
}

/**
 * Every anchor of `store` without parsing it yet (the bundled store parses a root only when
 * `parse` is called), so path building can index a store by subject cheaply.
 */
export function anchorSources(store: TrustStore): AnchorSource[] {
  const index = indexOf(store);
  return index.entries.map((entry) => ({
    subject: Buffer.from(entry.subject, 'hex'),
    parse: () => index.parse(entry),
  }));
}

let bundled: TrustStore | undefined;

/** The pinned Mozilla roots; built once per process, roots parsed only when asked for. */
export function bundledTrustStore(): TrustStore {
  if (bundled) return bundled;
  const name = `Mozilla roots ${MOZILLA_ROOTS_META.date}`;
  const entries: AnchorEntry[] = MOZILLA_ROOTS.map((base64) => {
    const der = new Uint8Array(Buffer.from(base64, 'base64'));
    const fields = certificateIndexFields(der);
    const entry: AnchorEntry = { der, subject: hex(fields.subject) };
    if (fields.subjectKeyIdentifier) entry.subjectKeyIdentifier = fields.subjectKeyIdentifier;
    return entry;
  });
  const index = buildIndex(entries, (entry) => {
    entry.parsed ??= parseCertificate(entry.der, {
      kind: 'bundle',
      name,
      index: entries.indexOf(entry),
    });
    return entry.parsed;
  });
  let anchors: ParsedCertificate[] | undefined;
  const store: TrustStore = {
    source: 'bundled',
    label: `${name} (${MOZILLA_ROOTS_META.count})`,
    // Every root parsed: only for callers that truly need all of them (listing, tests).
    get anchors() {
      anchors ??= entries.map((entry) => index.parse(entry));
      return anchors;
    },
  };
  INDEXES.set(store, index);
  bundled = store;
  return store;
}

/**
 * Anchors that may have issued `cert`: same subject DER as its issuer DER, or a subject key
 * identifier equal to its authority key identifier. Subject matches first; no duplicates.
 * Only these are parsed, so building a path against the bundled roots stays cheap.
 */
export function findIssuerCandidates(
  store: TrustStore,
  cert: ParsedCertificate,
): ParsedCertificate[] {
  const index = indexOf(store);
  const found = new Set<AnchorEntry>(index.bySubject.get(hex(rawNames(cert).issuer)));
  const aki = cert.facts.authorityKeyIdentifier;
  for (const entry of aki ? (index.bySki.get(aki) ?? []) : []) found.add(entry);
  return [...found].map((entry) => index.parse(entry));
}

/** The anchor byte-identical to `cert`, if the store holds it. */
export function findAnchor(
  store: TrustStore,
  cert: ParsedCertificate,
): ParsedCertificate | undefined {
  const index = indexOf(store);
  const sameSubject = index.bySubject.get(hex(rawNames(cert).subject)) ?? [];
  const entry = sameSubject.find((e) => Buffer.from(e.der).equals(Buffer.from(cert.der)));
  return entry ? index.parse(entry) : undefined;
}

// Trust files read in this process, by path: the same bytes give back the same store object, so
// 1,000 targets naming one `trust` file decode it once and share one anchor index.
const TRUST_FILES = new Map<string, { bytes: Buffer; store: LoadedTrustStore }>();
const TRUST_FILES_LIMIT = 256;

/**
 * Reads a target's `trust` file (at most `maxBytes`, regular files only). Never throws: an
 * unreadable, oversized or empty file gives no anchors and a problem, so the gate reports it
 * instead of silently falling back to the bundled roots. The result may be shared with other
 * callers that read the same unchanged file: treat it as read-only.
 */
export async function loadTrustFile(
  path: string,
  maxBytes = MAX_FILE_BYTES,
): Promise<LoadedTrustStore> {
  const bytes = await readBoundedFile(path, maxBytes);
  if (!(bytes instanceof Uint8Array)) {
    return { source: 'policy', label: path, anchors: [], problems: [{ message: bytes.message }] };
  }
  const known = TRUST_FILES.get(path);
  if (known?.bytes.equals(bytes)) return known.store;
  const decoded = decodeCertificateFile(bytes, path, maxBytes);
  const store: LoadedTrustStore = {
    source: 'policy',
    label: path,
    anchors: decoded.certificates,
    problems: decoded.problems,
  };
  if (TRUST_FILES.size >= TRUST_FILES_LIMIT) TRUST_FILES.delete(TRUST_FILES.keys().next().value!);
  TRUST_FILES.set(path, { bytes, store });
  return store;
}
