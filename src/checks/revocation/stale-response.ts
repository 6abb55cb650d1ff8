import { defineRule } from '../types.js';
import { activeRevocation, modeSeverity, problemDetails, problemsOfKind } from './shared.js';

export const staleResponse = defineRule({
  id: 'revocation.stale-response',
  check: 'revocation',
  description:
    'An OCSP response or CRL is outside its validity window (nextUpdate passed, or thisUpdate in the future beyond 5 minutes of clock skew)',
  citation:
    'RFC 6960 §3.2 items 4-5 and RFC 5280 §6.3.3: a response older than its nextUpdate, or not yet valid, must not be used. Warning by default, error under hard-fail.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'A stale staple means the server stopped refreshing it (check its OCSP fetches); a stale CRL or OCSP answer from the CA should be reported to the CA.',
  evaluate(facts) {
    const revocation = activeRevocation(facts);
    if (!revocation) return [];
    const leaf = facts.certificates[0];
    const severity = modeSeverity(facts);
    return problemsOfKind(revocation, 'stale').map((problem) => ({
      message: problem.message,
      severity,
      ...(leaf ? { certificate: leaf } : {}),
      details: problemDetails(problem),
    }));
  },
});
