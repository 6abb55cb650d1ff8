// One X.509 certificate → the facts every check reads. Parsed once with asn1js/pkijs; anything a
// check needs is extracted here so rules never touch ASN.1.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CertificateSummary } from '../model.js';
import { commonNameOf, nameAttributes, renderName } from './names.js';
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

const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; hash: HashName }>> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa-with-SHA224', hash: 'sha224' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', hash: 'sha256' },
  '1.3.101.112': { name: 'Ed25519', hash: 'none' },
  '1.3.101.113': { name: 'Ed448', hash: 'none' },
};

const RSASSA_PSS = '1.2.840.113549.1.1.10';

const HASH_ALGORITHMS: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.2': 'md2',
  '1.2.840.113549.2.4': 'md4',
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
  '1.2.840.10045.3.1.1': { name: 'P-192', bits: 192 },
  '1.3.132.0.33': { name: 'P-224', bits: 224 },
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
};

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.4.1.311.10.3.3': 'msSGC',
  '2.16.840.1.113730.4.1': 'nsSGC',
};

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

function children(block: asn1js.AsnType | undefined): asn1js.AsnType[] {
  return block instanceof asn1js.Constructed ? block.valueBlock.value : [];
}

function publicKeyFacts(spki: pkijs.PublicKeyInfo): PublicKeyFacts {
  const algorithmOid = spki.algorithm.algorithmId;
  const keyBytes = spki.subjectPublicKey.valueBlock.valueHexView;
  const params = spki.algorithm.algorithmParams as asn1js.AsnType | undefined;
  switch (algorithmOid) {
    case '1.2.840.113549.1.1.1':
    case RSASSA_PSS: {
      const [modulus, exponent] = children(parseDer(keyBytes, 'RSA public key'));
      if (!(modulus instanceof asn1js.Integer) || !(exponent instanceof asn1js.Integer)) {
        throw new Error('RSA public key: expected modulus and exponent');
      }
      return {
        type: 'rsa',
        algorithmOid,
        bits: bitLength(modulus.valueBlock.valueHexView),
        exponent: toSafeNumber(exponent.valueBlock.valueHexView),
      };
    }
    case '1.2.840.10045.2.1': {
      if (params instanceof asn1js.ObjectIdentifier) {
        const oid = params.valueBlock.toString();
        const known = CURVES[oid];
        // Unknown named curve: size it from the uncompressed point (04 || X || Y).
        const bits = known?.bits ?? ((keyBytes.length - 1) / 2) * 8;
        return { type: 'ec', algorithmOid, bits, curve: known?.name ?? oid };
      }
      return { type: 'ec', algorithmOid, bits: ((keyBytes.length - 1) / 2) * 8, curve: 'explicit' };
    }
    case '1.2.840.10040.4.1': {
      const [p] = children(params);
      const bits = p instanceof asn1js.Integer ? bitLength(p.valueBlock.valueHexView) : 0;
      return { type: 'dsa', algorithmOid, bits };
    }
    case '1.3.101.112':
      return { type: 'ed25519', algorithmOid, bits: 256 };
    case '1.3.101.113':
      return { type: 'ed448', algorithmOid, bits: 456 };
    default:
      return { type: 'unknown', algorithmOid, bits: keyBytes.length * 8 };
  }
}

function pssHash(params: unknown): HashName {
  // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... }
  for (const field of children(params as asn1js.AsnType)) {
    if (field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 0) {
      const [algorithm] = children(children(field)[0]);
      if (!(algorithm instanceof asn1js.ObjectIdentifier)) return 'unknown';
      return HASH_ALGORITHMS[algorithm.valueBlock.toString()] ?? 'unknown';
    }
  }
  return 'sha1';
}

function signatureFacts(algorithm: pkijs.AlgorithmIdentifier): SignatureAlgorithmFacts {
  const oid = algorithm.algorithmId;
  if (oid === RSASSA_PSS)
    return { oid, name: 'RSASSA-PSS', hash: pssHash(algorithm.algorithmParams) };
  const known = SIGNATURE_ALGORITHMS[oid];
  return known ? { oid, ...known } : { oid, name: oid, hash: 'unknown' };
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

function bitNames(bits: asn1js.BitString, names: readonly string[]): string[] {
  const bytes = bits.valueBlock.valueHexView;
  return names.filter((_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

function sctCount(octets: Uint8Array): number {
  // The value is an OCTET STRING wrapping a TLS SignedCertificateTimestampList (RFC 6962 §3.3).
  const inner = parseDer(octets, 'SCT list');
  if (!(inner instanceof asn1js.OctetString)) throw new Error('SCT list: not an OCTET STRING');
  const tls = inner.valueBlock.valueHexView;
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
        facts.keyUsage = bitNames(bits, KEY_USAGE_BITS);
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
        mustStaple = children(parseDer(raw, 'TLS feature')).some(
          (feature) => feature instanceof asn1js.Integer && feature.valueBlock.valueDec === 5,
        );
        break;
      default:
        break;
    }
  }
  return { facts, ocsp, caIssuers, crl, scts, mustStaple, list };
}

/**
 * Parses one DER certificate. Throws an Error with a clear message when the DER is not a
 * certificate (the decoder turns that into a problem naming the block).
 */
export function parseCertificate(
  der: Uint8Array,
  origin: ParsedCertificate['origin'],
): ParsedCertificate {
  const bytes = new Uint8Array(der);
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
  let cert: pkijs.Certificate;
  try {
    cert = new pkijs.Certificate({ schema: asn1.result });
  } catch (error) {
    throw new Error(`not an X.509 certificate (${error instanceof Error ? error.message : error})`);
  }
  const subjectRdns = nameAttributes(cert.subject.valueBeforeDecode);
  const issuerRdns = nameAttributes(cert.issuer.valueBeforeDecode);
  const { facts: ext, ocsp, caIssuers, crl, scts, mustStaple, list } = extensionFacts(cert);
  const facts: CertificateFacts = {
    // pkijs keeps the encoded value: 0 = v1, 2 = v3.
    version: cert.version + 1,
    subject: renderName(subjectRdns),
    issuer: renderName(issuerRdns),
    serialNumber: hex(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    dnsNames: ext.dns,
    ipAddresses: ext.ip,
    emailAddresses: ext.email,
    uris: ext.uri,
    publicKey: publicKeyFacts(cert.subjectPublicKeyInfo),
    signatureAlgorithm: signatureFacts(cert.signatureAlgorithm),
    ocspUrls: ocsp,
    caIssuerUrls: caIssuers,
    crlUrls: crl,
    sctCount: scts,
    mustStaple,
    extensions: list,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    selfIssued: Buffer.from(cert.subject.valueBeforeDecode).equals(
      Buffer.from(cert.issuer.valueBeforeDecode),
    ),
  };
  const cn = commonNameOf(subjectRdns);
  if (cn !== undefined) facts.subjectCommonName = cn;
  if (ext.basicConstraints) facts.basicConstraints = ext.basicConstraints;
  if (ext.keyUsage) facts.keyUsage = ext.keyUsage;
  if (ext.extKeyUsage) facts.extKeyUsage = ext.extKeyUsage;
  if (ext.subjectKeyIdentifier) facts.subjectKeyIdentifier = ext.subjectKeyIdentifier;
  if (ext.authorityKeyIdentifier) facts.authorityKeyIdentifier = ext.authorityKeyIdentifier;
  return { der: bytes, facts, pkijs: cert, origin };
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
