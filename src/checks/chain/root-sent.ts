import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const rootSent = defineRule({
  id: 'chain.root-sent',
  check: 'chain',
  description: 'The trust anchor itself was sent',
  citation:
    'RFC 8446 §4.4.2 and RFC 5246 §7.4.2: the root MAY be omitted; clients ignore it, so it only costs bytes.',
  defaultSeverity: 'notice',
  appliesTo: ['host', 'file'],
  help: 'Optionally drop the root from the served chain.',
  evaluate: (facts) => chainViolations(facts, 'root-sent'),
});
