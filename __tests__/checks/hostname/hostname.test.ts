import { describe, expect, it } from '@jest/globals';
import { contextFor, factsFor, fileTarget } from '../../helpers/facts.js';
import { issueCertificate, makeChain } from '../../helpers/pki.js';
import { hostnameRules } from '../../../src/checks/hostname/index.js';
import { invalidSan } from '../../../src/checks/hostname/invalid-san.js';
import { mismatch } from '../../../src/checks/hostname/mismatch.js';
import { noSan } from '../../../src/checks/hostname/no-san.js';

const ctx = contextFor();
const chain = makeChain({ hostname: 'www.example.com' });

describe('hostname rules', () => {
  it('are registered', () => {
    expect(hostnameRules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['hostname.no-san', 'hostname.mismatch', 'hostname.invalid-san']),
    );
  });

  it('hostname.mismatch passes a matching name and lists SANs and the reason otherwise', () => {
    const ok = factsFor([chain.leaf, chain.intermediate], { expectedHostname: 'WWW.example.com' });
    expect(mismatch.evaluate(ok, ctx)).toEqual([]);
    const many = issueCertificate({
      subject: 'CN=many',
      issuer: chain.intermediate,
      sans: { dns: Array.from({ length: 12 }, (_, i) => `h${i}.example.com`), ip: ['10.0.0.1'] },
    });
    const [violation, ...rest] = mismatch.evaluate(
      factsFor([many], { expectedHostname: 'www.example.com' }),
      ctx,
    );
    expect(rest).toEqual([]);
    expect(violation?.message).toBe(
      'the certificate does not match "www.example.com": no DNS SAN matches www.example.com; SANs: ' +
        Array.from({ length: 10 }, (_, i) => `DNS:h${i}.example.com`).join(', ') +
        ' (+3 more)',
    );
    // Without an expected name there is nothing to match.
    expect(mismatch.evaluate(factsFor([many]), ctx)).toEqual([]);
  });

  it('hostname.no-san flags a server certificate with only a CN, and mismatch stays quiet then', () => {
    const cnOnly = issueCertificate({ subject: 'CN=www.example.com', issuer: chain.intermediate });
    const facts = factsFor([cnOnly], { expectedHostname: 'www.example.com' });
    expect(noSan.evaluate(facts, ctx).map((v) => v.message)).toEqual([
      'the certificate has no subjectAltName extension (CN "www.example.com" is ignored by clients)',
    ]);
    expect(mismatch.evaluate(facts, ctx)).toEqual([]);
    expect(noSan.evaluate(factsFor([chain.leaf]), ctx)).toEqual([]);
    // Client certificates and CA files are not server identities.
    const client = factsFor([cnOnly], { target: fileTarget({ usage: 'client' }) });
    expect(noSan.evaluate(client, ctx)).toEqual([]);
    expect(noSan.evaluate(factsFor([chain.root]), ctx)).toEqual([]);
  });

  it('hostname.invalid-san flags malformed DNS names', () => {
    const bad = issueCertificate({
      subject: 'CN=bad',
      issuer: chain.intermediate,
      sans: { dns: ['ok.example.com', '*', 'www.*.example.com', 'under_score.example.com'] },
    });
    expect(invalidSan.evaluate(factsFor([bad]), ctx).map((v) => v.message)).toEqual([
      'DNS SAN "*" is a bare wildcard',
      'DNS SAN "www.*.example.com" has a wildcard that is not the left-most label',
      'DNS SAN "under_score.example.com" has an invalid label "under_score"',
    ]);
    expect(invalidSan.evaluate(factsFor([chain.leaf]), ctx)).toEqual([]);
  });
});
