import { certificateName, certificatesBelowAnchor } from '../../x509/presented.js';
import { defineRule } from '../types.js';

const MIN_RSA_BITS = 2048;

export const rsaTooSmall = defineRule({
  id: 'key.rsa-too-small',
  check: 'key',
  description: `An RSA key below the trust anchor is smaller than ${MIN_RSA_BITS} bits.`,
  citation:
    'CA/B Forum BR §6.1.5 (RSA modulus ≥ 2048 bits), NIST SP 800-131A Rev. 2 (1024-bit RSA disallowed since 2013).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Generate a new key (RSA 2048+ or EC P-256) and reissue the certificate.',
  evaluate: (facts) =>
    certificatesBelowAnchor(facts)
      .filter(
        (cert) => cert.facts.publicKey.type === 'rsa' && cert.facts.publicKey.bits < MIN_RSA_BITS,
      )
      .map((cert) => ({
        message: `${certificateName(facts, cert)} has a ${cert.facts.publicKey.bits}-bit RSA key (minimum ${MIN_RSA_BITS})`,
        certificate: cert,
        details: { bits: cert.facts.publicKey.bits },
      })),
});
