import { describe, expect, it } from '@jest/globals';
import { mismatch } from '../../../src/checks/key/mismatch.js';
import { pairUnverifiable } from '../../../src/checks/key/pair-unverifiable.js';
import type { KeyPairFacts } from '../../../src/x509/formats/keypair.js';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { generateKey, issueCertificate } from '../../helpers/pki.js';

const leaf = issueCertificate({ subject: 'CN=pair', key: generateKey({ type: 'ec' }, 301) });
const ctx = contextFor();
const withPair = (keyPair?: KeyPairFacts) => factsFor([leaf], keyPair ? { keyPair } : {});

describe('key.mismatch', () => {
  it('reports a key that is not the leaf’s', () => {
    const violations = mismatch.evaluate(
      withPair({ source: 'deploy/tls.key', status: 'mismatch', keyType: 'rsa 2048' }),
      ctx,
    );
    expect(violations.map((v) => v.message)).toEqual([
      "the private key in deploy/tls.key (rsa 2048) does not match the leaf's public key (ec P-256)",
    ]);
    expect(violations[0]?.certificate?.facts.subject).toBe('CN=pair');
  });

  it('passes a matching key, and targets without a key check', () => {
    expect(mismatch.evaluate(withPair({ source: 'k', status: 'match' }), ctx)).toEqual([]);
    expect(mismatch.evaluate(withPair(), ctx)).toEqual([]);
    expect(mismatch.evaluate(withPair({ source: 'k', status: 'encrypted' }), ctx)).toEqual([]);
  });
});

describe('key.pair-unverifiable', () => {
  it('an encrypted key is a notice, an unreadable one a warning (the default)', () => {
    const encrypted = pairUnverifiable.evaluate(
      withPair({
        source: 'k',
        status: 'encrypted',
        detail: 'the key is encrypted and no password_env is set',
      }),
      ctx,
    );
    expect(encrypted).toEqual([
      {
        message:
          'cannot check that k matches the certificate: the key is encrypted and no password_env is set',
        severity: 'notice',
        details: { keySource: 'k', status: 'encrypted' },
      },
    ]);
    const unreadable = pairUnverifiable.evaluate(
      withPair({ source: 'k', status: 'unreadable', detail: 'wrong passphrase' }),
      ctx,
    );
    expect(unreadable.map((v) => [v.severity, v.message])).toEqual([
      [undefined, 'cannot check that k matches the certificate: wrong passphrase'],
    ]);
    expect(pairUnverifiable.defaultSeverity).toBe('warning');
  });

  it('passes checked pairs, matching or not', () => {
    expect(pairUnverifiable.evaluate(withPair({ source: 'k', status: 'match' }), ctx)).toEqual([]);
    expect(pairUnverifiable.evaluate(withPair({ source: 'k', status: 'mismatch' }), ctx)).toEqual(
      [],
    );
  });
});
