import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const expired = defineRule({
  id: 'chain.expired',
  check: 'chain',
  description:
    'An intermediate or trust anchor on the certificate path is expired or not yet valid, so the path is invalid',
  citation:
    "RFC 5280 §6.1.3(a)(2). The anchor's validity is checked too, as Go (isValid on roots) and pyca (permits_ca on every issuer) do. The leaf's own dates are expiry.expired / expiry.not-yet-valid; certificates presented but not on the path (an old cross-sign kept for compatibility) are not judged, as no verifier uses them.",
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Replace the expired intermediate in the `chain` file, or update the trust store.',
  evaluate: (facts) => {
    const leaf = facts.certificates[0]?.facts.sha256;
    return chainViolations(facts, 'expired', (p) => p.certificate?.facts.sha256 !== leaf);
  },
});
