import { certManagerTiming } from '../../x509/formats/cert-manager.js';
import { defineRule } from '../types.js';
import { cabMaxValidityDays } from './validity-too-long.js';

const DAY_MS = 86_400_000;

export const certManagerDurationTooLong = defineRule({
  id: 'expiry.cert-manager-duration-too-long',
  check: 'expiry',
  description:
    'A cert-manager Certificate asks for a lifetime (spec.duration) longer than max_validity_days, or than the CA/Browser Forum limit for certificates issued today when max_validity_days is not set.',
  citation:
    'CA/B Forum Baseline Requirements §6.3.2 (SC-081: 200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15); cert-manager sets notAfter = notBefore + duration, and BR counts notAfter inclusively (so 4800h is 200 days and 1 second: 201 days).',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Lower spec.duration. For a private issuer (CA, Vault) that may issue longer certificates, set max_validity_days on this target.',
  evaluate(facts, ctx) {
    const spec = facts.manifest?.certManager;
    if (!spec) return [];
    const { durationMs, durationText } = certManagerTiming(spec);
    if (durationMs === undefined) return [];
    const configured = ctx.settings.maxValidityDays;
    const limit = configured ?? cabMaxValidityDays(ctx.now);
    if (limit === undefined) return [];
    // The same day count as expiry.validity-too-long applies to the certificate once issued.
    const days = Math.ceil((durationMs + 1000) / DAY_MS);
    if (days <= limit) return [];
    const basis =
      configured !== undefined
        ? 'max_validity_days'
        : `the CA/Browser Forum limit for certificates issued on ${ctx.now.toISOString().slice(0, 10)}`;
    return [
      {
        message: `spec.duration ${durationText} gives certificates valid for ${days} days, more than ${limit} (${basis})`,
        details: { validityDays: days, limit },
      },
    ];
  },
});
