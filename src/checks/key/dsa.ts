import { certificateName, certificatesBelowAnchor } from '../../x509/presented.js';
import { defineRule } from '../types.js';

export const dsa = defineRule({
  id: 'key.dsa',
  check: 'key',
  description: 'A certificate below the trust anchor has a DSA key.',
  citation:
    'CA/B Forum BR §6.1.5 (only RSA and ECDSA P-256/P-384/P-521 keys), FIPS 186-5 (DSA withdrawn for signing), TLS 1.3 (RFC 8446) has no DSA.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Generate an EC P-256 (or RSA 2048+) key and reissue the certificate.',
  evaluate: (facts) =>
    certificatesBelowAnchor(facts)
      .filter((cert) => cert.facts.publicKey.type === 'dsa')
      .map((cert) => ({
        message: `${certificateName(facts, cert)} has a DSA key${cert.facts.publicKey.bits ? ` (${cert.facts.publicKey.bits} bits)` : ''}`,
        certificate: cert,
        details: { bits: cert.facts.publicKey.bits },
      })),
});
