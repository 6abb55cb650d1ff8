// Shared by the cipher.* category rules: the server accepted a hello offering only the suites
// of one category (see src/probe/suites.ts for what each category holds).
import type { CipherCategory } from '../../probe/types.js';
import type { TargetFacts, Violation } from '../types.js';

export function categoryViolations(
  facts: TargetFacts,
  category: CipherCategory,
  what: string,
): Violation[] {
  const result = facts.host?.cipherCategories?.[category];
  if (!result?.accepted) return [];
  const chosen = result.suite
    ? ` (it chose ${result.suite}${result.protocol ? ` over ${result.protocol}` : ''})`
    : '';
  return [
    {
      message: `the server accepts ${what}${chosen}`,
      details: { category, suite: result.suite, protocol: result.protocol },
    },
  ];
}
