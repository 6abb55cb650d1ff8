import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const untrustedRoot = defineRule({
  id: 'chain.untrusted-root',
  check: 'chain',
  description: 'The chain ends at a root that is not a trust anchor',
  citation:
    'RFC 5280 §6.1.1(d): trust anchors are inputs to validation; a root sent by the server or in the file is never trusted because it was sent.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Use a certificate from a publicly trusted CA, or set `trust:` to the private root that should be trusted.',
  evaluate: (facts) => chainViolations(facts, 'untrusted-root'),
});
