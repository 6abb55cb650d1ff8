import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const duplicateExtension = defineRule({
  id: 'chain.duplicate-extension',
  check: 'chain',
  description: 'A certificate contains the same extension twice',
  citation:
    'RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension (Go and pyca reject at parse time).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate.',
  evaluate: (facts) => chainViolations(facts, 'duplicate-extension'),
});
