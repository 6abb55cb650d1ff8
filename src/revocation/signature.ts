// Signature checks for OCSP responses, CRLs and delegated responder certificates: node:crypto
// over the signed bytes (synchronous, and covers every algorithm a CA still uses).
import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const HASH_BY_OID: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithm OID → hash (null: the algorithm hashes internally, EdDSA). */
const SIGNATURE_HASH: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10040.4.3': 'sha1',
  '2.16.840.1.101.3.4.3.1': 'sha224',
  '2.16.840.1.101.3.4.3.2': 'sha256',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

const RSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

/** Node hash name for a digest AlgorithmIdentifier OID (CertID hashes, PSS parameters). */
export function hashName(oid: string): string | undefined {
  return HASH_BY_OID[oid];
}

export function digest(hash: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(data).digest());
}

/** The public key of a pkijs certificate, or undefined when node:crypto cannot load it. */
export function publicKeyOf(cert: pkijs.Certificate): KeyObject | undefined {
  try {
    const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported';

/** Verifies `signature` over `data` with `key` under `algorithm` (with its parameters, for PSS). */
export function verifySignature(
  key: KeyObject,
  algorithm: pkijs.AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  const oid = algorithm.algorithmId;
  try {
    if (oid === RSA_PSS) {
      const pss = pssParameters(algorithm.algorithmParams);
      if (!pss) return 'unsupported';
      const ok = verify(
        pss.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
        signature,
      );
      return ok ? 'valid' : 'invalid';
    }
    if (!(oid in SIGNATURE_HASH)) return 'unsupported';
    const hash = SIGNATURE_HASH[oid] ?? null;
    return verify(hash, data, { key, dsaEncoding: 'der' }, signature) ? 'valid' : 'invalid';
  } catch {
    // A key of the wrong type for the algorithm, or a signature node:crypto cannot even decode.
    return 'invalid';
  }
}

function pssParameters(params: unknown): { hash: string; saltLength: number } | undefined {
  if (!(params instanceof asn1js.Sequence)) return { hash: 'sha1', saltLength: 20 };
  try {
    const parsed = new pkijs.RSASSAPSSParams({ schema: params });
    const hash = hashName(parsed.hashAlgorithm.algorithmId);
    if (!hash) return undefined;
    // node:crypto uses the signature hash for MGF1 too; anything else is unusual enough to refuse.
    if (parsed.maskGenAlgorithm.algorithmId !== MGF1) return undefined;
    const mgfHash = parsed.maskGenAlgorithm.algorithmParams;
    const mgfHashOid =
      mgfHash instanceof asn1js.Sequence
        ? new pkijs.AlgorithmIdentifier({ schema: mgfHash }).algorithmId
        : '1.3.14.3.2.26';
    if (hashName(mgfHashOid) !== hash) return undefined;
    return { hash, saltLength: parsed.saltLength };
  } catch {
    return undefined;
  }
}
