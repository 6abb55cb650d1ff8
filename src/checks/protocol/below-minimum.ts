import { defineRule } from '../types.js';
import { acceptedBelowMinimum } from './versions.js';

export const belowMinimum = defineRule({
  id: 'protocol.below-minimum',
  check: 'protocol',
  description:
    'The server accepts TLS 1.2 while the policy requires TLS 1.3 (`min_protocol: TLSv1.3`); older versions have their own rules.',
  citation: 'tls-gate policy `min_protocol`; Mozilla "modern" configuration (TLS 1.3 only).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Disable TLS 1.2 on the server, or lower `min_protocol` to TLSv1.2.',
  evaluate: (facts, ctx) => acceptedBelowMinimum(facts, ctx, 'TLSv1.2'),
});
