import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const pathLength = defineRule({
  id: 'chain.path-length',
  check: 'chain',
  description: "A CA's pathLenConstraint is exceeded",
  citation:
    "RFC 5280 §4.2.1.9, §6.1.4(l)-(m): counts non-self-issued intermediates (Go also counts self-issued ones; the RFC is followed). The anchor's constraint applies, as in Go and pyca.",
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Shorten the chain or issue from a CA whose pathLenConstraint allows it.',
  evaluate: (facts) => chainViolations(facts, 'path-length'),
});
