import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const expired = defineRule({
  id: 'chain.expired',
  check: 'chain',
  description:
    'A certificate the path depends on but that was not presented (a `chain` intermediate or the trust anchor) is expired or not yet valid',
  citation:
    "RFC 5280 §6.1.3(a)(2). The anchor's validity is checked too, as Go (isValid on roots) and pyca (permits_ca on every issuer) do; presented certificates are judged by the expiry.* rules, so they are not repeated here.",
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Replace the expired intermediate in the `chain` file, or update the trust store.',
  evaluate: (facts) => chainViolations(facts, 'expired', (p) => p.details?.['presented'] === false),
});
