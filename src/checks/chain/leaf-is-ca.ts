import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const leafIsCa = defineRule({
  id: 'chain.leaf-is-ca',
  check: 'chain',
  description: 'The leaf certificate is a CA certificate',
  citation:
    'CA/B BR §7.1.2.7.8: subscriber certificates have cA=FALSE; Firefox rejects a CA certificate used as end entity; RFC 5280 itself allows it, so this is a warning.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Issue the server certificate with basicConstraints cA=FALSE and without keyCertSign.',
  evaluate: (facts) => chainViolations(facts, 'leaf-is-ca'),
});
