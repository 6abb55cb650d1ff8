import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const handshakeFailed = defineRule({
  id: 'connection.handshake-failed',
  check: 'connection',
  description: 'The TLS handshake failed, usually with an alert from the server.',
  citation: 'RFC 8446 §6.2 (error alerts); RFC 5246 §7.2.2.',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'The alert names the cause: handshake_failure or insufficient_security usually means no common protocol version or suite; unrecognized_name means the server has no certificate for this name (SNI).',
  evaluate: (facts) =>
    failureViolations(facts, ['handshake'], (where, message, alert) =>
      alert
        ? `the TLS handshake with ${where} failed: the server sent the alert ${alert}`
        : `the TLS handshake with ${where} failed: ${message}`,
    ),
});
