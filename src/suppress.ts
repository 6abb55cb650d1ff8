// `ignore:` entries: accepted risk that stays visible and re-opens by itself. A matched finding is
// kept as a suppressed notice with its reason; an entry past `until` stops applying; entries
// that matched nothing are reported so stale ones get cleaned up.
import picomatch from 'picomatch';
import type { Finding, TargetReport } from './model.js';
import type { IgnoreEntry } from './policy/types.js';

export interface SuppressionAudit {
  /** Entries whose `until` date has passed: they no longer apply. */
  expired: IgnoreEntry[];
  /** Entries still in force that matched no finding. */
  unused: IgnoreEntry[];
}

/** An entry applies through the whole UTC day of `until`. */
export function suppressionExpired(entry: IgnoreEntry, now: Date): boolean {
  if (!entry.until) return false;
  return now.getTime() >= Date.parse(`${entry.until}T00:00:00Z`) + 86_400_000;
}

function ruleMatches(entry: IgnoreEntry, finding: Finding): boolean {
  return entry.rule === finding.rule || entry.rule === finding.check;
}

function targetMatcher(entry: IgnoreEntry): (name: string) => boolean {
  if (entry.target === undefined) return () => true;
  const pattern = entry.target;
  const glob = picomatch(pattern, { dot: true, nocase: true });
  return (name) => name === pattern || glob(name);
}

/**
 * Marks the findings matched by in-force entries (mutating the target reports) and returns which
 * entries expired or matched nothing.
 */
export function applySuppressions(
  targets: TargetReport[],
  entries: readonly IgnoreEntry[],
  now: Date,
): SuppressionAudit {
  const expired = entries.filter((entry) => suppressionExpired(entry, now));
  const active = entries
    .filter((entry) => !suppressionExpired(entry, now))
    .map((entry) => ({ entry, matchesTarget: targetMatcher(entry), used: false }));
  for (const target of targets) {
    for (const finding of target.findings) {
      const match = active.find(
        (a) => a.matchesTarget(target.name) && ruleMatches(a.entry, finding),
      );
      if (!match) continue;
      match.used = true;
      finding.originalSeverity = finding.severity;
      finding.severity = 'notice';
      finding.suppressed = true;
      finding.reason = match.entry.reason;
    }
  }
  return { expired, unused: active.filter((a) => !a.used).map((a) => a.entry) };
}
