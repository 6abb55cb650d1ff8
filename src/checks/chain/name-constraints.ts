import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const nameConstraints = defineRule({
  id: 'chain.name-constraints',
  check: 'chain',
  description: "A name in the chain violates a CA's name constraints",
  citation:
    'RFC 5280 §4.2.1.10, §6.1.3(b)-(c): DNS, IP, email, URI and directory names in SANs and the subject (emailAddress attributes); a host-like CN of a leaf without DNS SANs is constrained as a dNSName, as NSS and Chrome do for legacy CN matching (Go ignores the CN).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Issue the certificate from a CA allowed to issue for these names.',
  evaluate: (facts) => chainViolations(facts, 'name-constraints'),
});
