// Signature checks for OCSP responses, CRLs and delegated responder certificates: the shared
// verifier (../x509/signature.ts) over the signed bytes, fed from pkijs structures.
import { createHash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { nodeHashName } from '../x509/oids.js';
import { readSingle } from '../x509/path/der.js';
import { spkiKey, verifySigned, type AlgorithmId } from '../x509/signature.js';

/** Node hash name for a digest AlgorithmIdentifier OID (CertID hashes). */
export function hashName(oid: string): string | undefined {
  return nodeHashName(oid);
}

export function digest(hash: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(data).digest());
}

/** The public key of a pkijs certificate, or undefined when node:crypto cannot load it. */
export function publicKeyOf(cert: pkijs.Certificate): KeyObject | undefined {
  try {
    return spkiKey(new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false)));
  } catch {
    return undefined;
  }
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported';

/** The pkijs AlgorithmIdentifier as the verifier reads it; undefined when its parameters do not re-read. */
function algorithmId(algorithm: pkijs.AlgorithmIdentifier): AlgorithmId | undefined {
  const oid = algorithm.algorithmId;
  const params: unknown = algorithm.algorithmParams;
  // pkijs leaves an empty asn1js.Any where the parameters are absent.
  if (!(params instanceof asn1js.BaseBlock) || params instanceof asn1js.Any) return { oid };
  try {
    return { oid, params: readSingle(new Uint8Array(params.toBER(false)), false) };
  } catch {
    return undefined;
  }
}

/** Verifies `signature` over `data` with `key` under `algorithm` (with its parameters, for PSS). */
export function verifySignature(
  key: KeyObject,
  algorithm: pkijs.AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  const id = algorithmId(algorithm);
  if (!id) return 'unsupported';
  const result = verifySigned(key, id, data, signature);
  if (result.ok) return 'valid';
  return result.unsupported ? 'unsupported' : 'invalid';
}
