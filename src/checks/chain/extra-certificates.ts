import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const extraCertificates = defineRule({
  id: 'chain.extra-certificates',
  check: 'chain',
  description: 'Certificates that are not part of the chain were presented',
  citation:
    'RFC 8446 §4.4.2 / RFC 5246 §7.4.2: the list is the leaf and its issuers. Unused certificates that lead upwards from the path (cross-signs) are compatibility material and are not reported.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Remove unrelated certificates from the file or server configuration.',
  evaluate: (facts) => chainViolations(facts, 'extra-certificates'),
});
