// Test certificate factory: builds X.509 certificates with pkijs + asn1js and signs the TBS with
// node:crypto, so MD5/SHA-1/DSA/Ed25519/Ed448 signatures work whatever WebCrypto supports.
// Everything here is test-only key material.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { isIP } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** The instant the committed fixtures are made for (use it as `--now` / `ctx.now`). */
export const FIXTURE_NOW: Date = new Date('2026-06-01T00:00:00Z');

export type KeySpec =
  | { type: 'rsa'; bits?: number; exponent?: number }
  | { type: 'ec'; curve?: 'P-256' | 'P-384' | 'P-521' | 'secp256k1' }
  | { type: 'ed25519' }
  | { type: 'ed448' }
  | { type: 'dsa'; bits?: number };

export interface KeyPair {
  spec: KeySpec;
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** PKCS#8 PEM of the private key. */
  keyPem: string;
}

export type HashAlg = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface NameSet {
  dns?: string[];
  /** IPv4/IPv6 addresses; in name constraints use CIDR (`10.0.0.0/8`). */
  ip?: string[];
  email?: string[];
  uri?: string[];
}

export interface CertSpec {
  /** RFC 4514 order, most significant RDN last: `CN=leaf,O=Org,C=US`. '' gives an empty name. */
  subject: string;
  /** Absent = self-signed with `key`. */
  issuer?: IssuedCert;
  /** Subject key; default: a cached EC P-256 key for this subject. */
  key?: KeyPair;
  /** bigint, or a hex string (encoded as given, two's complement). Default: hash of the TBS facts. */
  serial?: bigint | string;
  notBefore?: Date;
  notAfter?: Date;
  sans?: NameSet;
  /** true = basicConstraints cA; false = an explicit cA=FALSE extension; absent on a leaf = none. */
  ca?: boolean;
  pathLength?: number;
  basicConstraintsCritical?: boolean;
  /** Bit names (`digitalSignature`, `keyCertSign`, `cRLSign`, …); [] omits the extension. */
  keyUsage?: string[];
  keyUsageCritical?: boolean;
  /** Names (`serverAuth`, `clientAuth`, …) or OIDs; [] omits the extension. */
  extKeyUsage?: string[];
  /** Shortcut: add cRLSign to the default CA key usage (it is there by default; false drops it). */
  crlSign?: boolean;
  signatureHash?: HashAlg;
  ocsp?: string[];
  caIssuers?: string[];
  crl?: string[];
  mustStaple?: boolean;
  /** Number of (fake, well-formed) SCTs in an embedded SCT list. */
  scts?: number;
  nameConstraints?: { permitted?: NameSet; excluded?: NameSet; critical?: boolean };
  /** certificatePolicies OIDs. */
  policies?: string[];
  extraExtensions?: { oid: string; critical: boolean; value: Uint8Array }[];
  /** Emit these extension OIDs twice (adversarial). */
  duplicateExtensions?: string[];
  omitKeyIdentifiers?: boolean;
  subjectKeyId?: Uint8Array;
  authorityKeyId?: Uint8Array;
  /** Issuer DN to write instead of the issuer's subject (adversarial). */
  issuerName?: string;
  version?: 1 | 3;
  /** Flip a bit in the signature value. */
  corruptSignature?: boolean;
  /** Write this signature algorithm OID (both places) instead of the one actually used. */
  signatureAlgorithmOid?: string;
  /** Last-moment edit of the pkijs object before the TBS is encoded and signed. */
  mutate?: (cert: pkijs.Certificate) => void;
}

export interface IssuedCert {
  der: Buffer;
  pem: string;
  key: KeyPair;
  spec: CertSpec;
  subject: string;
}

// ---------------------------------------------------------------------------------------------
// Keys

const keyCache = new Map<string, KeyPair>();

function normalizeSpec(spec: KeySpec): KeySpec {
  switch (spec.type) {
    case 'rsa':
      return { type: 'rsa', bits: spec.bits ?? 2048, exponent: spec.exponent ?? 65537 };
    case 'ec':
      return { type: 'ec', curve: spec.curve ?? 'P-256' };
    case 'dsa':
      return { type: 'dsa', bits: spec.bits ?? 2048 };
    default:
      return { type: spec.type };
  }
}

function keySpecId(spec: KeySpec): string {
  return JSON.stringify(normalizeSpec(spec));
}

const NODE_CURVE: Record<string, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
  secp256k1: 'secp256k1',
};

function freshKeyPair(spec: KeySpec): { publicKey: KeyObject; privateKey: KeyObject } {
  switch (spec.type) {
    case 'rsa':
      return generateKeyPairSync('rsa', {
        modulusLength: spec.bits ?? 2048,
        publicExponent: spec.exponent ?? 65537,
      });
    case 'ec':
      return generateKeyPairSync('ec', { namedCurve: NODE_CURVE[spec.curve ?? 'P-256']! });
    case 'dsa': {
      const bits = spec.bits ?? 2048;
      return generateKeyPairSync('dsa', {
        modulusLength: bits,
        divisorLength: bits >= 2048 ? 256 : 160,
      });
    }
    case 'ed25519':
      return generateKeyPairSync('ed25519');
    case 'ed448':
      return generateKeyPairSync('ed448');
  }
}

/** A key pair for `spec` (default EC P-256), cached per (spec, slot) for the whole process. */
export function generateKey(spec: KeySpec = { type: 'ec' }, slot = 0): KeyPair {
  const id = `${keySpecId(spec)}#${slot}`;
  const cached = keyCache.get(id);
  if (cached) return cached;
  const { publicKey, privateKey } = freshKeyPair(spec);
  const pair: KeyPair = {
    spec: normalizeSpec(spec),
    publicKey,
    privateKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  keyCache.set(id, pair);
  return pair;
}

/** A key pair from a private key PEM (PKCS#8, PKCS#1 or SEC1); the spec is read from the key. */
export function keyFromPem(privatePem: string): KeyPair {
  const privateKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(privateKey);
  const details = privateKey.asymmetricKeyDetails ?? {};
  let spec: KeySpec;
  switch (privateKey.asymmetricKeyType) {
    case 'rsa':
      spec = { type: 'rsa', bits: details.modulusLength, exponent: Number(details.publicExponent) };
      break;
    case 'ec': {
      const curve = Object.entries(NODE_CURVE).find(([, n]) => n === details.namedCurve)?.[0];
      if (!curve) throw new Error(`unsupported curve ${details.namedCurve}`);
      spec = { type: 'ec', curve: curve as 'P-256' };
      break;
    }
    case 'dsa':
      spec = { type: 'dsa', bits: details.modulusLength };
      break;
    case 'ed25519':
      spec = { type: 'ed25519' };
      break;
    case 'ed448':
      spec = { type: 'ed448' };
      break;
    default:
      throw new Error(`unsupported key type ${privateKey.asymmetricKeyType}`);
  }
  return {
    spec,
    publicKey,
    privateKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** PKCS#8 PEM of a key pair's private key. */
export function keyPem(pair: KeyPair): string {
  return pair.keyPem;
}

// ---------------------------------------------------------------------------------------------
// Encoding helpers

/** PEM-armours DER (64-column base64, trailing newline). */
export function pem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function ab(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

function derOf(node: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

function parseDer(der: Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(ab(der));
  if (parsed.offset === -1) throw new Error(`bad DER: ${parsed.result.error}`);
  return parsed.result;
}

/** Context-specific tag: implicit primitive (bytes) or constructed (children). */
function ctxPrim(tag: number, bytes: Uint8Array): asn1js.Primitive {
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: tag }, valueHex: ab(bytes) });
}

function ctxCons(tag: number, value: asn1js.AsnType[]): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: tag }, value });
}

function integerFromBigint(n: bigint): asn1js.Integer {
  let hex = (n < 0n ? (1n << BigInt((n.toString(16).length + 2) * 4)) + n : n).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (n >= 0n && parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return new asn1js.Integer({ valueHex: ab(Buffer.from(hex, 'hex')) });
}

const NAME_ATTRS: Record<string, { oid: string; kind: 'utf8' | 'printable' | 'ia5' }> = {
  CN: { oid: '2.5.4.3', kind: 'utf8' },
  SERIALNUMBER: { oid: '2.5.4.5', kind: 'printable' },
  C: { oid: '2.5.4.6', kind: 'printable' },
  L: { oid: '2.5.4.7', kind: 'utf8' },
  ST: { oid: '2.5.4.8', kind: 'utf8' },
  STREET: { oid: '2.5.4.9', kind: 'utf8' },
  O: { oid: '2.5.4.10', kind: 'utf8' },
  OU: { oid: '2.5.4.11', kind: 'utf8' },
  DC: { oid: '0.9.2342.19200300.100.1.25', kind: 'ia5' },
  EMAILADDRESS: { oid: '1.2.840.113549.1.9.1', kind: 'ia5' },
};

/** Encodes an RFC 4514 string (`CN=a,O=b`; last RDN most significant, so it is encoded first). */
export function encodeName(dn: string): Uint8Array {
  const parts = dn === '' ? [] : dn.split(/(?<!\\),/);
  const rdns = parts.reverse().map((part) => {
    const eq = part.indexOf('=');
    if (eq < 1) throw new Error(`bad RDN "${part}" in "${dn}"`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).replace(/\\(.)/g, '$1');
    const attr = NAME_ATTRS[key.toUpperCase()];
    const oid = attr?.oid ?? (/^\d+(\.\d+)+$/.test(key) ? key : undefined);
    if (!oid) throw new Error(`unknown attribute "${key}" in "${dn}"`);
    const kind = attr?.kind ?? 'utf8';
    const str =
      kind === 'printable'
        ? new asn1js.PrintableString({ value })
        : kind === 'ia5'
          ? new asn1js.IA5String({ value })
          : new asn1js.Utf8String({ value });
    return new asn1js.Set({
      value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), str] })],
    });
  });
  return derOf(new asn1js.Sequence({ value: rdns }));
}

function nameObject(der: Uint8Array): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({ schema: parseDer(der) });
}

function ipBytes(ip: string): Uint8Array {
  const v = isIP(ip);
  if (v === 4) return Uint8Array.from(ip.split('.').map(Number));
  if (v !== 6) throw new Error(`bad IP address ${ip}`);
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

/** IP with prefix (`10.0.0.0/8`) as address || mask, the name-constraints form. */
function ipConstraintBytes(cidr: string): Uint8Array {
  const [addr, prefixText] = cidr.split('/');
  const a = ipBytes(addr!);
  const prefix = prefixText === undefined ? a.length * 8 : Number(prefixText);
  const mask = new Uint8Array(a.length);
  for (let i = 0; i < prefix; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
  return Uint8Array.from([...a, ...mask]);
}

function generalNames(names: NameSet, forConstraints = false): asn1js.AsnType[] {
  const enc = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));
  return [
    ...(names.email ?? []).map((e) => ctxPrim(1, enc(e))),
    ...(names.dns ?? []).map((d) => ctxPrim(2, enc(d))),
    ...(names.uri ?? []).map((u) => ctxPrim(6, enc(u))),
    ...(names.ip ?? []).map((ip) =>
      ctxPrim(7, forConstraints ? ipConstraintBytes(ip) : ipBytes(ip)),
    ),
  ];
}

const KEY_USAGE_BITS: Record<string, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  contentCommitment: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

/** DER BIT STRING for named bits: trailing zero bits dropped, unused-bit count set. */
function namedBits(names: string[]): asn1js.BitString {
  const bits = names.map((n) => {
    const b = KEY_USAGE_BITS[n];
    if (b === undefined) throw new Error(`unknown keyUsage ${n}`);
    return b;
  });
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return new asn1js.BitString({ valueHex: ab(bytes), unusedBits: 7 - (highest & 7) });
}

export const EKU_OIDS: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

/** The signature algorithm OID for a signing key type and hash. */
export function signatureOid(spec: KeySpec, hash: HashAlg): string {
  const table: Record<string, Partial<Record<HashAlg, string>>> = {
    rsa: {
      md5: '1.2.840.113549.1.1.4',
      sha1: '1.2.840.113549.1.1.5',
      sha256: '1.2.840.113549.1.1.11',
      sha384: '1.2.840.113549.1.1.12',
      sha512: '1.2.840.113549.1.1.13',
    },
    ec: {
      sha1: '1.2.840.10045.4.1',
      sha256: '1.2.840.10045.4.3.2',
      sha384: '1.2.840.10045.4.3.3',
      sha512: '1.2.840.10045.4.3.4',
    },
    dsa: { sha1: '1.2.840.10040.4.3', sha256: '2.16.840.1.101.3.4.3.2' },
  };
  if (spec.type === 'ed25519') return '1.3.101.112';
  if (spec.type === 'ed448') return '1.3.101.113';
  const oid = table[spec.type]?.[hash];
  if (!oid) throw new Error(`no signature algorithm for ${spec.type} with ${hash}`);
  return oid;
}

/**
 * An RSASSA-PSS AlgorithmIdentifier naming only its hash (`[0] hashAlgorithm`), or none (the SHA-1
 * default), for tests that rewrite a certificate's signature algorithm through `mutate`.
 */
export function pssAlgorithm(hashOid?: string): pkijs.AlgorithmIdentifier {
  const fields = hashOid
    ? [
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [
            new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashOid })] }),
          ],
        }),
      ]
    : [];
  return new pkijs.AlgorithmIdentifier({
    algorithmId: '1.2.840.113549.1.1.10',
    algorithmParams: new asn1js.Sequence({ value: fields }),
  });
}

function algorithmIdentifier(oid: string): pkijs.AlgorithmIdentifier {
  // RSA PKCS#1 v1.5 algorithms carry an explicit NULL; ECDSA, DSA and EdDSA carry none.
  const withNull = oid.startsWith('1.2.840.113549.1.1.');
  return new pkijs.AlgorithmIdentifier({
    algorithmId: oid,
    ...(withNull ? { algorithmParams: new asn1js.Null() } : {}),
  });
}

function spkiDer(key: KeyPair): Uint8Array {
  return new Uint8Array(key.publicKey.export({ type: 'spki', format: 'der' }));
}

/** RFC 5280 method 1 key identifier: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(key: KeyPair): Uint8Array {
  const spki = parseDer(spkiDer(key)) as asn1js.Sequence;
  const bits = spki.valueBlock.value[1] as asn1js.BitString;
  return new Uint8Array(createHash('sha1').update(bits.valueBlock.valueHexView).digest());
}

function time(d: Date): pkijs.Time {
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
}

function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

const DAY = 86_400_000;

/**
 * Default validity: valid both at FIXTURE_NOW and at the real clock (so TLS tests verified by
 * Node and checks run at FIXTURE_NOW both see a current certificate), whole UTC days.
 */
export function defaultValidity(): { notBefore: Date; notAfter: Date } {
  const today = utcDay(new Date());
  const first = Math.min(today.getTime(), FIXTURE_NOW.getTime());
  const last = Math.max(today.getTime(), FIXTURE_NOW.getTime());
  return { notBefore: new Date(first - DAY), notAfter: new Date(last + 90 * DAY) };
}

function ext(oid: string, critical: boolean, value: asn1js.AsnType | Uint8Array): pkijs.Extension {
  const bytes = value instanceof Uint8Array ? value : derOf(value);
  return new pkijs.Extension({ extnID: oid, critical, extnValue: ab(bytes) });
}

function sctList(count: number, seed: Uint8Array): Uint8Array {
  const scts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const logId = createHash('sha256').update(seed).update(`log${i}`).digest();
    const ts = Buffer.alloc(8);
    ts.writeBigUInt64BE(BigInt(FIXTURE_NOW.getTime() - 40 * DAY + i));
    const sig = createHash('sha512').update(logId).digest().subarray(0, 64);
    const body = Buffer.concat([
      Buffer.from([0]), // v1
      logId,
      ts,
      Buffer.from([0, 0]), // no extensions
      Buffer.from([4, 3]), // sha256, ecdsa
      Buffer.from([0, sig.length]),
      sig,
    ]);
    scts.push(Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body]));
  }
  const all = Buffer.concat(scts);
  const list = Buffer.concat([Buffer.from([all.length >> 8, all.length & 0xff]), all]);
  return derOf(new asn1js.OctetString({ valueHex: ab(list) }));
}

function extractSki(der: Uint8Array): Uint8Array | undefined {
  const cert = pkijs.Certificate.fromBER(ab(der));
  const ski = cert.extensions?.find((e) => e.extnID === '2.5.29.14');
  if (!ski) return undefined;
  const inner = parseDer(ski.extnValue.valueBlock.valueHexView) as asn1js.OctetString;
  return new Uint8Array(inner.valueBlock.valueHexView);
}

function subjectNameDer(der: Uint8Array): Uint8Array {
  const cert = pkijs.Certificate.fromBER(ab(der));
  return derOf(cert.subject.toSchema());
}

function buildExtensions(spec: CertSpec, key: KeyPair, selfSigned: boolean): pkijs.Extension[] {
  const out: pkijs.Extension[] = [];
  const isCa = spec.ca === true;
  if (spec.ca !== undefined || spec.pathLength !== undefined) {
    const value: asn1js.AsnType[] = [];
    if (isCa) value.push(new asn1js.Boolean({ value: true }));
    if (spec.pathLength !== undefined) value.push(new asn1js.Integer({ value: spec.pathLength }));
    out.push(
      ext('2.5.29.19', spec.basicConstraintsCritical ?? true, new asn1js.Sequence({ value })),
    );
  }
  const defaultKu = isCa
    ? ['digitalSignature', 'keyCertSign', ...(spec.crlSign === false ? [] : ['cRLSign'])]
    : key.spec.type === 'rsa'
      ? ['digitalSignature', 'keyEncipherment']
      : ['digitalSignature'];
  const ku = spec.keyUsage ?? defaultKu;
  if (ku.length) out.push(ext('2.5.29.15', spec.keyUsageCritical ?? true, namedBits(ku)));
  const eku = spec.extKeyUsage ?? (isCa ? [] : ['serverAuth']);
  if (eku.length) {
    const oids = eku.map((e) => new asn1js.ObjectIdentifier({ value: EKU_OIDS[e] ?? e }));
    out.push(ext('2.5.29.37', false, new asn1js.Sequence({ value: oids })));
  }
  const sans = spec.sans ? generalNames(spec.sans) : [];
  if (sans.length) {
    // RFC 5280 4.2.1.6: critical when the subject is empty.
    out.push(ext('2.5.29.17', spec.subject === '', new asn1js.Sequence({ value: sans })));
  }
  if (!spec.omitKeyIdentifiers) {
    const ski = spec.subjectKeyId ?? keyIdentifier(key);
    out.push(ext('2.5.29.14', false, new asn1js.OctetString({ valueHex: ab(ski) })));
    const aki =
      spec.authorityKeyId ??
      (selfSigned ? ski : (extractSki(spec.issuer!.der) ?? keyIdentifier(spec.issuer!.key)));
    out.push(ext('2.5.29.35', false, new asn1js.Sequence({ value: [ctxPrim(0, aki)] })));
  }
  const aia = [
    ...(spec.ocsp ?? []).map((u) => ['1.3.6.1.5.5.7.48.1', u] as const),
    ...(spec.caIssuers ?? []).map((u) => ['1.3.6.1.5.5.7.48.2', u] as const),
  ];
  if (aia.length) {
    const value = aia.map(
      ([oid, uri]) =>
        new asn1js.Sequence({
          value: [new asn1js.ObjectIdentifier({ value: oid }), ...generalNames({ uri: [uri] })],
        }),
    );
    out.push(ext('1.3.6.1.5.5.7.1.1', false, new asn1js.Sequence({ value })));
  }
  if (spec.crl?.length) {
    // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
    const value = spec.crl.map(
      (uri) =>
        new asn1js.Sequence({ value: [ctxCons(0, [ctxCons(0, generalNames({ uri: [uri] }))])] }),
    );
    out.push(ext('2.5.29.31', false, new asn1js.Sequence({ value })));
  }
  if (spec.policies?.length) {
    const value = spec.policies.map(
      (oid) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid })] }),
    );
    out.push(ext('2.5.29.32', false, new asn1js.Sequence({ value })));
  }
  if (spec.nameConstraints) {
    const subtrees = (names: NameSet) =>
      generalNames(names, true).map((gn) => new asn1js.Sequence({ value: [gn] }));
    const value: asn1js.AsnType[] = [];
    if (spec.nameConstraints.permitted)
      value.push(ctxCons(0, subtrees(spec.nameConstraints.permitted)));
    if (spec.nameConstraints.excluded)
      value.push(ctxCons(1, subtrees(spec.nameConstraints.excluded)));
    out.push(
      ext('2.5.29.30', spec.nameConstraints.critical ?? true, new asn1js.Sequence({ value })),
    );
  }
  if (spec.mustStaple) {
    // TLS feature (RFC 7633): status_request(5).
    const value = new asn1js.Sequence({ value: [new asn1js.Integer({ value: 5 })] });
    out.push(ext('1.3.6.1.5.5.7.1.24', false, value));
  }
  if (spec.scts) {
    out.push(ext('1.3.6.1.4.1.11129.2.4.2', false, sctList(spec.scts, spkiDer(key))));
  }
  for (const e of spec.extraExtensions ?? []) out.push(ext(e.oid, e.critical, e.value));
  for (const oid of spec.duplicateExtensions ?? []) {
    const original = out.find((e) => e.extnID === oid);
    if (!original) throw new Error(`duplicateExtensions: ${oid} is not present`);
    out.push(original);
  }
  return out;
}

function defaultSerial(spec: CertSpec, key: KeyPair, issuerDer: Uint8Array | undefined): bigint {
  const h = createHash('sha256')
    .update(spec.subject)
    .update('\0')
    .update(spkiDer(key))
    .update(issuerDer ?? new Uint8Array())
    .update(
      JSON.stringify({ ...spec, issuer: undefined, key: undefined, mutate: undefined }, (_k, v) =>
        typeof v === 'bigint'
          ? v.toString()
          : v instanceof Uint8Array
            ? Buffer.from(v).toString('hex')
            : v,
      ),
    )
    .digest();
  const bytes = h.subarray(0, 16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40; // positive, full 16 bytes
  return BigInt(`0x${bytes.toString('hex')}`);
}

/** Builds and signs a certificate. Self-signed when `issuer` is absent. */
export function issueCertificate(spec: CertSpec): IssuedCert {
  const key = spec.key ?? generateKey({ type: 'ec' });
  const selfSigned = spec.issuer === undefined;
  const signer = spec.issuer?.key ?? key;
  const hash = spec.signatureHash ?? 'sha256';
  const sigOid = spec.signatureAlgorithmOid ?? signatureOid(signer.spec, hash);
  const validity = defaultValidity();

  const cert = new pkijs.Certificate();
  cert.version = spec.version === 1 ? 0 : 2;
  cert.serialNumber =
    typeof spec.serial === 'string'
      ? new asn1js.Integer({ valueHex: ab(Buffer.from(spec.serial, 'hex')) })
      : integerFromBigint(spec.serial ?? defaultSerial(spec, key, spec.issuer?.der));
  cert.signature = algorithmIdentifier(sigOid);
  cert.issuer = nameObject(
    spec.issuerName !== undefined
      ? encodeName(spec.issuerName)
      : selfSigned
        ? encodeName(spec.subject)
        : subjectNameDer(spec.issuer!.der),
  );
  cert.notBefore = time(spec.notBefore ?? validity.notBefore);
  cert.notAfter = time(spec.notAfter ?? validity.notAfter);
  cert.subject = nameObject(encodeName(spec.subject));
  cert.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({ schema: parseDer(spkiDer(key)) });
  if (spec.version !== 1) {
    const extensions = buildExtensions(spec, key, selfSigned);
    if (extensions.length) cert.extensions = extensions;
  }
  cert.signatureAlgorithm = algorithmIdentifier(sigOid);
  spec.mutate?.(cert);

  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  const eddsa = signer.spec.type === 'ed25519' || signer.spec.type === 'ed448';
  const signature = sign(eddsa ? null : hash, tbs, signer.privateKey);
  if (spec.corruptSignature) signature[signature.length - 1]! ^= 0x01;
  cert.signatureValue = new asn1js.BitString({ valueHex: ab(signature) });

  const der = Buffer.from(cert.toSchema(false).toBER(false));
  return { der, pem: pem(der), key, spec, subject: spec.subject };
}

// ---------------------------------------------------------------------------------------------
// Conveniences

/** `{ key, cert }` PEM strings for a node:tls server: the leaf, then the given chain. */
export function tlsServerOptions(
  leaf: IssuedCert,
  chain: IssuedCert[] = [],
): { key: string; cert: string } {
  return { key: leaf.key.keyPem, cert: [leaf, ...chain].map((c) => c.pem).join('') };
}

export interface ChainOptions {
  /** Name (or IP) the leaf is for; default `localhost`. */
  hostname?: string;
  /** Key type for all three certificates; default EC P-256. */
  keySpec?: KeySpec;
  /** Key slot, so separate chains with the same names get separate keys. */
  slot?: number;
  /** Prefix for the subjects, so several chains do not share names. */
  name?: string;
  root?: Partial<CertSpec>;
  intermediate?: Partial<CertSpec>;
  leaf?: Partial<CertSpec>;
}

export interface Chain {
  root: IssuedCert;
  intermediate: IssuedCert;
  leaf: IssuedCert;
  /** Leaf then intermediate, PEM, as a server sends it. */
  chainPem: string;
  /** Root PEM, for `trust:` / the `ca` option of a TLS client. */
  trustPem: string;
  /** node:tls server options serving leaf + intermediate. */
  serverOptions: { key: string; cert: string };
}

/** Root → intermediate → leaf for `hostname`, with sane defaults; every part is overridable. */
export function makeChain(opts: ChainOptions = {}): Chain {
  const hostname = opts.hostname ?? 'localhost';
  const spec = opts.keySpec ?? { type: 'ec' };
  const slot = opts.slot ?? 0;
  const prefix = opts.name ?? 'Test';
  const root = issueCertificate({
    subject: `CN=${prefix} Root CA,O=tls-gate tests`,
    key: generateKey(spec, slot * 3),
    ca: true,
    ...opts.root,
  });
  const intermediate = issueCertificate({
    subject: `CN=${prefix} Intermediate CA,O=tls-gate tests`,
    key: generateKey(spec, slot * 3 + 1),
    issuer: root,
    ca: true,
    pathLength: 0,
    ...opts.intermediate,
  });
  const sans: NameSet = isIP(hostname) ? { ip: [hostname] } : { dns: [hostname] };
  const leaf = issueCertificate({
    subject: `CN=${hostname}`,
    key: generateKey(spec, slot * 3 + 2),
    issuer: intermediate,
    sans,
    ...opts.leaf,
  });
  return {
    root,
    intermediate,
    leaf,
    chainPem: leaf.pem + intermediate.pem,
    trustPem: root.pem,
    serverOptions: tlsServerOptions(leaf, [intermediate]),
  };
}
