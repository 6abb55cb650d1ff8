import type { ParsedCertificate } from '../../x509/types.js';
import { defineRule, type TargetFacts } from '../types.js';

const DAY_MS = 86_400_000;

/**
 * CA/Browser Forum Baseline Requirements §6.3.2 (ballot SC-081): the longest validity a publicly
 * trusted TLS subscriber certificate may have, by the date it was issued (notBefore).
 */
const CAB_SCHEDULE: readonly { from: string; days: number }[] = [
  { from: '2029-03-15', days: 47 },
  { from: '2027-03-15', days: 100 },
  { from: '2026-03-15', days: 200 },
  { from: '2020-09-01', days: 398 },
];

export function cabMaxValidityDays(notBefore: Date): number | undefined {
  return CAB_SCHEDULE.find((step) => notBefore.getTime() >= Date.parse(`${step.from}T00:00:00Z`))
    ?.days;
}

/** BR §1.6.4: a day is 86,400 s and any part of a further day counts as a whole day. */
export function validityDays(cert: ParsedCertificate): number {
  const { notBefore, notAfter } = cert.facts;
  // notAfter is inclusive (RFC 5280 §4.1.2.5), so the period ends one second after it.
  return Math.ceil((notAfter.getTime() - notBefore.getTime() + 1000) / DAY_MS);
}

function publiclyTrusted(facts: TargetFacts): boolean {
  return facts.chain?.valid === true && facts.chain.trustSource === 'bundled';
}

export const validityTooLong = defineRule({
  id: 'expiry.validity-too-long',
  check: 'expiry',
  description:
    'The leaf certificate is valid for longer than the policy allows (max_validity_days, or the ' +
    'CA/Browser Forum limit for its issuance date when it chains to a public root).',
  citation:
    'CA/B Forum Baseline Requirements §6.3.2 (398 days from 2020-09-01; SC-081: 200 days from ' +
    '2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15). Private PKI is exempt unless ' +
    'max_validity_days is set.',
  defaultSeverity: 'error',
  appliesTo: ['file', 'host'],
  help: 'Reissue the certificate with a shorter lifetime; automate renewal (ACME) so short lifetimes cost nothing.',
  evaluate(facts, ctx) {
    const [leaf] = facts.certificates;
    if (!leaf) return [];
    const configured = ctx.settings.maxValidityDays;
    const cab = publiclyTrusted(facts) ? cabMaxValidityDays(leaf.facts.notBefore) : undefined;
    // A public CA may not exceed the CA/B limit, so a laxer policy value cannot relax it.
    const limits = [configured, cab].filter((n): n is number => n !== undefined);
    if (limits.length === 0) return [];
    const limit = Math.min(...limits);
    const days = validityDays(leaf);
    if (days <= limit) return [];
    const basis =
      limit === configured
        ? 'max_validity_days'
        : `the CA/B Forum limit for certificates issued from ${leaf.facts.notBefore.toISOString().slice(0, 10)}`;
    return [
      {
        message: `leaf is valid for ${days} days, more than ${limit} (${basis})`,
        certificate: leaf,
        details: { validityDays: days, limit },
      },
    ];
  },
});
