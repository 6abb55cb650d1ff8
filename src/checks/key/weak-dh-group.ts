import type { EphemeralKey } from '../../probe/types.js';
import { defineRule } from '../types.js';

const MIN_DH_BITS = 2048;

export const weakDhGroup = defineRule({
  id: 'key.weak-dh-group',
  check: 'key',
  description: `The server uses a finite-field Diffie-Hellman (DHE) group below ${MIN_DH_BITS} bits (1024 under the mozilla-old profile).`,
  citation:
    'NIST SP 800-57 Part 1 Table 2 (1024-bit finite-field DH: 80-bit strength, 2048: 112); CVE-2015-4000 (Logjam); RFC 7919 (named groups from 2048 bits).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Configure a 2048-bit or larger group (e.g. ffdhe2048 from RFC 7919, nginx `ssl_dhparam`), or disable DHE suites and keep ECDHE.',
  evaluate: (facts, ctx) => {
    const minimum = ctx.settings.minDhBits ?? MIN_DH_BITS;
    const host = facts.host;
    const seen: EphemeralKey[] = [host?.dhGroup, host?.keyExchange].filter(
      (key): key is EphemeralKey => key?.type === 'DH',
    );
    const weakest = seen.sort((a, b) => a.bits - b.bits)[0];
    if (!weakest || weakest.bits >= minimum) return [];
    return [
      {
        message: `the server uses a ${weakest.bits}-bit DH group for DHE key exchange (minimum ${minimum})`,
        details: { bits: weakest.bits, ...(weakest.name ? { group: weakest.name } : {}) },
      },
    ];
  },
});
