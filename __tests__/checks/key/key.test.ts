import { describe, expect, it } from '@jest/globals';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { generateKey, issueCertificate, makeChain, type KeySpec } from '../../helpers/pki.js';
import { dsa } from '../../../src/checks/key/dsa.js';
import { ecCurve } from '../../../src/checks/key/ec-curve.js';
import { keyRules } from '../../../src/checks/key/index.js';
import { rsaTooSmall } from '../../../src/checks/key/rsa-too-small.js';
import { rsaWeakExponent } from '../../../src/checks/key/rsa-weak-exponent.js';

const ctx = contextFor();
const certificateKeyRules = [rsaTooSmall, rsaWeakExponent, dsa, ecCurve];
const chain = makeChain({ name: 'Key' });
const leafWith = (spec: KeySpec) =>
  issueCertificate({
    subject: `CN=${Object.values(spec).join(' ')}`,
    issuer: chain.intermediate,
    key: generateKey(spec),
  });
const messages = (rule: typeof dsa, ...certs: Parameters<typeof factsFor>[0]) =>
  rule.evaluate(factsFor(certs), ctx).map((v) => v.message);

describe('key rules', () => {
  it('are registered', () => {
    expect(keyRules).toEqual(expect.arrayContaining(certificateKeyRules));
  });

  it('key.rsa-too-small: 1024-bit RSA fails, 2048-bit passes', () => {
    expect(messages(rsaTooSmall, leafWith({ type: 'rsa', bits: 1024 }))).toEqual([
      'the certificate has a 1024-bit RSA key (minimum 2048)',
    ]);
    expect(messages(rsaTooSmall, leafWith({ type: 'rsa', bits: 2048 }))).toEqual([]);
  });

  it('key.rsa-too-small checks intermediates but not a self-signed root', () => {
    const weak = generateKey({ type: 'rsa', bits: 1024 });
    const root = issueCertificate({ subject: 'CN=Weak Root', key: weak, ca: true });
    const intermediate = issueCertificate({
      subject: 'CN=Weak Int',
      key: weak,
      issuer: root,
      ca: true,
    });
    const leaf = issueCertificate({ subject: 'CN=leaf', issuer: intermediate });
    expect(messages(rsaTooSmall, leaf, intermediate, root)).toEqual([
      'chain certificate "CN=Weak Int" has a 1024-bit RSA key (minimum 2048)',
    ]);
  });

  it('key.rsa-weak-exponent: exponent 3 warns, 65537 passes', () => {
    const small = rsaWeakExponent.evaluate(
      factsFor([leafWith({ type: 'rsa', bits: 1024, exponent: 3 })]),
      ctx,
    );
    expect(small).toEqual([
      expect.objectContaining({
        message: 'the certificate has RSA public exponent 3, which is below 65537',
      }),
    ]);
    expect(small[0]?.severity).toBeUndefined();
    expect(messages(rsaWeakExponent, leafWith({ type: 'rsa', bits: 2048 }))).toEqual([]);
  });

  it('key.dsa: DSA fails, EC passes', () => {
    expect(messages(dsa, leafWith({ type: 'dsa', bits: 1024 }))).toEqual([
      'the certificate has a DSA key (1024 bits)',
    ]);
    expect(messages(dsa, chain.leaf)).toEqual([]);
  });

  it('key.ec-curve: secp256k1 fails; P-256, P-384, Ed25519 and Ed448 pass', () => {
    expect(messages(ecCurve, leafWith({ type: 'ec', curve: 'secp256k1' }))).toEqual([
      'the certificate has an EC key on secp256k1 (allowed: P-256, P-384, P-521)',
    ]);
    for (const spec of [
      { type: 'ec', curve: 'P-384' },
      { type: 'ed25519' },
      { type: 'ed448' },
    ] as const) {
      const facts = factsFor([leafWith(spec)]);
      for (const rule of certificateKeyRules) expect(rule.evaluate(facts, ctx)).toEqual([]);
    }
  });
});
