import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const incomplete = defineRule({
  id: 'chain.incomplete',
  check: 'chain',
  description: 'The chain is incomplete: an issuer certificate is missing',
  citation:
    'RFC 5280 §6.1 (a path must reach a trust anchor); RFC 8446 §4.4.2 / RFC 5246 §7.4.2 (the server sends the intermediates). A missing intermediate is an error even though some clients could fetch it through AIA: many (curl, Go, Java, mobile stacks) do not.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Send (or put in the file or its `chain`) every intermediate between the leaf and the root, leaf first. If the chain is complete up to a private root CA, give that root as `trust:` instead.',
  evaluate: (facts) => chainViolations(facts, 'incomplete'),
});
