import { describe, expect, it } from '@jest/globals';
import { constants, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { verifySignature } from '../../src/revocation/signature.js';
import { readSingle } from '../../src/x509/path/der.js';
import { verifySigned, type AlgorithmId } from '../../src/x509/signature.js';
import { generateKey } from '../helpers/pki.js';

const data = new TextEncoder().encode('tbs bytes');
const rsa = generateKey({ type: 'rsa' });
const ec = generateKey({ type: 'ec' });
const ed = generateKey({ type: 'ed25519' });

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA1 = '1.3.14.3.2.26';
const PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

const rsaSha256 = new Uint8Array(sign('sha256', data, rsa.privateKey));
const ecdsaSha256 = new Uint8Array(sign('sha256', data, ec.privateKey));
const pssSha256 = new Uint8Array(
  sign('sha256', data, {
    key: rsa.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  }),
);

const hashAlgorithm = (oid: string) =>
  new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() });

function pssAlgorithm(hash: string, mgfHash: string): pkijs.AlgorithmIdentifier {
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm: hashAlgorithm(hash),
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: MGF1,
      algorithmParams: hashAlgorithm(mgfHash).toSchema(),
    }),
    saltLength: 32,
  });
  return new pkijs.AlgorithmIdentifier({ algorithmId: PSS, algorithmParams: params.toSchema() });
}

/** The pkijs AlgorithmIdentifier as the path code sees it (strict DER nodes). */
function asPathAlgorithm(algorithm: pkijs.AlgorithmIdentifier): AlgorithmId {
  const params = algorithm.algorithmParams as asn1js.AsnType | undefined;
  return params && !(params instanceof asn1js.Any)
    ? { oid: algorithm.algorithmId, params: readSingle(new Uint8Array(params.toBER(false))) }
    : { oid: algorithm.algorithmId };
}

describe('the shared signature verifier', () => {
  it('verifies RSA PKCS#1, RSASSA-PSS with its parameters, ECDSA and Ed25519', () => {
    const pkcs1 = { oid: '1.2.840.113549.1.1.11' };
    expect(verifySigned(rsa.publicKey, pkcs1, data, rsaSha256)).toEqual({ ok: true });
    const pss = asPathAlgorithm(pssAlgorithm(SHA256, SHA256));
    expect(verifySigned(rsa.publicKey, pss, data, pssSha256)).toEqual({ ok: true });
    const ecdsa = { oid: '1.2.840.10045.4.3.2' };
    expect(verifySigned(ec.publicKey, ecdsa, data, ecdsaSha256)).toEqual({ ok: true });
    const eddsa = new Uint8Array(sign(null, data, ed.privateKey));
    expect(verifySigned(ed.publicKey, { oid: '1.3.101.112' }, data, eddsa)).toEqual({ ok: true });
  });

  it('rejects a signature made with another hash', () => {
    const sha384 = { oid: '1.2.840.113549.1.1.12' };
    expect(verifySigned(rsa.publicKey, sha384, data, rsaSha256)).toEqual({
      ok: false,
      reason: 'the signature does not verify with the issuer key',
    });
  });

  it('rejects an algorithm that names another key type than the key, even where node:crypto would verify', () => {
    // node:crypto picks the scheme from the key: an RSA key under an ECDSA OID checks PKCS#1.
    const ecdsaLabel = { oid: '1.2.840.10045.4.3.2' };
    expect(verifySigned(rsa.publicKey, ecdsaLabel, data, rsaSha256)).toEqual({
      ok: false,
      reason: 'a EC signature algorithm but the issuer key is rsa',
    });
  });

  it('marks unknown algorithms and PSS parameters it cannot honour as unsupported', () => {
    expect(verifySigned(rsa.publicKey, { oid: '1.2.3.4' }, data, rsaSha256)).toMatchObject({
      ok: false,
      unsupported: true,
    });
    const mixed = asPathAlgorithm(pssAlgorithm(SHA256, SHA1));
    expect(verifySigned(rsa.publicKey, mixed, data, pssSha256)).toMatchObject({
      ok: false,
      unsupported: true,
    });
  });
});

describe('revocation verifySignature over pkijs AlgorithmIdentifiers', () => {
  it('maps the shared verdicts to valid, invalid and unsupported', () => {
    const pkcs1 = new pkijs.AlgorithmIdentifier({
      algorithmId: '1.2.840.113549.1.1.11',
      algorithmParams: new asn1js.Null(),
    });
    expect(verifySignature(rsa.publicKey, pkcs1, data, rsaSha256)).toBe('valid');
    expect(verifySignature(rsa.publicKey, pkcs1, data, pssSha256)).toBe('invalid');
    expect(verifySignature(rsa.publicKey, pssAlgorithm(SHA256, SHA256), data, pssSha256)).toBe(
      'valid',
    );
    expect(verifySignature(rsa.publicKey, pssAlgorithm(SHA256, SHA1), data, pssSha256)).toBe(
      'unsupported',
    );
    const ecdsaLabel = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.10045.4.3.2' });
    expect(verifySignature(ec.publicKey, ecdsaLabel, data, ecdsaSha256)).toBe('valid');
    expect(verifySignature(rsa.publicKey, ecdsaLabel, data, rsaSha256)).toBe('invalid');
  });
});
