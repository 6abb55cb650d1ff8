import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const notTls = defineRule({
  id: 'connection.not-tls',
  check: 'connection',
  description: 'The server on the port does not speak TLS (plain HTTP or another protocol).',
  citation: 'RFC 8446 §5.1 (record layer): the answer to a ClientHello is not a TLS record.',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Check the port (443 for HTTPS), or set `starttls:` for protocols that upgrade to TLS in-band.',
  evaluate: (facts) =>
    failureViolations(
      facts,
      ['not-tls'],
      (where, message) => `${where} does not speak TLS: ${message}`,
    ),
});
