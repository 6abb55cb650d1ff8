// Shared by the chain rules: each rule reports the chain problems with its own code
// (`chain.<code>`), found on the path built for the target (src/x509/chain.ts).
import type { ChainProblem } from '../../x509/types.js';
import type { TargetFacts, Violation } from '../types.js';

export function chainViolations(
  facts: TargetFacts,
  code: string,
  keep: (problem: ChainProblem) => boolean = () => true,
): Violation[] {
  const chain = facts.chain;
  if (!chain) return [];
  return [...chain.problems, ...(chain.warnings ?? []), ...chain.presentation]
    .filter((p) => p.code === code && keep(p))
    .map((p) => {
      const violation: Violation = { message: p.message };
      if (p.certificate) violation.certificate = p.certificate;
      if (p.details) violation.details = p.details;
      return violation;
    });
}
