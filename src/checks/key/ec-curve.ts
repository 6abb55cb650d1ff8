import { certificateName, certificatesBelowAnchor } from '../../x509/presented.js';
import { defineRule } from '../types.js';

const ALLOWED_CURVES = ['P-256', 'P-384', 'P-521'];

export const ecCurve = defineRule({
  id: 'key.ec-curve',
  check: 'key',
  description: 'An EC key below the trust anchor is on a curve other than P-256, P-384 or P-521.',
  citation:
    'CA/B Forum BR §6.1.5 (NIST P-256, P-384, P-521 only); browsers and RFC 8446 §4.2.3 signature schemes support no other ECDSA curve.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Generate a key on P-256 (or P-384) and reissue the certificate.',
  evaluate: (facts) =>
    certificatesBelowAnchor(facts)
      .filter(
        (cert) =>
          cert.facts.publicKey.type === 'ec' &&
          !ALLOWED_CURVES.includes(cert.facts.publicKey.curve ?? ''),
      )
      .map((cert) => ({
        message: `${certificateName(facts, cert)} has an EC key on ${cert.facts.publicKey.curve ?? 'an unknown curve'} (allowed: ${ALLOWED_CURVES.join(', ')})`,
        certificate: cert,
        details: { curve: cert.facts.publicKey.curve },
      })),
});
