import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const badSignature = defineRule({
  id: 'chain.bad-signature',
  check: 'chain',
  description: "A signature in the chain does not verify with the issuer's key",
  citation: 'RFC 5280 §6.1.3(a)(1).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'The certificate was altered or the wrong issuer certificate is used; reissue or send the right intermediate.',
  evaluate: (facts) => chainViolations(facts, 'bad-signature'),
});
