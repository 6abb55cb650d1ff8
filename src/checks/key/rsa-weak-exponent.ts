import { certificateName, certificatesBelowAnchor } from '../../x509/presented.js';
import { defineRule } from '../types.js';

const MIN_EXPONENT = 65537;

export const rsaWeakExponent = defineRule({
  id: 'key.rsa-weak-exponent',
  check: 'key',
  description: 'An RSA public exponent below the trust anchor is below 65537, even, or 1.',
  citation:
    'CA/B Forum BR §6.1.6 (odd exponent ≥ 3, SHOULD be in [2^16+1, 2^256-1]), NIST SP 800-89 §5.3.3; small exponents amplify padding attacks.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Generate the key with the standard public exponent 65537 and reissue the certificate.',
  evaluate: (facts) =>
    certificatesBelowAnchor(facts).flatMap((cert) => {
      const { type, exponent } = cert.facts.publicKey;
      if (type !== 'rsa' || exponent === undefined) return [];
      let problem: string | undefined;
      if (exponent === 1) problem = 'is 1 (no encryption at all)';
      else if (exponent % 2 === 0) problem = 'is even (not a valid RSA key)';
      else if (exponent < MIN_EXPONENT) problem = `is below ${MIN_EXPONENT}`;
      if (!problem) return [];
      return [
        {
          message: `${certificateName(facts, cert)} has RSA public exponent ${exponent}, which ${problem}`,
          // A key that cannot work at all is worse than a small exponent.
          ...(exponent === 1 || exponent % 2 === 0 ? { severity: 'error' as const } : {}),
          certificate: cert,
          details: { exponent },
        },
      ];
    }),
});
