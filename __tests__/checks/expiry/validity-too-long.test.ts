import {
  cabMaxValidityDays,
  validityTooLong,
} from '../../../src/checks/expiry/validity-too-long.js';
import type { ChainAnalysis } from '../../../src/x509/types.js';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { issueCertificate, makeChain } from '../../helpers/pki.js';

const DAY = 86_400_000;

function leafValidFor(days: number, notBefore: Date) {
  const { intermediate } = makeChain();
  return issueCertificate({
    subject: 'CN=www.example.test',
    issuer: intermediate,
    sans: { dns: ['www.example.test'] },
    notBefore,
    // notAfter is inclusive: a period of N days ends one second before notBefore + N days.
    notAfter: new Date(notBefore.getTime() + days * DAY - 1000),
  });
}

function chainOf(trustSource: ChainAnalysis['trustSource'], valid = true): ChainAnalysis {
  return { valid, path: [], trustSource, problems: [], presentation: [] };
}

describe('expiry.validity-too-long', () => {
  const issued = new Date('2026-04-01T00:00:00Z');

  it('follows the CA/B Forum schedule by issuance date', () => {
    expect(cabMaxValidityDays(new Date('2025-01-01T00:00:00Z'))).toBe(398);
    expect(cabMaxValidityDays(new Date('2026-03-15T00:00:00Z'))).toBe(200);
    expect(cabMaxValidityDays(new Date('2027-03-15T00:00:00Z'))).toBe(100);
    expect(cabMaxValidityDays(new Date('2029-03-15T00:00:00Z'))).toBe(47);
  });

  it('fails a publicly trusted leaf over the limit of its issuance date', () => {
    const facts = factsFor([leafValidFor(201, issued)], { chain: chainOf('bundled') });
    const [violation, ...rest] = validityTooLong.evaluate(facts, contextFor());
    expect(rest).toEqual([]);
    expect(violation?.message).toMatch(/valid for 201 days, more than 200/);
  });

  it('passes a publicly trusted leaf exactly at the limit', () => {
    const facts = factsFor([leafValidFor(200, issued)], { chain: chainOf('bundled') });
    expect(validityTooLong.evaluate(facts, contextFor())).toEqual([]);
  });

  it('exempts private PKI unless max_validity_days is set', () => {
    const facts = factsFor([leafValidFor(825, issued)], { chain: chainOf('policy') });
    expect(validityTooLong.evaluate(facts, contextFor())).toEqual([]);
    const limited = validityTooLong.evaluate(
      facts,
      contextFor({ settings: { maxValidityDays: 90 } }),
    );
    expect(limited[0]?.message).toMatch(/825 days, more than 90 \(max_validity_days\)/);
  });
});
