// When and how a target's leaf gets its revocation checked: the one call the fact collector makes.
import type { TargetFacts } from '../checks/types.js';
import { checkRevocation } from './check.js';
import type { RevocationFacts, RevocationFetcher } from './types.js';

/**
 * Revocation facts for a target, or undefined when none are gathered: `revocation: off`, no
 * leaf, or a certificate file whose issuer is unknown (nothing could be verified, so nothing is
 * fetched). Hosts are always checked, so a missing staple and an unknown issuer are reported.
 * The issuer is the leaf's parent in the path the chain analysis built.
 */
export async function revocationFor(
  facts: TargetFacts,
  options: { now: Date; fetcher: RevocationFetcher },
): Promise<RevocationFacts | undefined> {
  const mode = facts.target.settings.revocation;
  const leaf = facts.certificates[0];
  if (mode === 'off' || !leaf) return undefined;
  const issuer = facts.chain?.path[1];
  if (facts.target.type === 'file' && !issuer) return undefined;
  const stapled = facts.host?.stapledOcsp;
  return checkRevocation({
    leaf,
    ...(issuer ? { issuer } : {}),
    ...(stapled ? { stapled } : {}),
    mode,
    now: options.now,
    fetcher: options.fetcher,
    timeoutMs: facts.target.settings.timeoutMs,
  });
}
