import { PROTOCOL_NAMES } from '../../policy/types.js';
import { defineRule } from '../types.js';
import { label, rank } from './versions.js';

export const noModern = defineRule({
  id: 'protocol.no-modern',
  check: 'protocol',
  description:
    'The server accepts no protocol version at or above the policy minimum (neither TLS 1.2 nor TLS 1.3 by default).',
  citation: 'RFC 9325 §3.1.1 (TLS 1.2 is the minimum; TLS 1.3 should be supported); RFC 8996.',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Enable TLS 1.2 and TLS 1.3 on the server (OpenSSL 1.1.1 or later).',
  evaluate: (facts, ctx) => {
    const protocols = facts.host?.protocols ?? {};
    const accepted = PROTOCOL_NAMES.filter((v) => protocols[v] === true);
    // A server that accepts nothing at all is connection.handshake-failed's story.
    if (accepted.length === 0) return [];
    const floor = Math.max(rank(ctx.settings.minProtocol), rank('TLSv1.2'));
    const wanted = PROTOCOL_NAMES.filter((v) => rank(v) >= floor);
    if (!wanted.every((v) => protocols[v] === false)) return [];
    return [
      {
        message: `the server accepts only ${accepted.map(label).join(', ')}, not ${wanted.map(label).join(' or ')}`,
        details: { accepted, required: wanted },
      },
    ];
  },
});
