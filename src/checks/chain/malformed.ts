import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const malformed = defineRule({
  id: 'chain.malformed',
  check: 'chain',
  description:
    'A certificate is not valid DER or violates the encoding rules strict verifiers enforce',
  citation:
    'X.690 DER and RFC 5280 §4.1.1.2 (outer and TBS signature algorithms equal), §4.1.2.2 (serial positive, ≤ 20 octets; a 21st leading zero tolerated as pyca does), RFC 4055 §5/RFC 5758 §3.2 (algorithm parameters). Go, pyca and BoringSSL reject these; trust anchors are exempt (trusted as name + key).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate with a conforming encoder.',
  evaluate: (facts) => chainViolations(facts, 'malformed'),
});
