import { certManagerTiming } from '../../x509/formats/cert-manager.js';
import { defineRule } from '../types.js';

export const certManagerRenewBeforeDuration = defineRule({
  id: 'expiry.cert-manager-renew-before-duration',
  check: 'expiry',
  description:
    'A cert-manager Certificate sets spec.renewBefore to its spec.duration or more: it would be due for renewal the moment it is issued.',
  citation:
    'cert-manager webhook validation: "certificate duration must be greater than renewBefore" (cert-manager.io/docs/usage/certificate/#renewal).',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Make renewBefore well below duration, e.g. a third of it (cert-manager’s default when renewBefore is unset).',
  evaluate(facts) {
    const spec = facts.manifest?.certManager;
    if (!spec || spec.renewBefore === undefined) return [];
    const { durationMs, durationText, renewBeforeMs, renewBeforeText } = certManagerTiming(spec);
    if (durationMs === undefined || renewBeforeMs === undefined || renewBeforeMs < durationMs) {
      return [];
    }
    return [
      {
        message: `spec.renewBefore ${renewBeforeText} is not shorter than spec.duration ${durationText}`,
        details: { durationMs, renewBeforeMs },
      },
    ];
  },
});
