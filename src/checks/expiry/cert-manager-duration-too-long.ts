import { certManagerTiming } from '../../x509/formats/cert-manager.js';
import { defineRule } from '../types.js';

const DAY_MS = 86_400_000;

export const certManagerDurationTooLong = defineRule({
  id: 'expiry.cert-manager-duration-too-long',
  check: 'expiry',
  description:
    'A cert-manager Certificate asks for a lifetime (spec.duration) longer than max_validity_days (set by the policy or a profile).',
  citation:
    'The issuer behind spec.issuerRef is not in the manifest, so it may be private PKI: like expiry.validity-too-long, the limit applies only when the policy sets one (public ACME CAs choose the lifetime themselves and ignore spec.duration). cert-manager sets notAfter = notBefore + duration, and CA/B BR §6.3.2 counts notAfter inclusively (so 4800h is 200 days and 1 second: 201 days).',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Lower spec.duration, or raise max_validity_days for this target if the issuer may issue longer certificates.',
  evaluate(facts, ctx) {
    const spec = facts.manifest?.certManager;
    if (!spec) return [];
    const { durationMs, durationText } = certManagerTiming(spec);
    if (durationMs === undefined) return [];
    const limit = ctx.settings.maxValidityDays;
    if (limit === undefined) return [];
    // The same day count as expiry.validity-too-long applies to the certificate once issued.
    const days = Math.ceil((durationMs + 1000) / DAY_MS);
    if (days <= limit) return [];
    return [
      {
        message: `spec.duration ${durationText} gives certificates valid for ${days} days, more than ${limit} (max_validity_days)`,
        details: { validityDays: days, limit },
      },
    ];
  },
});
