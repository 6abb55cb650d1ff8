import { defineRule } from '../types.js';
import { activeRevocation, modeSeverity, problemDetails, problemsOfKind } from './shared.js';

export const unavailable = defineRule({
  id: 'revocation.unavailable',
  check: 'revocation',
  description:
    'No revocation answer could be obtained: the responder or CRL was unreachable, refused, too slow or too large, or did not know the certificate',
  citation:
    'RFC 6960 §2.2 ("unknown") and §2.3 (error responses); soft-fail vs hard-fail is the policy `revocation` setting: warning by default, error under hard-fail.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Check that the OCSP responder / CRL URL in the certificate is reachable over http:// from where the gate runs, or staple OCSP on the server.',
  evaluate(facts) {
    const revocation = activeRevocation(facts);
    if (!revocation || (revocation.status !== 'unavailable' && revocation.status !== 'unknown')) {
      return [];
    }
    const leaf = facts.certificates[0];
    const severity = modeSeverity(facts);
    const certificate = leaf ? { certificate: leaf } : {};
    if (revocation.status === 'unknown') {
      return [
        {
          message:
            'the OCSP responder does not know this certificate (status unknown), and no other source answered',
          severity,
          ...certificate,
        },
      ];
    }
    // Invalid or stale answers have their own rules; this one is about getting no answer.
    const reasons = problemsOfKind(revocation, 'unavailable');
    if (reasons.length === 0) return [];
    return [
      {
        message: `revocation status could not be determined: ${reasons.map((p) => p.message).join('; ')}`,
        severity,
        ...certificate,
        details: { problems: reasons.map(problemDetails) },
      },
    ];
  },
});
