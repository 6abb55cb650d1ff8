// One X.509 certificate → the facts every check reads, read once per distinct DER; anything a
// check needs is extracted here so rules never touch ASN.1. The pkijs object (signature checks of
// revocation responses) is built only when asked for.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CertificateSummary } from '../model.js';
import { oidText } from './der.js';
import { commonNameOf, nameAttributes, renderName, type NameAttribute } from './names.js';
import {
  CURVES,
  EKU_NAMES,
  HASH_ALGORITHMS,
  KEY_ALGORITHMS,
  KEY_USAGE_BITS,
  RSASSA_PSS,
  SIGNATURE_ALGORITHMS,
} from './oids.js';
import { bytesEqual, children, decodeTime, readSingle, type DerNode } from './path/der.js';
import type {
  CertificateFacts,
  HashName,
  ParsedCertificate,
  PublicKeyFacts,
  SignatureAlgorithmFacts,
} from './types.js';

export const DAY_MS = 86_400_000;

/** Whole days from `now` until `date` (negative once it has passed): the one rounding rule. */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

/** `2026-06-21` (UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export const OID = {
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
} as const;

/** Extensions whose meaning tls-gate (or path validation through pkijs) acts on. */
const KNOWN_EXTENSIONS = new Set<string>(Object.values(OID));

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

function bitLength(unsignedBigEndian: Uint8Array): number {
  let i = 0;
  while (i < unsignedBigEndian.length && unsignedBigEndian[i] === 0) i++;
  if (i === unsignedBigEndian.length) return 0;
  return (unsignedBigEndian.length - i - 1) * 8 + (32 - Math.clz32(unsignedBigEndian[i] as number));
}

function toSafeNumber(bytes: Uint8Array): number {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function parseDer(bytes: Uint8Array | ArrayBuffer, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) throw new Error(`${what}: ${parsed.result.error || 'malformed DER'}`);
  return parsed.result;
}

function asn1Children(block: asn1js.AsnType | undefined): asn1js.AsnType[] {
  return block instanceof asn1js.Constructed ? block.valueBlock.value : [];
}

// Key facts from the parts both routes read (the pkijs and the DER route differ only in reading).

function rsaKeyFacts(
  algorithmOid: string,
  modulus: Uint8Array,
  exponent: Uint8Array,
): PublicKeyFacts {
  return { type: 'rsa', algorithmOid, bits: bitLength(modulus), exponent: toSafeNumber(exponent) };
}

/** `curve`: the named-curve OID, undefined for explicit parameters. */
function ecKeyFacts(
  algorithmOid: string,
  curve: string | undefined,
  keyBytes: Uint8Array,
): PublicKeyFacts {
  // Unknown or explicit curve: size it from the uncompressed point (04 || X || Y).
  const pointBits = ((keyBytes.length - 1) / 2) * 8;
  if (curve === undefined) return { type: 'ec', algorithmOid, bits: pointBits, curve: 'explicit' };
  const known = CURVES[curve];
  return { type: 'ec', algorithmOid, bits: known?.bits ?? pointBits, curve: known?.name ?? curve };
}

/** Key types read from the algorithm alone. */
function otherKeyFacts(algorithmOid: string, keyBytes: Uint8Array): PublicKeyFacts {
  switch (algorithmOid) {
    case KEY_ALGORITHMS.ed25519:
      return { type: 'ed25519', algorithmOid, bits: 256 };
    case KEY_ALGORITHMS.ed448:
      return { type: 'ed448', algorithmOid, bits: 456 };
    default:
      return { type: 'unknown', algorithmOid, bits: keyBytes.length * 8 };
  }
}

function publicKeyFacts(spki: pkijs.PublicKeyInfo): PublicKeyFacts {
  const algorithmOid = spki.algorithm.algorithmId;
  const keyBytes = spki.subjectPublicKey.valueBlock.valueHexView;
  const params = spki.algorithm.algorithmParams as asn1js.AsnType | undefined;
  switch (algorithmOid) {
    case KEY_ALGORITHMS.rsa:
    case RSASSA_PSS: {
      const [modulus, exponent] = asn1Children(parseDer(keyBytes, 'RSA public key'));
      if (!(modulus instanceof asn1js.Integer) || !(exponent instanceof asn1js.Integer)) {
        throw new Error('RSA public key: expected modulus and exponent');
      }
      return rsaKeyFacts(
        algorithmOid,
        modulus.valueBlock.valueHexView,
        exponent.valueBlock.valueHexView,
      );
    }
    case KEY_ALGORITHMS.ec: {
      const curve =
        params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined;
      return ecKeyFacts(algorithmOid, curve, keyBytes);
    }
    case KEY_ALGORITHMS.dsa: {
      const [p] = asn1Children(params);
      const bits = p instanceof asn1js.Integer ? bitLength(p.valueBlock.valueHexView) : 0;
      return { type: 'dsa', algorithmOid, bits };
    }
    default:
      return otherKeyFacts(algorithmOid, keyBytes);
  }
}

function pssHash(params: unknown): HashName {
  // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... }
  for (const field of asn1Children(params as asn1js.AsnType)) {
    if (field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 0) {
      const [algorithm] = asn1Children(asn1Children(field)[0]);
      if (!(algorithm instanceof asn1js.ObjectIdentifier)) return 'unknown';
      return HASH_ALGORITHMS[algorithm.valueBlock.toString()] ?? 'unknown';
    }
  }
  return 'sha1';
}

/** Name and hash of a signature algorithm; RSASSA-PSS takes its hash from the parameters. */
function signatureFacts(oid: string, hashOfPss: () => HashName): SignatureAlgorithmFacts {
  if (oid === RSASSA_PSS) return { oid, name: 'RSASSA-PSS', hash: hashOfPss() };
  const known = SIGNATURE_ALGORITHMS[oid];
  return known ? { oid, name: known.name, hash: known.hash } : { oid, name: oid, hash: 'unknown' };
}

interface GeneralNames {
  dns: string[];
  ip: string[];
  email: string[];
  uri: string[];
}

/** Canonical text of an iPAddress SAN: dotted IPv4, RFC 5952 IPv6; odd lengths as hex. */
export function ipToText(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return `#${hex(bytes)}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // The longest run (≥ 2) of zero groups becomes `::`, the first one on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart === -1) return text.join(':');
  const head = text.slice(0, bestStart).join(':');
  const tail = text.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** GeneralNames from raw DER; IA5 values are kept byte for byte so bad characters stay visible. */
function generalNames(der: Uint8Array): GeneralNames {
  const names: GeneralNames = { dns: [], ip: [], email: [], uri: [] };
  const sequence = parseDer(der, 'subjectAltName');
  if (!(sequence instanceof asn1js.Sequence)) throw new Error('subjectAltName: not a SEQUENCE');
  for (const name of sequence.valueBlock.value) {
    if (name.idBlock.tagClass !== 3) throw new Error('subjectAltName: not a GeneralName');
    const value = (name as asn1js.Primitive).valueBlock.valueHexView;
    switch (name.idBlock.tagNumber) {
      case 1:
        names.email.push(latin1(value));
        break;
      case 2:
        names.dns.push(latin1(value));
        break;
      case 6:
        names.uri.push(latin1(value));
        break;
      case 7:
        names.ip.push(ipToText(value));
        break;
      default:
        // otherName, directoryName, …: not used for TLS server identity.
        break;
    }
  }
  return names;
}

function parsed<T>(extension: pkijs.Extension, type: new () => T, name: string): T {
  const value = extension.parsedValue as unknown;
  if (!(value instanceof type) || (value as { parsingError?: string }).parsingError) {
    throw new Error(`${name} extension is malformed`);
  }
  return value;
}

function bitNames(bytes: Uint8Array, names: readonly string[]): string[] {
  return names.filter((_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

function sctCount(octets: Uint8Array): number {
  // The value is an OCTET STRING wrapping a TLS SignedCertificateTimestampList (RFC 6962 §3.3).
  const inner = parseDer(octets, 'SCT list');
  if (!(inner instanceof asn1js.OctetString)) throw new Error('SCT list: not an OCTET STRING');
  return sctCountOf(inner.valueBlock.valueHexView);
}

function sctCountOf(tls: Uint8Array): number {
  if (tls.length < 2) return 0;
  const end = Math.min(tls.length, 2 + (((tls[0] as number) << 8) | (tls[1] as number)));
  let count = 0;
  for (let at = 2; at + 2 <= end; count++) {
    const length = ((tls[at] as number) << 8) | (tls[at + 1] as number);
    if (length === 0 || at + 2 + length > end) break;
    at += 2 + length;
  }
  return count;
}

function urisOf(names: pkijs.GeneralName[] | undefined): string[] {
  return (names ?? []).filter((n) => n.type === 6).map((n) => String(n.value));
}

function extensionFacts(cert: pkijs.Certificate) {
  const facts: Partial<CertificateFacts> & GeneralNames = {
    dns: [],
    ip: [],
    email: [],
    uri: [],
  };
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  const crl: string[] = [];
  let scts = 0;
  let mustStaple = false;
  const list: CertificateFacts['extensions'] = [];
  for (const extension of cert.extensions ?? []) {
    const oid = extension.extnID;
    const raw = extension.extnValue.valueBlock.valueHexView;
    list.push({ oid, critical: extension.critical, known: KNOWN_EXTENSIONS.has(oid) });
    switch (oid) {
      case OID.subjectAltName:
        Object.assign(facts, generalNames(raw));
        break;
      case OID.basicConstraints: {
        const bc = parsed(extension, pkijs.BasicConstraints, 'basicConstraints');
        const length = bc.pathLenConstraint;
        facts.basicConstraints = { ca: bc.cA, critical: extension.critical };
        if (length !== undefined) {
          facts.basicConstraints.pathLength =
            typeof length === 'number' ? length : length.valueBlock.valueDec;
        }
        break;
      }
      case OID.keyUsage: {
        const bits = parseDer(raw, 'keyUsage');
        if (!(bits instanceof asn1js.BitString)) throw new Error('keyUsage extension is malformed');
        facts.keyUsage = bitNames(bits.valueBlock.valueHexView, KEY_USAGE_BITS);
        break;
      }
      case OID.extKeyUsage:
        facts.extKeyUsage = parsed(extension, pkijs.ExtKeyUsage, 'extKeyUsage').keyPurposes.map(
          (purpose) => EKU_NAMES[purpose] ?? purpose,
        );
        break;
      case OID.subjectKeyIdentifier: {
        const ski = parseDer(raw, 'subjectKeyIdentifier');
        if (!(ski instanceof asn1js.OctetString))
          throw new Error('subjectKeyIdentifier is malformed');
        facts.subjectKeyIdentifier = hex(ski.valueBlock.valueHexView);
        break;
      }
      case OID.authorityKeyIdentifier: {
        const aki = parsed(extension, pkijs.AuthorityKeyIdentifier, 'authorityKeyIdentifier');
        if (aki.keyIdentifier)
          facts.authorityKeyIdentifier = hex(aki.keyIdentifier.valueBlock.valueHexView);
        break;
      }
      case OID.authorityInfoAccess:
        for (const access of parsed(extension, pkijs.InfoAccess, 'authorityInfoAccess')
          .accessDescriptions) {
          const uris = urisOf([access.accessLocation]);
          if (access.accessMethod === '1.3.6.1.5.5.7.48.1') ocsp.push(...uris);
          if (access.accessMethod === '1.3.6.1.5.5.7.48.2') caIssuers.push(...uris);
        }
        break;
      case OID.crlDistributionPoints:
        for (const point of parsed(extension, pkijs.CRLDistributionPoints, 'cRLDistributionPoints')
          .distributionPoints) {
          if (Array.isArray(point.distributionPoint)) crl.push(...urisOf(point.distributionPoint));
        }
        break;
      case OID.sctList:
        scts = sctCount(raw);
        break;
      case OID.tlsFeature:
        // TLSFeature ::= SEQUENCE OF INTEGER; 5 = status_request (RFC 7633).
        mustStaple = asn1Children(parseDer(raw, 'TLS feature')).some(
          (feature) => feature instanceof asn1js.Integer && feature.valueBlock.valueDec === 5,
        );
        break;
      default:
        break;
    }
  }
  return { facts, ocsp, caIssuers, crl, scts, mustStaple, list };
}

// ---- The DER route: the same facts read straight from the encoding -------------------------
// Strict DER only (path/der.ts); whatever it does not expect makes it decline (undefined), and the
// pkijs route decides. It must never accept what pkijs rejects nor read a value differently:
// __tests__/x509/facts-equivalence.test.ts compares both over a corpus of ordinary and odd
// certificates.

class Decline extends Error {}

function expect_(condition: unknown): asserts condition {
  if (!condition) throw new Decline();
}

function tagged(node: DerNode | undefined, tag: number): DerNode {
  expect_(node !== undefined && node.tag === tag);
  return node;
}

function single(bytes: Uint8Array, tag: number): DerNode {
  return tagged(readSingle(bytes), tag);
}

/** The elements of a SEQUENCE SIZE (1..MAX) OF, the whole of `raw`. */
function nonEmptySequence(raw: Uint8Array): DerNode[] {
  const items = children(single(raw, 0x30));
  expect_(items.length > 0);
  return items;
}

/** The fields of a SEQUENCE that has exactly `count` of them. */
function sequence(node: DerNode | undefined, count: number): DerNode[] {
  const fields = children(tagged(node, 0x30));
  expect_(fields.length === count);
  return fields;
}

function algorithmOf(node: DerNode): { oid: string; params?: DerNode } {
  const parts = children(tagged(node, 0x30));
  expect_(parts.length === 1 || parts.length === 2);
  const oid = oidText(tagged(parts[0], 0x06).content);
  return parts[1] ? { oid, params: parts[1] } : { oid };
}

/** asn1js BIT STRING bytes (the unused-bits octet dropped); only whole-octet strings here. */
function bitStringBytes(node: DerNode): Uint8Array {
  tagged(node, 0x03);
  expect_(node.content[0] === 0);
  return node.content.subarray(1);
}

function smallUnsigned(node: DerNode): number {
  tagged(node, 0x02);
  expect_(node.content.length <= 2 && (node.content[0] as number) < 0x80);
  return node.content.reduce((value, byte) => value * 256 + byte, 0);
}

function derPublicKeyFacts(spki: DerNode): PublicKeyFacts {
  const parts = sequence(spki, 2);
  const { oid: algorithmOid, params } = algorithmOf(parts[0] as DerNode);
  const keyBytes = bitStringBytes(parts[1] as DerNode);
  switch (algorithmOid) {
    case KEY_ALGORITHMS.rsa:
    case RSASSA_PSS: {
      const fields = children(single(keyBytes, 0x30));
      expect_(fields.length === 2);
      const [modulus, exponent] = fields.map((f) => tagged(f, 0x02).content);
      return rsaKeyFacts(algorithmOid, modulus as Uint8Array, exponent as Uint8Array);
    }
    case KEY_ALGORITHMS.ec:
      return ecKeyFacts(
        algorithmOid,
        params?.tag === 0x06 ? oidText(params.content) : undefined,
        keyBytes,
      );
    case KEY_ALGORITHMS.dsa: {
      const p = params?.constructed ? children(params)[0] : undefined;
      return { type: 'dsa', algorithmOid, bits: p?.tag === 0x02 ? bitLength(p.content) : 0 };
    }
    default:
      return otherKeyFacts(algorithmOid, keyBytes);
  }
}

function derPssHash(params: DerNode | undefined): HashName {
  for (const field of params?.constructed ? children(params) : []) {
    if ((field.tag & 0xdf) !== 0x80) continue; // [0], primitive or constructed
    const inner = field.constructed ? children(field)[0] : undefined;
    const algorithm = inner?.constructed ? children(inner)[0] : undefined;
    if (algorithm?.tag !== 0x06) return 'unknown';
    return HASH_ALGORITHMS[oidText(algorithm.content)] ?? 'unknown';
  }
  return 'sha1';
}

function derGeneralNames(raw: Uint8Array): GeneralNames {
  const names: GeneralNames = { dns: [], ip: [], email: [], uri: [] };
  for (const name of children(single(raw, 0x30))) {
    expect_((name.tag & 0xc0) === 0x80);
    const text = [1, 2, 6, 7].includes(name.tag & 0x1f);
    expect_(!(text && name.constructed));
    if (name.tag === 0x81) names.email.push(latin1(name.content));
    else if (name.tag === 0x82) names.dns.push(latin1(name.content));
    else if (name.tag === 0x86) names.uri.push(latin1(name.content));
    else if (name.tag === 0x87) names.ip.push(ipToText(name.content));
  }
  return names;
}

/** A URI GeneralName; any other kind declines (pkijs would validate its inner structure). */
function uriOf(name: DerNode | undefined): string {
  return latin1(tagged(name, 0x86).content);
}

function derExtensionFacts(list: DerNode | undefined): ReturnType<typeof extensionFacts> {
  const facts: Partial<CertificateFacts> & GeneralNames = { dns: [], ip: [], email: [], uri: [] };
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  const crl: string[] = [];
  let scts = 0;
  let mustStaple = false;
  const out: CertificateFacts['extensions'] = [];
  const extensions = list ? children(tagged(list, 0x30)) : [];
  expect_(list === undefined || extensions.length > 0);
  for (const extension of extensions) {
    const fields = children(tagged(extension, 0x30));
    expect_(fields.length === 2 || fields.length === 3);
    const oid = oidText(tagged(fields[0], 0x06).content);
    const critical = fields.length === 3 && tagged(fields[1], 0x01).content[0] !== 0;
    const raw = tagged(fields[fields.length - 1], 0x04).content;
    out.push({ oid, critical, known: KNOWN_EXTENSIONS.has(oid) });
    switch (oid) {
      case OID.subjectAltName:
        Object.assign(facts, derGeneralNames(raw));
        break;
      case OID.basicConstraints: {
        const parts = children(single(raw, 0x30));
        const ca = parts[0]?.tag === 0x01 ? (parts.shift() as DerNode).content[0] !== 0 : false;
        expect_(parts.length <= 1);
        facts.basicConstraints = { ca, critical };
        if (parts[0]) facts.basicConstraints.pathLength = smallUnsigned(parts[0]);
        break;
      }
      case OID.keyUsage: {
        const bits = single(raw, 0x03);
        facts.keyUsage = bitNames(bits.content.subarray(1), KEY_USAGE_BITS);
        break;
      }
      case OID.extKeyUsage: {
        facts.extKeyUsage = nonEmptySequence(raw).map((p) => {
          const purpose = oidText(tagged(p, 0x06).content);
          return EKU_NAMES[purpose] ?? purpose;
        });
        break;
      }
      case OID.subjectKeyIdentifier:
        facts.subjectKeyIdentifier = hex(single(raw, 0x04).content);
        break;
      case OID.authorityKeyIdentifier: {
        let last = 0;
        for (const part of children(single(raw, 0x30))) {
          const order = [0x80, 0xa1, 0x82].indexOf(part.tag) + 1;
          expect_(order > last);
          last = order;
          if (part.tag === 0x80) facts.authorityKeyIdentifier = hex(part.content);
        }
        break;
      }
      case OID.authorityInfoAccess: {
        for (const access of nonEmptySequence(raw)) {
          const parts = sequence(access, 2);
          const method = oidText(tagged(parts[0], 0x06).content);
          const uri = uriOf(parts[1]);
          if (method === '1.3.6.1.5.5.7.48.1') ocsp.push(uri);
          if (method === '1.3.6.1.5.5.7.48.2') caIssuers.push(uri);
        }
        break;
      }
      case OID.crlDistributionPoints: {
        for (const point of nonEmptySequence(raw)) {
          const parts = sequence(point, 1);
          const name = children(tagged(parts[0], 0xa0));
          expect_(name.length === 1);
          const fullName = children(tagged(name[0], 0xa0));
          expect_(fullName.length > 0);
          crl.push(...fullName.map(uriOf));
        }
        break;
      }
      case OID.sctList:
        scts = sctCountOf(single(raw, 0x04).content);
        break;
      case OID.tlsFeature:
        mustStaple = children(single(raw, 0x30)).some((feature) => {
          expect_(tagged(feature, 0x02).content.length === 1);
          return feature.content[0] === 5;
        });
        break;
      default:
        break;
    }
  }
  return { facts, ocsp, caIssuers, crl, scts, mustStaple, list: out };
}

/** Reads every nested element, as asn1js does, declining on what it would reject or flag. */
function walkAll(node: DerNode): void {
  if (node.tag === 0x1e) expect_(node.content.length % 2 === 0); // BMPString
  if (node.tag === 0x1c) expect_(node.content.length % 4 === 0); // UniversalString
  if (node.constructed) for (const child of children(node)) walkAll(child);
}

/**
 * Facts read directly from DER, or undefined when the encoding is anything but plain strict DER
 * of the shapes tls-gate reads (then factsViaPkijs decides).
 */
export function factsViaDer(
  bytes: Uint8Array,
  sha256 = sha256Hex(bytes),
): CertificateFacts | undefined {
  try {
    const certificate = single(bytes, 0x30);
    walkAll(certificate);
    const top = children(certificate);
    expect_(top.length === 3);
    const [tbs, signatureAlgorithm, signatureValue] = top as [DerNode, DerNode, DerNode];
    tagged(tbs, 0x30);
    tagged(signatureValue, 0x03);
    const fields = children(tbs);
    let version = 1;
    if (fields[0]?.tag === 0xa0) {
      const inner = children(fields.shift() as DerNode);
      expect_(inner.length === 1);
      version = smallUnsigned(inner[0] as DerNode) + 1;
    }
    const [serial, innerAlgorithm, issuer, validity, subject, spki, ...rest] = fields;
    tagged(serial, 0x02);
    algorithmOf(innerAlgorithm as DerNode);
    const times = children(tagged(validity, 0x30));
    expect_(times.length === 2 && times.every((t) => t.tag === 0x17 || t.tag === 0x18));
    let last = 0;
    for (const part of rest) {
      const order = [0x81, 0x82, 0xa3].indexOf(part.tag) + 1;
      expect_(order > last);
      last = order;
    }
    const extensions = rest.find((part) => part.tag === 0xa3);
    const extensionList = extensions ? children(extensions) : undefined;
    expect_(extensionList === undefined || extensionList.length === 1);
    const subjectRdns = nameAttributes(tagged(subject, 0x30).raw);
    const issuerRdns = nameAttributes(tagged(issuer, 0x30).raw);
    const algorithm = algorithmOf(signatureAlgorithm);
    return assembleFacts({
      version,
      subjectRdns,
      issuerRdns,
      serialNumber: hex((serial as DerNode).content),
      notBefore: decodeTime(times[0] as DerNode),
      notAfter: decodeTime(times[1] as DerNode),
      ext: derExtensionFacts(extensionList?.[0]),
      publicKey: derPublicKeyFacts(spki as DerNode),
      signatureAlgorithm: signatureFacts(algorithm.oid, () => derPssHash(algorithm.params)),
      sha256,
      selfIssued: bytesEqual((subject as DerNode).raw, (issuer as DerNode).raw),
    });
  } catch {
    return undefined;
  }
}

interface FactParts {
  version: number;
  subjectRdns: NameAttribute[][];
  issuerRdns: NameAttribute[][];
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  ext: ReturnType<typeof extensionFacts>;
  publicKey: PublicKeyFacts;
  signatureAlgorithm: SignatureAlgorithmFacts;
  sha256: string;
  selfIssued: boolean;
}

/** The one place facts are assembled, so both routes give the same shape and key order. */
function assembleFacts(parts: FactParts): CertificateFacts {
  const { facts: ext, ocsp, caIssuers, crl, scts, mustStaple, list } = parts.ext;
  const facts: CertificateFacts = {
    version: parts.version,
    subject: renderName(parts.subjectRdns),
    issuer: renderName(parts.issuerRdns),
    serialNumber: parts.serialNumber,
    notBefore: parts.notBefore,
    notAfter: parts.notAfter,
    dnsNames: ext.dns,
    ipAddresses: ext.ip,
    emailAddresses: ext.email,
    uris: ext.uri,
    publicKey: parts.publicKey,
    signatureAlgorithm: parts.signatureAlgorithm,
    ocspUrls: ocsp,
    caIssuerUrls: caIssuers,
    crlUrls: crl,
    sctCount: scts,
    mustStaple,
    extensions: list,
    sha256: parts.sha256,
    selfIssued: parts.selfIssued,
  };
  const cn = commonNameOf(parts.subjectRdns);
  if (cn !== undefined) facts.subjectCommonName = cn;
  if (ext.basicConstraints) facts.basicConstraints = ext.basicConstraints;
  if (ext.keyUsage) facts.keyUsage = ext.keyUsage;
  if (ext.extKeyUsage) facts.extKeyUsage = ext.extKeyUsage;
  if (ext.subjectKeyIdentifier) facts.subjectKeyIdentifier = ext.subjectKeyIdentifier;
  if (ext.authorityKeyIdentifier) facts.authorityKeyIdentifier = ext.authorityKeyIdentifier;
  return facts;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The full pkijs object; throws the errors parseCertificate reports for non-certificates. */
function pkijsCertificate(bytes: Uint8Array): pkijs.Certificate {
  const asn1 = asn1js.fromBER(bytes);
  if (asn1.offset === -1) {
    const error = asn1.result.error;
    throw new Error(
      /end of input|too short|length/i.test(error)
        ? `truncated DER (${error})`
        : `malformed DER (${error || 'unparseable'})`,
    );
  }
  if (asn1.offset < bytes.length) {
    throw new Error(`trailing data: ${bytes.length - asn1.offset} bytes after the certificate`);
  }
  try {
    return new pkijs.Certificate({ schema: asn1.result });
  } catch (error) {
    throw new Error(`not an X.509 certificate (${error instanceof Error ? error.message : error})`);
  }
}

/**
 * Facts through the asn1js/pkijs schema: the reference route, taken for anything the DER route
 * declines (BER quirks, unusual encodings). Throws a clear Error when the DER is no certificate.
 */
export function factsViaPkijs(bytes: Uint8Array): {
  facts: CertificateFacts;
  cert: pkijs.Certificate;
} {
  const cert = pkijsCertificate(bytes);
  const subjectRdns = nameAttributes(cert.subject.valueBeforeDecode);
  const issuerRdns = nameAttributes(cert.issuer.valueBeforeDecode);
  const facts = assembleFacts({
    // pkijs keeps the encoded value: 0 = v1, 2 = v3.
    version: cert.version + 1,
    subjectRdns,
    issuerRdns,
    serialNumber: hex(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    ext: extensionFacts(cert),
    publicKey: publicKeyFacts(cert.subjectPublicKeyInfo),
    signatureAlgorithm: signatureFacts(cert.signatureAlgorithm.algorithmId, () =>
      pssHash(cert.signatureAlgorithm.algorithmParams),
    ),
    sha256: sha256Hex(bytes),
    selfIssued: Buffer.from(cert.subject.valueBeforeDecode).equals(
      Buffer.from(cert.issuer.valueBeforeDecode),
    ),
  });
  return { facts, cert };
}

/** One decoded certificate, shared by every ParsedCertificate made from the same DER. */
interface Decoded {
  der: Uint8Array;
  facts: CertificateFacts;
  cert?: pkijs.Certificate;
}

// A process holds few distinct certificates (an intermediate shared by 1,000 files is one entry);
// the bound only keeps a long-lived process from growing without limit.
const DECODED = new Map<string, Decoded>();
const DECODED_LIMIT = 4096;

function remember(key: string, decoded: Decoded): void {
  if (DECODED.size >= DECODED_LIMIT) DECODED.delete(DECODED.keys().next().value as string);
  DECODED.set(key, decoded);
}

/**
 * Parses one DER certificate. Throws an Error with a clear message when the DER is not a
 * certificate (the decoder turns that into a problem naming the block).
 *
 * Facts come from a direct DER read (tens of microseconds) unless the encoding is unusual, then
 * from pkijs; both give identical facts. Results are shared per DER within the process, so
 * `facts` and `der` are read-only. `pkijs` is built on first access only.
 */
export function parseCertificate(
  der: Uint8Array,
  origin: ParsedCertificate['origin'],
): ParsedCertificate {
  const sha256 = sha256Hex(der);
  let decoded = DECODED.get(sha256);
  if (!decoded) {
    const bytes = new Uint8Array(der);
    const facts = factsViaDer(bytes, sha256);
    if (facts) decoded = { der: bytes, facts };
    else {
      const viaPkijs = factsViaPkijs(bytes);
      decoded = { der: bytes, facts: viaPkijs.facts, cert: viaPkijs.cert };
    }
    remember(sha256, decoded);
  }
  const shared = decoded;
  const parsed = { der: shared.der, facts: shared.facts } as ParsedCertificate;
  Object.defineProperty(parsed, 'pkijs', {
    enumerable: true,
    configurable: true,
    get: () => (shared.cert ??= pkijsCertificate(shared.der)),
    set: (value: pkijs.Certificate) => {
      Object.defineProperty(parsed, 'pkijs', { value, writable: true, enumerable: true });
    },
  });
  parsed.origin = origin;
  return parsed;
}

function describeKey(key: PublicKeyFacts): string {
  switch (key.type) {
    case 'rsa':
      return `RSA ${key.bits}`;
    case 'ec':
      return `EC ${key.curve ?? key.bits}`;
    case 'dsa':
      return `DSA ${key.bits}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    default:
      return `unknown (${key.algorithmOid})`;
  }
}

/** A short description of a certificate for reports. */
export function summarizeCertificate(cert: ParsedCertificate, now: Date): CertificateSummary {
  const f = cert.facts;
  return {
    subject: f.subject,
    issuer: f.issuer,
    serialNumber: f.serialNumber,
    notBefore: f.notBefore.toISOString(),
    notAfter: f.notAfter.toISOString(),
    daysLeft: daysUntil(f.notAfter, now),
    dnsNames: f.dnsNames,
    ipAddresses: f.ipAddresses,
    publicKey: describeKey(f.publicKey),
    signatureAlgorithm: f.signatureAlgorithm.name,
    sha256: f.sha256,
  };
}
