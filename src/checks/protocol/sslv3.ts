import { defineRule } from '../types.js';
import { acceptedBelowMinimum } from './versions.js';

export const protocolSslv3 = defineRule({
  id: 'protocol.sslv3',
  check: 'protocol',
  description: 'The server accepts SSL 3.0, below the policy minimum (TLS 1.2 by default).',
  citation: 'RFC 7568 (SSL 3.0 deprecated: POODLE, no secure CBC padding).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Disable SSLv3 in the server configuration (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`).',
  evaluate: (facts, ctx) => acceptedBelowMinimum(facts, ctx, 'SSLv3'),
});
