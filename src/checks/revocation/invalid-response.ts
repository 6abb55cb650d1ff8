import { defineRule } from '../types.js';
import { activeRevocation, problemDetails, problemsOfKind } from './shared.js';

export const invalidResponse = defineRule({
  id: 'revocation.invalid-response',
  check: 'revocation',
  description:
    'An OCSP response or CRL cannot be trusted: bad signature, unauthorised signer, wrong certificate or issuer, or malformed',
  citation:
    'RFC 6960 §3.2 (the client must check the signature, that the signer is the issuer or its delegated id-kp-OCSPSigning responder, and that the response is for this certificate) and RFC 5280 §6.3.3 (CRL issuer and signature). A forged "good" must never pass.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'If the server staples it, make it fetch fresh responses from the CA; if the CA serves it, report it to the CA. Someone may be forging revocation data.',
  evaluate(facts) {
    const revocation = activeRevocation(facts);
    if (!revocation) return [];
    const leaf = facts.certificates[0];
    return problemsOfKind(revocation, 'invalid').map((problem) => ({
      message: problem.message,
      ...(leaf ? { certificate: leaf } : {}),
      details: problemDetails(problem),
    }));
  },
});
