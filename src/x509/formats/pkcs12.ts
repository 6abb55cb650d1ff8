// PKCS#12 / PFX (RFC 7292) → certificates and private keys. Decryption and MAC use node:crypto
// directly: PBES2 (PBKDF2 + AES-CBC or 3DES, what OpenSSL 3 writes by default) and the legacy
// PKCS#12 PBE schemes (3DES from node:crypto; RC2 and RC4, which Node's OpenSSL 3 lacks without
// its legacy provider, from legacy-ciphers.ts — `openssl pkcs12 -legacy`, OpenSSL 1.x, Windows
// and Java files use them). Anything else is reported as unsupported with the command that
// re-exports it.
import {
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  getCiphers,
  pbkdf2Sync,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import { fromBER } from '../ber.js';
import { rc2CbcDecrypt, rc4 } from './legacy-ciphers.js';
import {
  elements,
  encoded,
  explicit,
  FormatError,
  integer,
  octets,
  oid,
  parseBer,
} from './asn1.js';

export const REEXPORT_HINT =
  're-export it with `openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256`';

/** Iteration counts above this are refused: a file must not stall the gate for minutes. */
export const MAX_ITERATIONS = 10_000_000;

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  envelopedData: '1.2.840.113549.1.7.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

interface HashInfo {
  name: string;
  /** Block size in bytes (the PKCS#12 KDF's v). */
  block: number;
}

const DIGESTS: Record<string, HashInfo> = {
  '1.3.14.3.2.26': { name: 'sha1', block: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', block: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', block: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', block: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', block: 128 },
};

const HMAC_PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

/** Decrypts and removes the padding; throws on a bad key (bad padding). */
type Decrypt = (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Buffer;

type CipherInfo = {
  keyLength: number;
  ivLength: number;
  label: string;
} & (
  | { /** node:crypto cipher name. */ cipher: string }
  | { /** For the ciphers node:crypto lacks. */ decrypt: Decrypt }
);

const PBES2_CIPHERS: Record<string, CipherInfo> = {
  '2.16.840.1.101.3.4.1.2': {
    cipher: 'aes-128-cbc',
    keyLength: 16,
    ivLength: 16,
    label: 'AES-128-CBC',
  },
  '2.16.840.1.101.3.4.1.22': {
    cipher: 'aes-192-cbc',
    keyLength: 24,
    ivLength: 16,
    label: 'AES-192-CBC',
  },
  '2.16.840.1.101.3.4.1.42': {
    cipher: 'aes-256-cbc',
    keyLength: 32,
    ivLength: 16,
    label: 'AES-256-CBC',
  },
  '1.2.840.113549.3.7': {
    cipher: 'des-ede3-cbc',
    keyLength: 24,
    ivLength: 8,
    label: 'DES-EDE3-CBC',
  },
};

/** RFC 7292 Appendix C: the PKCS#12 password-based encryption schemes (SHA-1 KDF). */
const PKCS12_PBE: Record<string, CipherInfo> = {
  '1.2.840.113549.1.12.1.1': {
    decrypt: (key, _iv, data) => rc4(key, data),
    keyLength: 16,
    ivLength: 0,
    label: 'pbeWithSHAAnd128BitRC4',
  },
  '1.2.840.113549.1.12.1.2': {
    decrypt: (key, _iv, data) => rc4(key, data),
    keyLength: 5,
    ivLength: 0,
    label: 'pbeWithSHAAnd40BitRC4',
  },
  '1.2.840.113549.1.12.1.3': {
    cipher: 'des-ede3-cbc',
    keyLength: 24,
    ivLength: 8,
    label: 'pbeWithSHAAnd3-KeyTripleDES-CBC',
  },
  '1.2.840.113549.1.12.1.4': {
    cipher: 'des-ede-cbc',
    keyLength: 16,
    ivLength: 8,
    label: 'pbeWithSHAAnd2-KeyTripleDES-CBC',
  },
  '1.2.840.113549.1.12.1.5': {
    // RFC 7292 B.2 / OpenSSL: the effective key bits of RC2 are the key's own bits.
    decrypt: (key, iv, data) => rc2CbcDecrypt(key, 128, iv, data),
    keyLength: 16,
    ivLength: 8,
    label: 'pbeWithSHAAnd128BitRC2-CBC',
  },
  '1.2.840.113549.1.12.1.6': {
    decrypt: (key, iv, data) => rc2CbcDecrypt(key, 40, iv, data),
    keyLength: 5,
    ivLength: 8,
    label: 'pbeWithSHAAnd40BitRC2-CBC',
  },
};

/** Why a PKCS#12 file could not be read; `kind` lets callers word the finding. */
export class Pkcs12Error extends Error {
  constructor(
    readonly kind: 'wrong-password' | 'unsupported' | 'malformed',
    message: string,
    /** For 'unsupported': what is not supported, without the PKCS#12 re-export command. */
    readonly unsupported?: string,
  ) {
    super(message);
  }
}

export interface Pkcs12Key {
  key: KeyObject;
  /** Lower-case hex of the localKeyId attribute, which pairs a key with its certificate. */
  localKeyId?: string;
}

export interface Pkcs12Certificate {
  der: Uint8Array;
  localKeyId?: string;
}

export interface Pkcs12Contents {
  certificates: Pkcs12Certificate[];
  keys: Pkcs12Key[];
  /** Bags that could not be used (a key that does not parse, an unknown certificate type). */
  problems: string[];
  /** `sha256 MAC`, `no MAC`: how the file's integrity was checked, for messages. */
  integrity: string;
}

/** The two encodings of a password PKCS#12 uses: BMPString for its own KDF, UTF-8 for PBES2. */
interface Password {
  bmp: Buffer;
  utf8: Buffer;
}

function passwordVariants(password: string): Password[] {
  const utf8 = Buffer.from(password, 'utf8');
  const bmp = Buffer.from(`${password}\0`, 'utf16le').swap16();
  // An empty password is written either as "" (BMP: the terminator alone) or as no password at
  // all (no bytes); OpenSSL tries both, and so do we.
  return password === ''
    ? [
        { bmp, utf8 },
        { bmp: Buffer.alloc(0), utf8 },
      ]
    : [{ bmp, utf8 }];
}

function checkIterations(count: number, what: string): number {
  if (count < 1) throw new Pkcs12Error('malformed', `${what}: iteration count ${count}`);
  if (count > MAX_ITERATIONS) {
    throw new Pkcs12Error(
      'unsupported',
      `${what}: ${count} iterations is more than tls-gate runs (${MAX_ITERATIONS}); ${REEXPORT_HINT}`,
    );
  }
  return count;
}

/** RFC 7292 Appendix B.2: the PKCS#12 key derivation (id 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(
  hash: HashInfo,
  password: Buffer,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
): Buffer {
  const v = hash.block;
  const fill = (source: Uint8Array): Buffer => {
    if (source.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(source.length / v));
    for (let i = 0; i < out.length; i++) out[i] = source[i % source.length] as number;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(password)]);
  const output: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let A = createHash(hash.name).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash.name).update(A).digest();
    output.push(A);
    produced += A.length;
    if (produced >= length) break;
    const B = fill(A).subarray(0, v);
    // I_j = (I_j + B + 1) mod 2^(8v), big-endian, for every v-byte block of I.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] as number) + (B[k] as number) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(output).subarray(0, length);
}

function available(cipher: string): boolean {
  return getCiphers().includes(cipher);
}

function unsupported(what: string): Pkcs12Error {
  return new Pkcs12Error('unsupported', `${what} is not supported; ${REEXPORT_HINT}`, what);
}

function decipher(info: CipherInfo, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  if ('decrypt' in info) return info.decrypt(key, iv, data);
  // A FIPS or trimmed OpenSSL build may lack even 3DES.
  if (!available(info.cipher))
    throw unsupported(`${info.label} encryption (not in this Node build)`);
  const d = createDecipheriv(info.cipher, key, info.ivLength === 0 ? null : iv);
  return Buffer.concat([d.update(data), d.final()]);
}

function algorithm(node: unknown, what: string): { oid: string; params?: asn1js.AsnType } {
  const [id, params] = elements(node, what, 1);
  return { oid: oid(id, `${what} algorithm`), ...(params ? { params } : {}) };
}

function pbes2Decrypt(params: unknown, password: Password, data: Uint8Array): Buffer {
  const [kdf, scheme] = elements(params, 'PBES2 parameters', 2);
  const kdfAlg = algorithm(kdf, 'PBES2 key derivation');
  if (kdfAlg.oid !== OIDS.pbkdf2) throw unsupported(`PBES2 key derivation ${kdfAlg.oid}`);
  const [salt, count, ...rest] = elements(kdfAlg.params, 'PBKDF2 parameters', 2);
  let keyLength: number | undefined;
  let prf = 'sha1';
  for (const item of rest) {
    if (item instanceof asn1js.Integer) keyLength = integer(item, 'PBKDF2 key length');
    else {
      const prfAlg = algorithm(item, 'PBKDF2 PRF');
      const name = HMAC_PRFS[prfAlg.oid];
      if (!name) throw unsupported(`PBKDF2 PRF ${prfAlg.oid}`);
      prf = name;
    }
  }
  const schemeAlg = algorithm(scheme, 'PBES2 encryption scheme');
  const cipher = PBES2_CIPHERS[schemeAlg.oid];
  if (!cipher) throw unsupported(`PBES2 encryption scheme ${schemeAlg.oid}`);
  const iv = octets(schemeAlg.params, 'PBES2 IV');
  const iterations = checkIterations(integer(count, 'PBKDF2 iterations'), 'PBKDF2');
  const key = pbkdf2Sync(
    password.utf8,
    octets(salt, 'PBKDF2 salt'),
    iterations,
    keyLength ?? cipher.keyLength,
    prf,
  );
  return decipher(cipher, key, iv, data);
}

function pkcs12PbeDecrypt(
  info: CipherInfo,
  params: unknown,
  password: Password,
  data: Uint8Array,
): Buffer {
  const [salt, count] = elements(params, `${info.label} parameters`, 2);
  const saltBytes = octets(salt, `${info.label} salt`);
  const iterations = checkIterations(integer(count, `${info.label} iterations`), info.label);
  const sha1 = DIGESTS['1.3.14.3.2.26'] as HashInfo;
  const key = pkcs12Kdf(sha1, password.bmp, saltBytes, 1, iterations, info.keyLength);
  const iv = pkcs12Kdf(sha1, password.bmp, saltBytes, 2, iterations, info.ivLength);
  return decipher(info, key, iv, data);
}

interface Secret {
  password: Password;
  /** The MAC verified with this password, so a decryption failure is not a typo. */
  macVerified: boolean;
}

function cannotDecrypt(what: string, secret: Secret): Pkcs12Error {
  return secret.macVerified
    ? new Pkcs12Error(
        'wrong-password',
        `${what} does not decrypt with the password that verified the MAC (a separate encryption password, or a corrupt file)`,
      )
    : new Pkcs12Error('wrong-password', `${what} does not decrypt: wrong password`);
}

/**
 * Decrypts with the scheme named by an AlgorithmIdentifier, then parses the plaintext; a bad
 * padding or garbage plaintext means a bad password.
 */
function decrypt<T>(
  alg: unknown,
  secret: Secret,
  data: Uint8Array,
  what: string,
  use: (plain: Buffer) => T,
): T {
  const { oid: id, params } = algorithm(alg, what);
  const legacy = PKCS12_PBE[id];
  if (id !== OIDS.pbes2 && !legacy) {
    throw unsupported(`${what} encryption ${id} (PBES1 or another old scheme)`);
  }
  let plain: Buffer;
  try {
    plain = legacy
      ? pkcs12PbeDecrypt(legacy, params, secret.password, data)
      : pbes2Decrypt(params, secret.password, data);
  } catch (error) {
    if (error instanceof Pkcs12Error || error instanceof FormatError) throw error;
    throw cannotDecrypt(what, secret);
  }
  try {
    return use(plain);
  } catch (error) {
    if (error instanceof FormatError) throw cannotDecrypt(what, secret);
    throw error;
  }
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function localKeyId(attributes: unknown): string | undefined {
  if (attributes === undefined) return undefined;
  for (const attribute of elements(attributes, 'bag attributes')) {
    const [id, values] = elements(attribute, 'bag attribute', 2);
    if (oid(id, 'bag attribute id') !== OIDS.localKeyId) continue;
    const [first] = elements(values, 'localKeyId values', 1);
    return hexOf(octets(first, 'localKeyId'));
  }
  return undefined;
}

function pkcs8Key(der: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new FormatError(`a private key bag does not parse: ${(error as Error).message}`);
  }
}

function addKey(contents: Pkcs12Contents, key: KeyObject, keyId?: string): void {
  contents.keys.push({ key, ...(keyId ? { localKeyId: keyId } : {}) });
}

function readSafeContents(
  bytes: Uint8Array,
  secret: Secret,
  contents: Pkcs12Contents,
  depth = 0,
): void {
  for (const bag of elements(parseBer(bytes, 'SafeContents'), 'SafeContents')) {
    const [id, value, attributes] = elements(bag, 'SafeBag', 2);
    const bagId = oid(id, 'SafeBag id');
    const inner = explicit(value, 0, 'SafeBag value');
    const keyId = localKeyId(attributes);
    if (bagId === OIDS.certBag) {
      const [certType, certValue] = elements(inner, 'CertBag', 2);
      const type = oid(certType, 'CertBag type');
      if (type !== OIDS.x509Certificate) {
        contents.problems.push(`a certificate bag of type ${type} (not X.509) was skipped`);
        continue;
      }
      const der = octets(explicit(certValue, 0, 'CertBag value'), 'CertBag value');
      contents.certificates.push({ der, ...(keyId ? { localKeyId: keyId } : {}) });
    } else if (bagId === OIDS.keyBag) {
      addKey(contents, pkcs8Key(encoded(inner)), keyId);
    } else if (bagId === OIDS.shroudedKeyBag) {
      const [alg, data] = elements(inner, 'EncryptedPrivateKeyInfo', 2);
      const key = decrypt(alg, secret, octets(data, 'encrypted key'), 'the private key', pkcs8Key);
      addKey(contents, key, keyId);
    } else if (bagId === OIDS.safeContentsBag && depth < 4) {
      readSafeContents(encoded(inner), secret, contents, depth + 1);
    }
    // CRL and secret bags say nothing about the certificate: ignored.
  }
}

interface MacData {
  hash: HashInfo;
  digest: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

function macData(node: unknown): MacData {
  const [mac, salt, count] = elements(node, 'MacData', 2);
  const [alg, digest] = elements(mac, 'MAC DigestInfo', 2);
  const { oid: id } = algorithm(alg, 'MAC digest');
  if (id === OIDS.pbmac1) throw unsupported('a PBMAC1 integrity MAC');
  const hash = DIGESTS[id];
  if (!hash) throw unsupported(`MAC digest ${id}`);
  const iterations = count === undefined ? 1 : integer(count, 'MAC iterations');
  return {
    hash,
    digest: octets(digest, 'MAC digest'),
    salt: octets(salt, 'MAC salt'),
    iterations: checkIterations(iterations, 'MAC'),
  };
}

function macMatches(mac: MacData, password: Password, content: Uint8Array): boolean {
  const size = mac.digest.length;
  const key = pkcs12Kdf(mac.hash, password.bmp, mac.salt, 3, mac.iterations, size);
  const computed = createHmac(mac.hash.name, key).update(content).digest();
  return computed.length === size && timingSafeEqual(computed, mac.digest);
}

function contentInfo(node: unknown, what: string): { type: string; content?: asn1js.AsnType } {
  const [type, content] = elements(node, what, 1);
  return {
    type: oid(type, `${what} type`),
    ...(content ? { content: explicit(content, 0, `${what} content`) } : {}),
  };
}

/**
 * Reads a PFX with a password (the MAC is verified first: a wrong password is reported as such
 * rather than as garbage). Throws Pkcs12Error.
 */
export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  try {
    return readPfx(bytes, password);
  } catch (error) {
    if (error instanceof FormatError) throw new Pkcs12Error('malformed', error.message);
    throw error;
  }
}

function readPfx(bytes: Uint8Array, password: string): Pkcs12Contents {
  const [version, authSafe, mac] = elements(parseBer(bytes, 'PFX'), 'PFX', 2);
  if (integer(version, 'PFX version') !== 3) {
    throw new Pkcs12Error('unsupported', 'only PKCS#12 version 3 files are supported');
  }
  const outer = contentInfo(authSafe, 'authSafe');
  if (outer.type !== OIDS.data || !outer.content) {
    throw unsupported('a public-key integrity mode (signed authSafe)');
  }
  const authSafeBytes = octets(outer.content, 'authSafe content');
  const secret: Secret = {
    password: passwordVariants(password)[0] as Password,
    macVerified: false,
  };
  let integrity = 'no MAC';
  if (mac !== undefined) {
    const data = macData(mac);
    const match = passwordVariants(password).find((p) => macMatches(data, p, authSafeBytes));
    if (!match) {
      throw new Pkcs12Error('wrong-password', 'the integrity MAC does not verify: wrong password');
    }
    secret.password = match;
    secret.macVerified = true;
    integrity = `${data.hash.name} MAC`;
  }
  const contents: Pkcs12Contents = { certificates: [], keys: [], problems: [], integrity };
  for (const info of elements(parseBer(authSafeBytes, 'AuthenticatedSafe'), 'AuthenticatedSafe')) {
    const { type, content } = contentInfo(info, 'AuthenticatedSafe entry');
    if (type === OIDS.data && content) {
      readSafeContents(octets(content, 'SafeContents'), secret, contents);
    } else if (type === OIDS.encryptedData && content) {
      const [, encryptedContentInfo] = elements(content, 'EncryptedData', 2);
      const [, alg, data] = elements(encryptedContentInfo, 'EncryptedContentInfo', 3);
      decrypt(
        alg,
        secret,
        octets(data, 'encrypted content'),
        'the encrypted certificate bag',
        (plain) => readSafeContents(plain, secret, contents),
      );
    } else if (type === OIDS.envelopedData) {
      throw unsupported('public-key privacy mode (EnvelopedData)');
    }
  }
  return contents;
}

/**
 * A PKCS#8 EncryptedPrivateKeyInfo (an `ENCRYPTED PRIVATE KEY` file) decrypted with the schemes
 * above. The scheme is read before anything is decrypted, so an unknown one is 'unsupported' and
 * any failure to decrypt or to parse the plaintext is 'wrong-password' — OpenSSL instead reports
 * garbage that happens to have valid padding as "DECODER routines::unsupported". Throws
 * Pkcs12Error.
 */
export function decryptPrivateKeyInfo(der: Uint8Array, passphrase: string): KeyObject {
  try {
    const info = parseBer(der, 'EncryptedPrivateKeyInfo');
    const [alg, data] = elements(info, 'EncryptedPrivateKeyInfo', 2);
    // PKCS#8 has no MAC: the passphrase is only tried, never verified beforehand.
    const secret: Secret = {
      password: passwordVariants(passphrase)[0] as Password,
      macVerified: false,
    };
    return decrypt(alg, secret, octets(data, 'encrypted key'), 'the private key', pkcs8Key);
  } catch (error) {
    if (error instanceof FormatError) throw new Pkcs12Error('malformed', error.message);
    throw error;
  }
}

/** DER that looks like a PFX: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data … } … }. */
export function looksLikePkcs12(bytes: Uint8Array): boolean {
  const parsed = fromBER(bytes);
  if (!(parsed.result instanceof asn1js.Sequence)) return false;
  const [version, authSafe] = parsed.result.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || version.valueBlock.valueDec !== 3) return false;
  if (!(authSafe instanceof asn1js.Sequence)) return false;
  const [type] = authSafe.valueBlock.value;
  return (
    type instanceof asn1js.ObjectIdentifier &&
    type.valueBlock.toString().startsWith('1.2.840.113549.1.7.')
  );
}
