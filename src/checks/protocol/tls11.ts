import { defineRule } from '../types.js';
import { acceptedBelowMinimum } from './versions.js';

export const protocolTls11 = defineRule({
  id: 'protocol.tls11',
  check: 'protocol',
  description: 'The server accepts TLS 1.1, below the policy minimum (TLS 1.2 by default).',
  citation: 'RFC 8996 (TLS 1.0 and 1.1 deprecated).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Disable TLS 1.1 (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`), or lower `min_protocol` if this host must serve it.',
  evaluate: (facts, ctx) => acceptedBelowMinimum(facts, ctx, 'TLSv1.1'),
});
