import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const wrongOrder = defineRule({
  id: 'chain.wrong-order',
  check: 'chain',
  description: 'The certificates are not presented in issuing order',
  citation:
    'RFC 5246 §7.4.2 (TLS 1.2: each certificate certifies the one before it); RFC 8446 §4.4.2 relaxes this, but many clients still fail on it.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Put the leaf first, then each issuer in turn.',
  evaluate: (facts) => chainViolations(facts, 'wrong-order'),
});
