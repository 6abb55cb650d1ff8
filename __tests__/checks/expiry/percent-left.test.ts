import { expiring } from '../../../src/checks/expiry/expiring.js';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { FIXTURE_NOW, issueCertificate, makeChain } from '../../helpers/pki.js';

const DAY = 86_400_000;

/** A leaf with `lifetimeDays` of validity and `daysLeft` of it remaining at FIXTURE_NOW. */
function leaf(lifetimeDays: number, daysLeft: number) {
  const notAfter = new Date(FIXTURE_NOW.getTime() + daysLeft * DAY);
  return issueCertificate({
    subject: 'CN=short.example.test',
    issuer: makeChain().intermediate,
    sans: { dns: ['short.example.test'] },
    notBefore: new Date(notAfter.getTime() - lifetimeDays * DAY),
    notAfter,
  });
}

const severities = (lifetime: number, left: number, percent?: number) =>
  expiring
    .evaluate(
      factsFor([leaf(lifetime, left)]),
      contextFor({ settings: { expiry: { warnDays: 30, failDays: 7, warnPercentLeft: percent } } }),
    )
    .map((v) => v.severity);

describe('expiry.expiring with warn_percent_left', () => {
  it('without it, a 6-day certificate is always failing under fixed day counts', () => {
    expect(severities(6, 5)).toEqual(['error']);
  });

  it('judges a 6-day certificate by its own lifetime', () => {
    expect(severities(6, 5, 33)).toEqual([]); // 83% left
    expect(severities(6, 1.5, 33)).toEqual(['warning']); // 25% left
    expect(severities(6, 0.5, 33)).toEqual(['error']); // under half of the 33% share
  });

  it('caps warn_days for a 47-day certificate and keeps fail_days', () => {
    expect(severities(47, 20, 33)).toEqual([]); // 20 days left > 15.5-day share
    expect(severities(47, 12, 33)).toEqual(['warning']);
    expect(severities(47, 6, 33)).toEqual(['error']);
  });

  it('adds a lifetime-based warning to long certificates', () => {
    expect(severities(365, 100, 33)).toEqual(['warning']); // 27% left, though 100 days remain
    expect(severities(365, 100)).toEqual([]);
  });
});
