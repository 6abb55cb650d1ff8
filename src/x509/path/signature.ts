// Verifies a certificate's signature with a candidate issuer's key over the TBS bytes, with
// node:crypto so RSA PKCS#1, RSASSA-PSS, ECDSA, Ed25519, Ed448, DSA, MD5 and SHA-1 all work
// (whether a hash is acceptable is the signature.* rules' judgement, not path building's).
import { createPublicKey, constants, verify, type KeyObject } from 'node:crypto';
import { children, decodeOid, DER_TAG, type DerNode } from './der.js';
import type { PathCert } from './cert.js';

const HASH_OIDS: Record<string, string> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

type Scheme = {
  key: 'rsa' | 'ec' | 'dsa' | 'ed25519' | 'ed448';
  hash: string | null;
  params: 'null' | 'absent';
};

/** Signature algorithm OID → key type, hash and the parameters RFC 3279/4055/5758/8410 require. */
const SCHEMES: Record<string, Scheme> = {
  '1.2.840.113549.1.1.4': { key: 'rsa', hash: 'md5', params: 'null' },
  '1.2.840.113549.1.1.5': { key: 'rsa', hash: 'sha1', params: 'null' },
  '1.2.840.113549.1.1.14': { key: 'rsa', hash: 'sha224', params: 'null' },
  '1.2.840.113549.1.1.11': { key: 'rsa', hash: 'sha256', params: 'null' },
  '1.2.840.113549.1.1.12': { key: 'rsa', hash: 'sha384', params: 'null' },
  '1.2.840.113549.1.1.13': { key: 'rsa', hash: 'sha512', params: 'null' },
  '1.2.840.10045.4.1': { key: 'ec', hash: 'sha1', params: 'absent' },
  '1.2.840.10045.4.3.1': { key: 'ec', hash: 'sha224', params: 'absent' },
  '1.2.840.10045.4.3.2': { key: 'ec', hash: 'sha256', params: 'absent' },
  '1.2.840.10045.4.3.3': { key: 'ec', hash: 'sha384', params: 'absent' },
  '1.2.840.10045.4.3.4': { key: 'ec', hash: 'sha512', params: 'absent' },
  '1.2.840.10040.4.3': { key: 'dsa', hash: 'sha1', params: 'absent' },
  '2.16.840.1.101.3.4.3.1': { key: 'dsa', hash: 'sha224', params: 'absent' },
  '2.16.840.1.101.3.4.3.2': { key: 'dsa', hash: 'sha256', params: 'absent' },
  '1.3.101.112': { key: 'ed25519', hash: null, params: 'absent' },
  '1.3.101.113': { key: 'ed448', hash: null, params: 'absent' },
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';

export type SignatureResult = { ok: true } | { ok: false; reason: string };

// Keyed by the certificates' DER arrays, which parseCertificate shares between all results for the
// same bytes: an intermediate shared by many targets loads its key and is verified against its
// issuer once per process.
const keyCache = new WeakMap<Uint8Array, KeyObject | string>();
const resultCache = new WeakMap<Uint8Array, WeakMap<Uint8Array, SignatureResult>>();

function publicKey(issuer: PathCert): KeyObject | string {
  let key = keyCache.get(issuer.source.der);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(issuer.spki), format: 'der', type: 'spki' });
    } catch (error) {
      key = `the issuer's public key cannot be used: ${(error as Error).message}`;
    }
    keyCache.set(issuer.source.der, key);
  }
  return key;
}

/** The outcome depends only on the child's DER and the issuer's key: computed once per pair. */
function verifyShared(child: PathCert, issuer: PathCert): SignatureResult {
  let byIssuer = resultCache.get(child.source.der);
  if (!byIssuer) {
    byIssuer = new WeakMap();
    resultCache.set(child.source.der, byIssuer);
  }
  let result = byIssuer.get(issuer.source.der);
  if (!result) {
    result = verifyUncached(child, issuer);
    byIssuer.set(issuer.source.der, result);
  }
  return result;
}

function keyMatches(key: KeyObject, scheme: Scheme['key'] | 'rsa-pss'): boolean {
  const type = key.asymmetricKeyType;
  if (scheme === 'rsa-pss') return type === 'rsa' || type === 'rsa-pss';
  return type === scheme;
}

/** RSASSA-PSS-params (RFC 4055 §3.1), with their defaults; only MGF1 with the message hash. */
function pssParams(params: DerNode | undefined): { hash: string; saltLength: number } | string {
  let hash = 'sha1';
  let mgfHash = 'sha1';
  let saltLength = 20;
  for (const field of params && params.tag === DER_TAG.SEQUENCE ? children(params, false) : []) {
    const [inner] = children(field, false);
    if (!inner) continue;
    if (field.tag === 0xa0) {
      const [oid] = children(inner, false);
      hash = HASH_OIDS[decodeOid(oid!.content)] ?? 'unknown';
    } else if (field.tag === 0xa1) {
      const [, mgfParams] = children(inner, false);
      const [oid] = mgfParams ? children(mgfParams, false) : [];
      mgfHash = oid ? (HASH_OIDS[decodeOid(oid.content)] ?? 'unknown') : 'unknown';
    } else if (field.tag === 0xa2) {
      saltLength = Number.parseInt(Buffer.from(inner.content).toString('hex') || '0', 16);
    }
  }
  if (hash === 'unknown' || mgfHash !== hash) {
    return 'RSASSA-PSS parameters with an unsupported hash or MGF1 hash';
  }
  return { hash, saltLength };
}

function verifyUncached(child: PathCert, issuer: PathCert): SignatureResult {
  const key = publicKey(issuer);
  if (typeof key === 'string') return { ok: false, reason: key };
  const { oid, params } = child.signatureAlgorithm;
  const signature = Buffer.from(child.signature);
  const data = Buffer.from(child.tbs);
  try {
    if (oid === RSASSA_PSS) {
      const pss = pssParams(params);
      if (typeof pss === 'string') return { ok: false, reason: pss };
      if (!keyMatches(key, 'rsa-pss'))
        return { ok: false, reason: 'RSASSA-PSS signature but the issuer key is not RSA' };
      const ok = verify(
        pss.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
        signature,
      );
      return ok ? { ok } : { ok, reason: 'the signature does not verify with the issuer key' };
    }
    const scheme = SCHEMES[oid];
    if (!scheme) return { ok: false, reason: `unsupported signature algorithm ${oid}` };
    if (!keyMatches(key, scheme.key)) {
      return {
        ok: false,
        reason: `a ${scheme.key.toUpperCase()} signature algorithm but the issuer key is ${key.asymmetricKeyType}`,
      };
    }
    const ok = verify(scheme.hash, data, key, signature);
    return ok ? { ok } : { ok, reason: 'the signature does not verify with the issuer key' };
  } catch (error) {
    return { ok: false, reason: `the signature cannot be verified: ${(error as Error).message}` };
  }
}

/** Whether the algorithm's parameters are as its RFC requires (NULL for PKCS#1, absent for ECDSA/EdDSA/DSA). */
export function algorithmParametersDefect(cert: PathCert): string | undefined {
  const { oid, params } = cert.signatureAlgorithm;
  const scheme = SCHEMES[oid];
  if (!scheme) return undefined;
  // RFC 4055 §5 says NULL for PKCS#1; absent parameters are tolerated as Go and OpenSSL do.
  if (scheme.params === 'null' && params && params.tag !== DER_TAG.NULL) {
    return 'RSA signature algorithm parameters must be NULL (RFC 4055 §5)';
  }
  if (scheme.params === 'absent' && params) {
    return 'signature algorithm parameters must be absent (RFC 5758 §3.2, RFC 8410 §3)';
  }
  return undefined;
}

/**
 * Verifies `child` against `issuer`, cached per (child, issuer) pair. `checks` counts the pairs this
 * verifier asked about (the per-target work bound), whether or not another target already paid
 * for the cryptography.
 */
export class SignatureVerifier {
  private readonly results = new WeakMap<PathCert, WeakMap<PathCert, SignatureResult>>();
  /** Signature checks actually performed (cache misses): the work bound counts these. */
  checks = 0;

  verify(child: PathCert, issuer: PathCert): SignatureResult {
    let byIssuer = this.results.get(child);
    if (!byIssuer) {
      byIssuer = new WeakMap();
      this.results.set(child, byIssuer);
    }
    let result = byIssuer.get(issuer);
    if (!result) {
      this.checks++;
      result = verifyShared(child, issuer);
      byIssuer.set(issuer, result);
    }
    return result;
  }
}
