// What the revocation rules share: the facts when revocation checking is on, and the severity a
// policy's mode gives to findings that hard-fail turns into errors.
import type { Severity } from '../../model.js';
import {
  PROBLEM_KIND,
  type RevocationFacts,
  type RevocationProblem,
} from '../../revocation/types.js';
import type { TargetFacts } from '../types.js';

/** The revocation facts, or undefined when the target's `revocation` setting is `off`. */
export function activeRevocation(facts: TargetFacts): RevocationFacts | undefined {
  if (facts.target.settings.revocation === 'off') return undefined;
  return facts.revocation;
}

/** soft-fail → warning, hard-fail → error. */
export function modeSeverity(facts: TargetFacts): Severity {
  return facts.target.settings.revocation === 'hard-fail' ? 'error' : 'warning';
}

export function problemsOfKind(
  revocation: RevocationFacts,
  kind: (typeof PROBLEM_KIND)[keyof typeof PROBLEM_KIND],
): RevocationProblem[] {
  return revocation.problems.filter((problem) => PROBLEM_KIND[problem.code] === kind);
}

export const ROUTE_NAMES: Readonly<Record<RevocationProblem['route'], string>> = {
  'stapled-ocsp': 'the stapled OCSP response',
  ocsp: 'the OCSP responder',
  crl: 'the CRL',
};

export function problemDetails(problem: RevocationProblem): Record<string, unknown> {
  return {
    route: problem.route,
    code: problem.code,
    ...(problem.url !== undefined ? { url: problem.url } : {}),
  };
}
