import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const tooLong = defineRule({
  id: 'chain.too-long',
  check: 'chain',
  description: 'No trust anchor within the depth or work limit',
  citation:
    'pyca max_chain_depth (8 intermediates) and Go maxChainSignatureChecks (100 signature checks) bound path building.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Serve a shorter chain.',
  evaluate: (facts) => chainViolations(facts, 'too-long'),
});
