// The one signature verifier, for certificates (path building), OCSP responses and CRLs: node:crypto
// over the signed bytes, so RSA PKCS#1, RSASSA-PSS, ECDSA, Ed25519, Ed448, DSA, MD5 and SHA-1 all
// work (whether a hash is acceptable is the signature.* rules' judgement, not the verifier's).
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  MGF1,
  nodeHashName,
  RSASSA_PSS,
  SIGNATURE_ALGORITHMS,
  type SignatureKeyType,
} from './oids.js';
import { children, decodeOid, DER_TAG, type DerNode } from './path/der.js';

export interface AlgorithmId {
  oid: string;
  params?: DerNode;
}

/** `unsupported`: the algorithm or its parameters are beyond the verifier, not a bad signature. */
export type Verification = { ok: true } | { ok: false; reason: string; unsupported?: true };

/** A SubjectPublicKeyInfo as a node:crypto key; throws when node:crypto cannot load it. */
export function spkiKey(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

function keyMatches(key: KeyObject, scheme: SignatureKeyType | 'rsa-pss'): boolean {
  const type = key.asymmetricKeyType;
  if (scheme === 'rsa-pss') return type === 'rsa' || type === 'rsa-pss';
  return type === scheme;
}

function hashOf(algorithm: DerNode): string | undefined {
  const [oid] = children(algorithm, false);
  return oid?.tag === DER_TAG.OID ? nodeHashName(decodeOid(oid.content)) : undefined;
}

const PSS_UNSUPPORTED = 'RSASSA-PSS parameters with an unsupported hash or MGF1 hash';

/** RSASSA-PSS-params (RFC 4055 §3.1), with their defaults; only MGF1 with the message hash. */
function pssParams(params: DerNode | undefined): { hash: string; saltLength: number } | string {
  let hash: string | undefined = 'sha1';
  let mgfHash: string | undefined = 'sha1';
  let saltLength = 20;
  try {
    for (const field of params?.tag === DER_TAG.SEQUENCE ? children(params, false) : []) {
      const [inner] = children(field, false);
      if (!inner) continue;
      if (field.tag === 0xa0) {
        hash = hashOf(inner);
      } else if (field.tag === 0xa1) {
        // node:crypto uses the signature hash for MGF1 too; anything else is refused.
        const [mgf, mgfParams] = children(inner, false);
        const isMgf1 = mgf?.tag === DER_TAG.OID && decodeOid(mgf.content) === MGF1;
        mgfHash = isMgf1 && mgfParams ? hashOf(mgfParams) : undefined;
      } else if (field.tag === 0xa2) {
        saltLength = Number.parseInt(Buffer.from(inner.content).toString('hex') || '0', 16);
      }
    }
  } catch {
    return PSS_UNSUPPORTED;
  }
  return hash && mgfHash === hash ? { hash, saltLength } : PSS_UNSUPPORTED;
}

function checked(ok: boolean): Verification {
  return ok ? { ok } : { ok, reason: 'the signature does not verify with the issuer key' };
}

/** Verifies `signature` over `data` with `key` under `algorithm` (with its parameters, for PSS). */
export function verifySigned(
  key: KeyObject,
  algorithm: AlgorithmId,
  data: Uint8Array,
  signature: Uint8Array,
): Verification {
  const { oid, params } = algorithm;
  try {
    if (oid === RSASSA_PSS) {
      const pss = pssParams(params);
      if (typeof pss === 'string') return { ok: false, reason: pss, unsupported: true };
      if (!keyMatches(key, 'rsa-pss'))
        return { ok: false, reason: 'RSASSA-PSS signature but the issuer key is not RSA' };
      const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength };
      return checked(verify(pss.hash, data, options, signature));
    }
    const known = SIGNATURE_ALGORITHMS[oid];
    const scheme = known?.verify;
    if (!known || !scheme) {
      return { ok: false, reason: `unsupported signature algorithm ${oid}`, unsupported: true };
    }
    if (!keyMatches(key, scheme.key)) {
      return {
        ok: false,
        reason: `a ${scheme.key.toUpperCase()} signature algorithm but the issuer key is ${key.asymmetricKeyType}`,
      };
    }
    const hash = known.hash === 'none' ? null : known.hash;
    return checked(verify(hash, data, key, signature));
  } catch (error) {
    return { ok: false, reason: `the signature cannot be verified: ${(error as Error).message}` };
  }
}

/** Whether the algorithm's parameters are as its RFC requires (NULL for PKCS#1, absent for ECDSA/EdDSA/DSA). */
export function algorithmParametersDefect(algorithm: AlgorithmId): string | undefined {
  const { oid, params } = algorithm;
  const scheme = SIGNATURE_ALGORITHMS[oid]?.verify;
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
