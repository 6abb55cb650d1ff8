// PKCS#7 certificates are a SET and PKCS#12 bags have no defined order, so "leaf first, then its
// issuers" is rebuilt here; otherwise every such file would be flagged for chain order it never had.
import type { ParsedCertificate } from '../types.js';

function issues(issuer: ParsedCertificate, cert: ParsedCertificate): boolean {
  return issuer !== cert && !cert.facts.selfIssued && issuer.facts.subject === cert.facts.issuer;
}

/**
 * Leaf first (the certificate `isLeaf` picks, else one that issued none of the others, preferring
 * a non-CA), then its issuer chain as far as the set has it, then the rest in their original
 * order. Origins are renumbered to the new positions.
 */
export function orderLeafFirst(
  certificates: readonly ParsedCertificate[],
  isLeaf?: (cert: ParsedCertificate) => boolean,
): ParsedCertificate[] {
  if (certificates.length === 0) return [];
  const issuesNone = (cert: ParsedCertificate) =>
    !certificates.some((other) => issues(cert, other));
  const leaf =
    (isLeaf && certificates.find(isLeaf)) ??
    certificates.find((c) => issuesNone(c) && c.facts.basicConstraints?.ca !== true) ??
    certificates.find(issuesNone) ??
    (certificates[0] as ParsedCertificate);
  const ordered = [leaf];
  for (let current = leaf; ;) {
    const next = certificates.find((c) => !ordered.includes(c) && issues(c, current));
    if (!next) break;
    ordered.push(next);
    current = next;
  }
  ordered.push(...certificates.filter((c) => !ordered.includes(c)));
  return ordered.map((cert, index) => ({ ...cert, origin: { ...cert.origin, index } }));
}
