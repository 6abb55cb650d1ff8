import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const unreachable = defineRule({
  id: 'connection.unreachable',
  check: 'connection',
  description:
    'The host could not be reached: the name does not resolve, or the connection is refused or reset.',
  citation: 'tls-gate policy: a gate must not open because a host was down (issue 5).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Check the host name, port and `address` in the policy, DNS, and that the service is up and reachable from the runner.',
  evaluate: (facts) =>
    failureViolations(
      facts,
      ['dns', 'refused', 'reset', 'other'],
      (where, message) => `cannot reach ${where}: ${message}`,
    ),
});
