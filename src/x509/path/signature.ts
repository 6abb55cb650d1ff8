// Certificate signatures for path building: the shared verifier (../signature.ts) over the TBS
// bytes, cached per (child, issuer) pair.
import type { KeyObject } from 'node:crypto';
import {
  algorithmParametersDefect as parametersDefect,
  spkiKey,
  verifySigned,
} from '../signature.js';
import type { PathCert } from './cert.js';

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
      key = spkiKey(issuer.spki);
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

function verifyUncached(child: PathCert, issuer: PathCert): SignatureResult {
  const key = publicKey(issuer);
  if (typeof key === 'string') return { ok: false, reason: key };
  return verifySigned(key, child.signatureAlgorithm, child.tbs, child.signature);
}

/** Whether the algorithm's parameters are as its RFC requires (NULL for PKCS#1, absent for ECDSA/EdDSA/DSA). */
export function algorithmParametersDefect(cert: PathCert): string | undefined {
  return parametersDefect(cert.signatureAlgorithm);
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
