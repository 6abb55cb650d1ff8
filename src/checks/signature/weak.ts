// Shared by the signature.* rules: which presented certificates are signed with which hash.
import type { HashName } from '../../x509/types.js';
import { certificateName, certificatesBelowAnchor } from '../../x509/presented.js';
import type { TargetFacts, Violation } from '../types.js';

export function signedWith(
  facts: TargetFacts,
  hashes: readonly HashName[],
  why: string,
): Violation[] {
  return certificatesBelowAnchor(facts)
    .filter((cert) => hashes.includes(cert.facts.signatureAlgorithm.hash))
    .map((cert) => ({
      message: `${certificateName(facts, cert)} is signed with ${cert.facts.signatureAlgorithm.name} (${why})`,
      certificate: cert,
      details: {
        algorithm: cert.facts.signatureAlgorithm.name,
        oid: cert.facts.signatureAlgorithm.oid,
      },
    }));
}
