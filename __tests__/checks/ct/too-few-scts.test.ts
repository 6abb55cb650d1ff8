import { describe, expect, it } from '@jest/globals';
import { tooFewScts } from '../../../src/checks/ct/too-few-scts.js';
import type { ChainAnalysis } from '../../../src/x509/types.js';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { FIXTURE_NOW, issueCertificate, makeChain } from '../../helpers/pki.js';

const DAY = 86_400_000;
const chain = makeChain({ name: 'CT' });
const ctx = contextFor();

function leaf(scts: number, lifetimeDays = 90) {
  const notBefore = new Date(FIXTURE_NOW.getTime() - DAY);
  return issueCertificate({
    subject: `CN=ct ${scts} ${lifetimeDays}`,
    issuer: chain.intermediate,
    notBefore,
    notAfter: new Date(notBefore.getTime() + lifetimeDays * DAY - 1000),
    ...(scts > 0 ? { scts } : {}),
  });
}

const validChain = (trustSource: 'bundled' | 'policy'): ChainAnalysis => ({
  valid: true,
  path: [],
  trustSource,
  problems: [],
  presentation: [],
});

const publicFacts = (cert: ReturnType<typeof leaf>) =>
  factsFor([cert, chain.intermediate], { chain: validChain('bundled') });

describe('ct.too-few-scts', () => {
  it('warns about a publicly trusted leaf with fewer than 2 SCTs', () => {
    const violations = tooFewScts.evaluate(publicFacts(leaf(1)), ctx);
    expect(violations.map((v) => v.message)).toEqual([
      'leaf has 1 embedded SCT; Chrome and Safari require 2 for a 90-day certificate',
    ]);
    expect(violations[0]?.details).toEqual({ sctCount: 1, required: 2, lifetimeDays: 90 });
    expect(tooFewScts.evaluate(publicFacts(leaf(0)), ctx)).toHaveLength(1);
  });

  it('asks for 3 SCTs beyond 180 days of lifetime', () => {
    expect(tooFewScts.evaluate(publicFacts(leaf(2, 199)), ctx).map((v) => v.message)).toEqual([
      'leaf has 2 embedded SCTs; Chrome and Safari require 3 for a 199-day certificate',
    ]);
    expect(tooFewScts.evaluate(publicFacts(leaf(3, 199)), ctx)).toEqual([]);
  });

  it('passes 2 SCTs, and private or unvalidated chains', () => {
    expect(tooFewScts.evaluate(publicFacts(leaf(2)), ctx)).toEqual([]);
    const privatePki = factsFor([leaf(0)], { chain: validChain('policy') });
    expect(tooFewScts.evaluate(privatePki, ctx)).toEqual([]);
    const invalid = factsFor([leaf(0)], { chain: { ...validChain('bundled'), valid: false } });
    expect(tooFewScts.evaluate(invalid, ctx)).toEqual([]);
    expect(tooFewScts.evaluate(factsFor([leaf(0)]), ctx)).toEqual([]);
  });
});
