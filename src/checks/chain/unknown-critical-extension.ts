import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const unknownCriticalExtension = defineRule({
  id: 'chain.unknown-critical-extension',
  check: 'chain',
  description: 'A certificate has a critical extension the validator does not understand',
  citation:
    'RFC 5280 §4.2: a certificate-using system MUST reject a certificate with an unrecognized critical extension. Policy extensions count as understood (no RFC 5280 policy processing, as browsers for the Web PKI).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue without the critical extension, or mark it non-critical.',
  evaluate: (facts) => chainViolations(facts, 'unknown-critical-extension'),
});
