import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const timeout = defineRule({
  id: 'connection.timeout',
  check: 'connection',
  description: 'Connecting or the TLS handshake took longer than the timeout.',
  citation: 'tls-gate policy: `timeout_ms` bounds connect and handshake (default 5000 ms).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Check that the port is open to the runner (a firewall that drops packets looks like this), or raise `timeout_ms` for slow hosts.',
  evaluate: (facts) =>
    failureViolations(facts, ['timeout'], (where, message) => `${where} timed out: ${message}`),
});
