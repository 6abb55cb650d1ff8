import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const notACa = defineRule({
  id: 'chain.not-a-ca',
  check: 'chain',
  description: 'A certificate that issued another certificate is not a CA',
  citation:
    'RFC 5280 §4.2.1.9, §6.1.4(k): basicConstraints cA=TRUE is required on every issuer below the anchor; v1/v2 certificates are not CAs.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'The issuing certificate must be a CA certificate (basicConstraints cA=TRUE, version 3).',
  evaluate: (facts) => chainViolations(facts, 'not-a-ca'),
});
