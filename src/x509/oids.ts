// OID tables read by certificate facts, path validation and revocation, each written once so an
// algorithm or usage added here is known to all three.
import type { HashName } from './types.js';

export const RSASSA_PSS = '1.2.840.113549.1.1.10';
/** SubjectPublicKeyInfo algorithms (RFC 3279 §2.3, RFC 8410 §3); RSASSA-PSS keys use RSASSA_PSS. */
export const KEY_ALGORITHMS = {
  rsa: '1.2.840.113549.1.1.1',
  ec: '1.2.840.10045.2.1',
  dsa: '1.2.840.10040.4.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
} as const;
export const MGF1 = '1.2.840.113549.1.1.8';

/** Digest AlgorithmIdentifier OID → hash (RFC 3279 §2.1, RFC 5754 §2). */
export const HASH_ALGORITHMS: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.2': 'md2',
  '1.2.840.113549.2.4': 'md4',
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** node:crypto hash name for a digest OID: MD2 and MD4 are only ever named, never computed. */
export function nodeHashName(oid: string): string | undefined {
  const hash = HASH_ALGORITHMS[oid];
  return hash === 'md2' || hash === 'md4' ? undefined : hash;
}

export type SignatureKeyType = 'rsa' | 'ec' | 'dsa' | 'ed25519' | 'ed448';

export interface SignatureAlgorithm {
  name: string;
  hash: HashName;
  /**
   * For the algorithms signatures are verified under: the key type, and the parameters RFC
   * 3279/4055/5758/8410 require. Absent: named in facts, unsupported for verification.
   */
  verify?: { key: SignatureKeyType; params: 'null' | 'absent' };
}

const RSA = { key: 'rsa', params: 'null' } as const;
const EC = { key: 'ec', params: 'absent' } as const;
const DSA = { key: 'dsa', params: 'absent' } as const;

/** Signature AlgorithmIdentifier OID → name and hash; RSASSA-PSS (hash in its parameters) aside. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithm>> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5', verify: RSA },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', verify: RSA },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224', verify: RSA },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', verify: RSA },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', verify: RSA },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', verify: RSA },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', verify: EC },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224', verify: EC },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', verify: EC },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', verify: EC },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', verify: EC },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'sha1', verify: DSA },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa-with-SHA224', hash: 'sha224', verify: DSA },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', hash: 'sha256', verify: DSA },
  '1.3.101.112': { name: 'Ed25519', hash: 'none', verify: { key: 'ed25519', params: 'absent' } },
  '1.3.101.113': { name: 'Ed448', hash: 'none', verify: { key: 'ed448', params: 'absent' } },
};

/** Named-curve OID → name and field size. */
export const CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
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

/** keyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

/** extKeyUsage purpose OID → name (RFC 5280 §4.2.1.12 and the two legacy SGC purposes). */
export const EKU_NAMES: Readonly<Record<string, string>> = {
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
