import { describe, expect, it } from '@jest/globals';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { FIXTURE_NOW, issueCertificate, makeChain } from '../../helpers/pki.js';
import { expired } from '../../../src/checks/expiry/expired.js';
import { expiring } from '../../../src/checks/expiry/expiring.js';
import { notYetValid } from '../../../src/checks/expiry/not-yet-valid.js';

const DAY = 86_400_000;
const at = (days: number) => new Date(FIXTURE_NOW.getTime() + days * DAY);
const chain = makeChain({ name: 'Expiry' });
const leafValid = (from: number, to: number) =>
  issueCertificate({
    subject: `CN=leaf ${from} ${to}`,
    issuer: chain.intermediate,
    notBefore: at(from),
    notAfter: at(to),
  });
const ctx = contextFor();

describe('expiry.expired', () => {
  it('reports the leaf with date and days ago, leaving path certificates to chain.expired', () => {
    const oldIntermediate = issueCertificate({
      subject: 'CN=Old Intermediate',
      issuer: chain.root,
      ca: true,
      notBefore: at(-400),
      notAfter: at(-10),
    });
    const facts = factsFor([leafValid(-100, -3.5), oldIntermediate]);
    expect(expired.evaluate(facts, ctx).map((v) => v.message)).toEqual([
      'the certificate expired on 2026-05-28 (4 days ago)',
    ]);
  });

  it('passes valid certificates', () => {
    expect(expired.evaluate(factsFor([chain.leaf, chain.intermediate]), ctx)).toEqual([]);
  });

  it('moves with --now', () => {
    const facts = factsFor([leafValid(-10, 10)]);
    expect(expired.evaluate(facts, contextFor({ now: at(11) }))).toHaveLength(1);
  });
});

describe('expiry.not-yet-valid', () => {
  it('reports a certificate from the future and passes a current one', () => {
    const facts = factsFor([leafValid(2, 90)]);
    expect(notYetValid.evaluate(facts, ctx).map((v) => v.message)).toEqual([
      'the certificate is not valid before 2026-06-03T00:00:00.000Z (2026-06-03)',
    ]);
    expect(notYetValid.evaluate(factsFor([leafValid(-1, 90)]), ctx)).toEqual([]);
  });
});

describe('expiry.expiring', () => {
  it('is an error within fail_days and a warning within warn_days', () => {
    const soon = expiring.evaluate(factsFor([leafValid(-60, 5)]), ctx);
    expect(soon).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'the certificate expires on 2026-06-06 (5 days left; fail_days is 7)',
      }),
    ]);
    const later = expiring.evaluate(factsFor([leafValid(-60, 20)]), ctx);
    expect(later).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'the certificate expires on 2026-06-21 (20 days left; warn_days is 30)',
      }),
    ]);
  });

  it('passes a certificate with enough time left, and skips expired ones', () => {
    expect(expiring.evaluate(factsFor([leafValid(-10, 80)]), ctx)).toEqual([]);
    expect(expiring.evaluate(factsFor([leafValid(-10, -1)]), ctx)).toEqual([]);
  });

  it('checks chain certificates too and honours the configured thresholds', () => {
    const shortIntermediate = issueCertificate({
      subject: 'CN=Short Intermediate',
      issuer: chain.root,
      ca: true,
      notBefore: at(-100),
      notAfter: at(12),
    });
    const facts = factsFor([leafValid(-10, 80), shortIntermediate]);
    const strict = contextFor({ settings: { expiry: { warnDays: 60, failDays: 14 } } });
    expect(expiring.evaluate(facts, strict)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'chain certificate "CN=Short Intermediate" expires on 2026-06-13 (12 days left; fail_days is 14)',
      }),
    ]);
  });

  it('warns when less than warn_percent_left of the lifetime is left', () => {
    const facts = factsFor([leafValid(-80, 40)]);
    const settings = { expiry: { warnDays: 30, failDays: 7, warnPercentLeft: 50 } };
    expect(expiring.evaluate(facts, contextFor({ settings }))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'the certificate expires on 2026-07-11 (40 days left; 33.3% of its lifetime left, warn_percent_left is 50)',
      }),
    ]);
    const relaxed = { expiry: { warnDays: 30, failDays: 7, warnPercentLeft: 20 } };
    expect(expiring.evaluate(facts, contextFor({ settings: relaxed }))).toEqual([]);
  });
});
