import { defineRule } from '../types.js';

export const suppressionUnused = defineRule({
  id: 'policy.suppression-unused',
  check: 'policy',
  description: 'An ignore entry matched no finding in this run.',
  citation: 'tls-gate policy semantics: stale suppressions hide future regressions.',
  defaultSeverity: 'notice',
  appliesTo: ['file'],
  help: 'Remove the entry if the problem it covered is fixed, or correct its rule id or target.',
  evaluate(facts) {
    return (facts.suppressions?.unused ?? []).map((entry) => ({
      message:
        `ignore entry for ${entry.rule}${entry.target ? ` on ${entry.target}` : ''} ` +
        `(line ${entry.source.line}) matched no finding; remove it if the problem is fixed`,
      details: { rule: entry.rule, target: entry.target, line: entry.source.line },
    }));
  },
});
