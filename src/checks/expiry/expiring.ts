import { daysUntil, isoDay } from '../../x509/certificate.js';
import { certificateName, certificatesRelied } from '../../x509/presented.js';
import type { Severity } from '../../model.js';
import { defineRule, type Violation } from '../types.js';

const DAY_MS = 86_400_000;

function limitText(key: string, configured: number, limit: number): string {
  return limit < configured
    ? `${key} is ${configured}, capped at ${Math.floor(limit * 10) / 10} days by warn_percent_left for this lifetime`
    : `${key} is ${configured}`;
}

export const expiring = defineRule({
  id: 'expiry.expiring',
  check: 'expiry',
  description:
    'The leaf or a certificate on its path expires soon: within `fail_days` (error), within `warn_days` or with less than `warn_percent_left` of its lifetime left (warning). With `warn_percent_left` set, the day thresholds are capped at that share of the lifetime (fail_days at half of it), so short-lived certificates are judged by their own lifetime.',
  citation:
    'Operational: renew ahead of notAfter (RFC 5280 §4.1.2.5); Let’s Encrypt renews at one third of the lifetime left.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Renew the certificate now; automate renewal (ACME) so this never becomes urgent.',
  evaluate(facts, ctx) {
    const { warnDays, failDays, warnPercentLeft } = ctx.settings.expiry;
    const violations: Violation[] = [];
    for (const cert of certificatesRelied(facts)) {
      const { notBefore, notAfter } = cert.facts;
      const now = ctx.now.getTime();
      // Expired and not-yet-valid certificates have their own rules.
      if (notAfter.getTime() < now || notBefore.getTime() > now) continue;
      const daysLeft = daysUntil(notAfter, ctx.now);
      const lifetime = notAfter.getTime() - notBefore.getTime();
      const percentLeft = lifetime > 0 ? ((notAfter.getTime() - now) / lifetime) * 100 : 0;
      // With warn_percent_left set, day thresholds never exceed that share of the lifetime (and
      // fail_days half of it): a 6-day certificate is not "expiring" for its whole life.
      const share =
        warnPercentLeft === undefined ? Infinity : (lifetime / DAY_MS) * (warnPercentLeft / 100);
      const warnLimit = Math.min(warnDays, share);
      const failLimit = Math.min(failDays, share / 2);
      let severity: Severity | undefined;
      let why = '';
      if (daysLeft <= failLimit)
        [severity, why] = ['error', limitText('fail_days', failDays, failLimit)];
      else if (daysLeft <= warnLimit)
        [severity, why] = ['warning', limitText('warn_days', warnDays, warnLimit)];
      else if (warnPercentLeft !== undefined && percentLeft < warnPercentLeft) {
        severity = 'warning';
        why = `${percentLeft.toFixed(1)}% of its lifetime left, warn_percent_left is ${warnPercentLeft}`;
      }
      if (!severity) continue;
      violations.push({
        message: `${certificateName(facts, cert)} expires on ${isoDay(notAfter)} (${daysLeft} day${daysLeft === 1 ? '' : 's'} left; ${why})`,
        severity,
        certificate: cert,
        details: {
          notAfter: notAfter.toISOString(),
          daysLeft,
          percentLeft: Math.round(percentLeft * 10) / 10,
        },
      });
    }
    return violations;
  },
});
