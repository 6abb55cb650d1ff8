import { certManagerTiming } from '../../x509/formats/cert-manager.js';
import { defineRule } from '../types.js';

export const certManagerInvalidDuration = defineRule({
  id: 'expiry.cert-manager-invalid-duration',
  check: 'expiry',
  description:
    'A cert-manager Certificate has a spec.duration / spec.renewBefore / spec.renewBeforePercentage the API server or the cert-manager webhook rejects (e.g. `90d`: Go durations have no days).',
  citation:
    'cert-manager.io/v1 Certificate API: duration and renewBefore are metav1.Duration (Go time.ParseDuration units ns…h), duration ≥ 1h, renewBefore ≥ 5m, renewBefore and renewBeforePercentage mutually exclusive (cert-manager webhook validation).',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Write durations in hours, minutes or seconds: 90 days is `2160h`, 30 days `720h`.',
  evaluate(facts) {
    const spec = facts.manifest?.certManager;
    if (!spec) return [];
    return certManagerTiming(spec).problems.map((message) => ({ message }));
  },
});
