import type { EphemeralKey } from '../../probe/types.js';
import { defineRule } from '../types.js';

/** 128-bit strength: P-256 and X25519 pass; P-224, P-192 and the 160–239-bit curves fail. */
const MIN_SECURITY_BITS = 128;

function strength(key: EphemeralKey): number {
  return key.securityBits ?? Math.floor(key.bits / 2);
}

export const weakEcdhCurve = defineRule({
  id: 'key.weak-ecdh-curve',
  check: 'key',
  description: 'The server uses or accepts an ECDHE curve below 256 bits (under 128-bit security).',
  citation:
    'RFC 8422 §5.1.1 (secp224r1 and smaller curves deprecated); NIST SP 800-57 Part 1 (224-bit curves: 112-bit strength).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Configure X25519 and P-256 (and optionally P-384) as the key-exchange groups (nginx `ssl_ecdh_curve X25519:prime256v1:secp384r1;`).',
  evaluate: (facts) => {
    const host = facts.host;
    const seen: EphemeralKey[] = [host?.ecdhGroup, host?.keyExchange].filter(
      (key): key is EphemeralKey => key?.type === 'ECDH' && key.bits > 0,
    );
    const weakest = seen.sort((a, b) => strength(a) - strength(b))[0];
    if (weakest && strength(weakest) < MIN_SECURITY_BITS) {
      return [
        {
          message: `the server uses the ${weakest.bits}-bit curve ${weakest.name ?? '(unnamed)'} for ECDHE key exchange (at least 256 bits needed)`,
          details: { curve: weakest.name, bits: weakest.bits },
        },
      ];
    }
    // A curve the server prefers less still serves any client (or attacker-stripped hello)
    // offering nothing stronger.
    const accepted = host?.weakEcdhGroup;
    if (!accepted || accepted.bits <= 0 || strength(accepted) >= MIN_SECURITY_BITS) return [];
    return [
      {
        message: `the server accepts the ${accepted.bits}-bit curve ${accepted.name ?? '(unnamed)'} for ECDHE key exchange when a client offers nothing stronger (at least 256 bits needed)`,
        details: { curve: accepted.name, bits: accepted.bits, preferred: false },
      },
    ];
  },
});
