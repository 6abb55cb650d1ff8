import { defineRule } from '../types.js';
import { acceptedBelowMinimum } from './versions.js';

export const protocolTls10 = defineRule({
  id: 'protocol.tls10',
  check: 'protocol',
  description: 'The server accepts TLS 1.0, below the policy minimum (TLS 1.2 by default).',
  citation: 'RFC 8996 (TLS 1.0 and 1.1 deprecated); PCI DSS v3.2 Appendix A2 (SSL/early TLS).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Disable TLS 1.0 (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`), or lower `min_protocol` if this host must serve it.',
  evaluate: (facts, ctx) => acceptedBelowMinimum(facts, ctx, 'TLSv1'),
});
