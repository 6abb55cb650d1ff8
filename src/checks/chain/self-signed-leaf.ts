import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const selfSignedLeaf = defineRule({
  id: 'chain.self-signed-leaf',
  check: 'chain',
  description: 'The leaf is self-signed and not a trust anchor',
  citation:
    'RFC 5280 §6.1.1(d); a self-signed certificate is trusted only when it is itself a configured trust anchor.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: "Get a CA-issued certificate, or list this certificate in the target's `trust:` file.",
  evaluate: (facts) => chainViolations(facts, 'self-signed-leaf'),
});
