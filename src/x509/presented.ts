// Which certificates per-certificate checks (expiry, key, signature) look at, in one place so the
// rules agree. Only presented certificates: intermediates from a `chain` file and trust anchors
// are judged by the chain rules.
import type { ChainAnalysis, ParsedCertificate } from './types.js';

interface Presented {
  /** As presented, leaf first. */
  certificates: readonly ParsedCertificate[];
}

/**
 * Presented certificates below the trust anchor: the leaf always, others unless self-issued (a
 * root's self-signature and key are the anchor's business, not the chain's).
 */
export function certificatesBelowAnchor(facts: Presented): ParsedCertificate[] {
  return facts.certificates.filter((cert, index) => index === 0 || !cert.facts.selfIssued);
}

/**
 * Certificates whose dates matter: the leaf and the rest of the path built for it, trust anchor
 * included (a root that expires next month breaks every chain under it), or every presented
 * certificate when no path could be built. A presented cross-sign that no path uses is
 * compatibility material, not something a client relies on.
 */
export function certificatesRelied(
  facts: Presented & { chain?: ChainAnalysis },
): ParsedCertificate[] {
  const path = facts.chain?.path ?? [];
  return path.length > 0 ? [...path] : [...facts.certificates];
}

/** `the certificate` for the leaf, `chain certificate "CN=…"` for the others. */
export function certificateName(facts: Presented, cert: ParsedCertificate): string {
  return cert === facts.certificates[0]
    ? 'the certificate'
    : `chain certificate "${cert.facts.subject}"`;
}
