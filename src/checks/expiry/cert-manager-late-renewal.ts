import type { Severity } from '../../model.js';
import { certManagerTiming } from '../../x509/formats/cert-manager.js';
import { defineRule } from '../types.js';

const DAY_MS = 86_400_000;

export const certManagerLateRenewal = defineRule({
  id: 'expiry.cert-manager-late-renewal',
  check: 'expiry',
  description:
    "A cert-manager Certificate renews later than the policy's expiry thresholds: its certificate would warn (warn_days, warn_percent_left) — or fail the gate (fail_days) — before cert-manager even starts renewing it.",
  citation:
    'Operational: expiry.expiring warns within warn_days / below warn_percent_left and fails within fail_days; cert-manager renews renewBefore ahead of notAfter (default: a third of the duration).',
  defaultSeverity: 'warning',
  appliesTo: ['file'],
  help: 'Raise spec.renewBefore above warn_days (or drop it to get a third of the duration), or lower warn_days for this target.',
  evaluate(facts, ctx) {
    const spec = facts.manifest?.certManager;
    if (!spec) return [];
    const { durationMs, renewBeforeMs, renewBeforeText } = certManagerTiming(spec);
    if (durationMs === undefined || renewBeforeMs === undefined || renewBeforeMs >= durationMs) {
      return [];
    }
    const { warnDays, failDays, warnPercentLeft } = ctx.settings.expiry;
    const percent = (renewBeforeMs / durationMs) * 100;
    let severity: Severity | undefined;
    let why = '';
    if (renewBeforeMs < failDays * DAY_MS) {
      [severity, why] = ['error', `fail_days is ${failDays}: the gate would fail first`];
    } else if (renewBeforeMs < warnDays * DAY_MS) {
      [severity, why] = ['warning', `warn_days is ${warnDays}`];
    } else if (warnPercentLeft !== undefined && percent < warnPercentLeft) {
      severity = 'warning';
      why = `renewal starts with ${percent.toFixed(1)}% of the lifetime left, warn_percent_left is ${warnPercentLeft}`;
    }
    if (!severity) return [];
    return [
      {
        message: `cert-manager renews ${renewBeforeText} before expiry, later than the policy alerts (${why})`,
        severity,
        details: { renewBeforeDays: renewBeforeMs / DAY_MS, warnDays, failDays },
      },
    ];
  },
});
