import { defineRule } from '../types.js';

export const suppressionExpired = defineRule({
  id: 'policy.suppression-expired',
  check: 'policy',
  description: 'An ignore entry is past its `until` date and no longer suppresses anything.',
  citation:
    'tls-gate policy semantics: accepted risk re-opens by itself when its review date passes.',
  defaultSeverity: 'warning',
  appliesTo: ['file'],
  help: 'Fix the findings it covered, or renew the entry with a new `until` date and reason.',
  evaluate(facts) {
    return (facts.suppressions?.expired ?? []).map((entry) => ({
      message:
        `ignore entry for ${entry.rule}${entry.target ? ` on ${entry.target}` : ''} ` +
        `expired on ${entry.until} (line ${entry.source.line}); its findings count again`,
      details: {
        rule: entry.rule,
        target: entry.target,
        until: entry.until,
        line: entry.source.line,
      },
    }));
  },
});
