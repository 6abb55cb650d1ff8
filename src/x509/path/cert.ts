// What path validation needs from one certificate, read from its DER (not from rendered strings):
// raw names and their comparison keys, SPKI, TBS bytes, extensions with criticality, and every
// encoding defect a strict verifier would reject. Computed once per certificate object.
import { KEY_USAGE_BITS } from '../oids.js';
import type { ParsedCertificate } from '../types.js';
import {
  bytesEqual,
  children,
  decodeOid,
  decodeTime,
  DerError,
  DER_TAG,
  hex,
  readSingle,
  walk,
  type DerNode,
} from './der.js';
import { nameKey, parseGeneralName, type GeneralName } from './names.js';

export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
} as const;

/**
 * Extensions the validator processes or may safely ignore when critical. Policy extensions count as
 * understood: tls-gate, like browsers for the Web PKI, does not run RFC 5280 policy processing, and
 * Go (1.22+) and NSS accept them critical.
 */
const UNDERSTOOD = new Set<string>(Object.values(EXT));

export const EKU = {
  any: '2.5.29.37.0',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export interface Extension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

export interface PathCert {
  source: ParsedCertificate;
  /** Subject as people read it, for messages. */
  label: string;
  /** Decoding failed so badly that the certificate cannot take part in a path. */
  unusable?: string;
  /** Encoding defects a strict verifier rejects (non-DER, mismatched algorithms, bad serial). */
  malformed: string[];
  version: number;
  serial: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithm: { oid: string; params?: DerNode };
  signature: Uint8Array;
  issuerRaw: Uint8Array;
  subjectRaw: Uint8Array;
  issuerKey: string;
  subjectKey: string;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  spkiAlgorithm: string;
  extensions: Extension[];
  duplicateExtensions: string[];
  unknownCritical: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  keyUsage?: Set<string>;
  extKeyUsage?: string[];
  sans: GeneralName[];
  nameConstraints?: { permitted: GeneralName[]; excluded: GeneralName[] };
  ski?: string;
  aki?: string;
  /** Issuer and subject names compare equal (RFC 5280 §6.1: self-issued). */
  selfIssued: boolean;
}

const cache = new WeakMap<ParsedCertificate, PathCert>();
// parseCertificate hands every result for the same DER the same `der` array: the decoded view is
// shared through it, and each ParsedCertificate only gets its own `source` and label.
const byDer = new WeakMap<Uint8Array, PathCert>();

export function pathCert(cert: ParsedCertificate): PathCert {
  let view = cache.get(cert);
  if (!view) {
    const shared = byDer.get(cert.der);
    if (shared) {
      view = { ...shared, source: cert, label: cert.facts?.subject ?? shared.label };
    } else {
      view = decode(cert);
      const label = view.unusable ? '(unreadable certificate)' : view.issuerKey;
      byDer.set(cert.der, { ...view, label });
    }
    cache.set(cert, view);
  }
  return view;
}

/** Trust-anchor identity: name + key (RFC 5280 §6.1.1(d)). */
export function identityKey(view: PathCert): string {
  return `${view.subjectKey}|${hex(view.spki)}`;
}

function emptyView(cert: ParsedCertificate, reason: string): PathCert {
  return {
    source: cert,
    label: cert.facts?.subject ?? '(unreadable certificate)',
    unusable: reason,
    malformed: [reason],
    version: 0,
    serial: new Uint8Array(),
    tbs: new Uint8Array(),
    signatureAlgorithm: { oid: '' },
    signature: new Uint8Array(),
    issuerRaw: new Uint8Array(),
    subjectRaw: new Uint8Array(),
    issuerKey: '',
    subjectKey: '',
    notBefore: new Date(0),
    notAfter: new Date(0),
    spki: new Uint8Array(),
    spkiAlgorithm: '',
    extensions: [],
    duplicateExtensions: [],
    unknownCritical: [],
    sans: [],
    selfIssued: false,
  };
}

function decode(cert: ParsedCertificate): PathCert {
  const der = cert.der;
  const malformed: string[] = [];
  try {
    walk(readSingle(der));
  } catch (error) {
    malformed.push(`not valid DER: ${(error as Error).message}`);
  }
  try {
    return { ...decodeStructure(cert), malformed: [...malformed, ...structureDefects(cert)] };
  } catch (error) {
    return emptyView(cert, `cannot decode certificate: ${(error as Error).message}`);
  }
}

function algorithm(node: DerNode): { oid: string; params?: DerNode } {
  const [oid, params] = children(node, false);
  if (!oid || oid.tag !== DER_TAG.OID) throw new DerError('malformed AlgorithmIdentifier');
  return params ? { oid: decodeOid(oid.content), params } : { oid: decodeOid(oid.content) };
}

function decodeStructure(cert: ParsedCertificate): Omit<PathCert, 'malformed'> {
  const [tbsNode, sigAlgNode, sigNode] = children(readSingle(cert.der, false), false);
  if (!tbsNode || !sigAlgNode || !sigNode) throw new DerError('certificate is not 3 elements');
  const tbsParts = children(tbsNode, false);
  let i = 0;
  let version = 1;
  if (tbsParts[0]?.tag === 0xa0) {
    const [v] = children(tbsParts[0], false);
    version = (v?.content[0] ?? 0) + 1;
    i = 1;
  }
  const [serial, innerAlg, issuer, validity, subject, spki] = tbsParts.slice(i, i + 6);
  if (!serial || !innerAlg || !issuer || !validity || !subject || !spki) {
    throw new DerError('TBSCertificate is missing fields');
  }
  const [notBefore, notAfter] = children(validity, false);
  if (!notBefore || !notAfter) throw new DerError('malformed validity');
  const extensions: Extension[] = [];
  for (const part of tbsParts.slice(i + 6)) {
    if (part.tag !== 0xa3) continue; // issuer/subject unique IDs
    const [list] = children(part, false);
    for (const e of list ? children(list, false) : []) {
      const fields = children(e, false);
      const critical = fields.length === 3 && fields[1]!.content[0] !== 0;
      const value = fields[fields.length - 1]!;
      extensions.push({ oid: decodeOid(fields[0]!.content), critical, value: value.content });
    }
  }
  const sigBits = sigNode.content;
  const issuerKey = nameKey(issuer.raw);
  const subjectKey = nameKey(subject.raw);
  const seen = new Set<string>();
  const duplicateExtensions: string[] = [];
  for (const e of extensions) {
    if (seen.has(e.oid) && !duplicateExtensions.includes(e.oid)) duplicateExtensions.push(e.oid);
    seen.add(e.oid);
  }
  const view: Omit<PathCert, 'malformed'> = {
    source: cert,
    label: cert.facts?.subject ?? issuerKey,
    version,
    serial: serial.content,
    tbs: tbsNode.raw,
    signatureAlgorithm: algorithm(sigAlgNode),
    signature: sigBits.subarray(1),
    issuerRaw: issuer.raw,
    subjectRaw: subject.raw,
    issuerKey,
    subjectKey,
    notBefore: decodeTime(notBefore),
    notAfter: decodeTime(notAfter),
    spki: spki.raw,
    spkiAlgorithm: algorithm(children(spki, false)[0]!).oid,
    extensions,
    duplicateExtensions,
    unknownCritical: extensions
      .filter((e) => e.critical && !UNDERSTOOD.has(e.oid))
      .map((e) => e.oid),
    sans: [],
    selfIssued: issuerKey === subjectKey,
  };
  decodeExtensions(view);
  return view;
}

function first(view: Omit<PathCert, 'malformed'>, oid: string): Extension | undefined {
  return view.extensions.find((e) => e.oid === oid);
}

function decodeExtensions(view: Omit<PathCert, 'malformed'>): void {
  const bc = first(view, EXT.basicConstraints);
  if (bc) {
    const fields = children(readSingle(bc.value, false), false);
    let ca = false;
    let pathLength: number | undefined;
    for (const f of fields) {
      if (f.tag === DER_TAG.BOOLEAN) ca = f.content[0] !== 0;
      if (f.tag === DER_TAG.INTEGER) pathLength = Number(BigInt(`0x${hex(f.content) || '0'}`));
    }
    view.basicConstraints = pathLength === undefined ? { ca } : { ca, pathLength };
  }
  const ku = first(view, EXT.keyUsage);
  if (ku) {
    const bits = readSingle(ku.value, false).content;
    const set = new Set<string>();
    KEY_USAGE_BITS.forEach((name, bit) => {
      const byte = bits[1 + (bit >> 3)];
      if (byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0) set.add(name);
    });
    view.keyUsage = set;
  }
  const eku = first(view, EXT.extKeyUsage);
  if (eku) {
    view.extKeyUsage = children(readSingle(eku.value, false), false).map((o) =>
      decodeOid(o.content),
    );
  }
  const san = first(view, EXT.subjectAltName);
  if (san) view.sans = children(readSingle(san.value, false), false).map(parseGeneralName);
  const nc = first(view, EXT.nameConstraints);
  if (nc) {
    const out = { permitted: [] as GeneralName[], excluded: [] as GeneralName[] };
    for (const part of children(readSingle(nc.value, false), false)) {
      const target = part.tag === 0xa0 ? out.permitted : part.tag === 0xa1 ? out.excluded : null;
      for (const subtree of target ? children(part, false) : []) {
        const [base] = children(subtree, false);
        if (base) target!.push(parseGeneralName(base));
      }
    }
    view.nameConstraints = out;
  }
  const ski = first(view, EXT.subjectKeyIdentifier);
  if (ski) view.ski = hex(readSingle(ski.value, false).content);
  const aki = first(view, EXT.authorityKeyIdentifier);
  if (aki) {
    const keyId = children(readSingle(aki.value, false), false).find((n) => n.tag === 0x80);
    if (keyId) view.aki = hex(keyId.content);
  }
}

/** Defects that strict verifiers reject even when every byte is valid DER. */
function structureDefects(cert: ParsedCertificate): string[] {
  const out: string[] = [];
  const [tbsNode, sigAlgNode] = children(readSingle(cert.der, false), false);
  const tbsParts = children(tbsNode!, false);
  const offset = tbsParts[0]?.tag === 0xa0 ? 1 : 0;
  const serial = tbsParts[offset]!;
  const innerAlg = tbsParts[offset + 1]!;
  // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal the TBS signature field.
  if (!bytesEqual(innerAlg.raw, sigAlgNode!.raw)) {
    out.push(
      'the signature algorithm differs between the certificate and its TBS (RFC 5280 §4.1.1.2)',
    );
  }
  // RFC 5280 §4.1.2.2: positive, at most 20 octets; like pyca, tolerate a 21st leading zero octet.
  const s = serial.content;
  if (s.length > 0 && (s[0]! & 0x80) !== 0)
    out.push('the serial number is negative (RFC 5280 §4.1.2.2)');
  else if (s.every((b) => b === 0)) out.push('the serial number is zero (RFC 5280 §4.1.2.2)');
  if (s.length > 21 || (s.length === 21 && s[0] !== 0)) {
    out.push(`the serial number is ${s.length} octets, longer than 20 (RFC 5280 §4.1.2.2)`);
  }
  // RFC 5280 §4.1.2.1: extensions require v3.
  if (offset === 1) {
    const [v] = children(tbsParts[0]!, false);
    if (v && v.content.length === 1 && v.content[0] === 0) {
      out.push('the version is explicitly encoded as v1, which DER forbids (DEFAULT value)');
    }
  }
  const version = offset === 1 ? (children(tbsParts[0]!, false)[0]?.content[0] ?? 0) + 1 : 1;
  if (version < 3 && tbsParts.slice(offset + 6).some((p) => p.tag === 0xa3)) {
    out.push(`extensions in a v${version} certificate (RFC 5280 §4.1.2.1)`);
  }
  for (const part of tbsParts.slice(offset + 6)) {
    if (part.tag !== 0xa3) continue;
    const [list] = children(part, false);
    for (const e of list ? children(list, false) : []) {
      const fields = children(e, false);
      const oid = decodeOid(fields[0]!.content);
      if (fields.length === 3 && fields[1]!.content[0] === 0) {
        out.push(`extension ${oid} encodes critical=FALSE, which DER forbids (DEFAULT value)`);
      }
      try {
        walk(readSingle(fields[fields.length - 1]!.content));
      } catch (error) {
        out.push(`extension ${oid} is not valid DER: ${(error as Error).message}`);
      }
    }
  }
  return out;
}
