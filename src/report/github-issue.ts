// The tracking issue of scheduled audits: the open findings, what changed since the issue was last
// updated, and a machine-readable digest (hidden in an HTML comment) that the next run diffs
// against. Pure; the body stays within GitHub's 65,536 characters.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { severityRank, type Report, type Severity, type Verdict } from '../model.js';
import { findingSubject } from './common.js';
import { logSafe, markdownCode, markdownText } from './escape.js';
import { htmlCommentValue } from './github-escape.js';
import {
  BoundedMarkdown,
  COMMENT_LIMIT_CHARS,
  SEVERITY_ICON,
  VERDICT_ICON,
  codeCell,
  isoDate,
  plural,
  wholeDays,
} from './github-markdown.js';
import { countsLine, sortedFindings } from './github-summary.js';

export const AUDIT_LABEL = 'tls-gate';

/** One open finding as the digest remembers it. */
export interface FindingKey {
  target: string;
  rule: string;
  /**
   * Which thing the finding is about when a rule can report several per target: the certificate
   * (`sha256:` and 16 hex digits) and/or a naming detail (`protocol=TLSv1`). Absent in version 1.
   */
  subject?: string;
  severity: Severity;
}

export interface AuditDigest {
  /** 1: findings keyed by target, rule and severity (read for diffing, never written). */
  version: 1 | 2;
  evaluatedAt: string;
  verdict: Verdict;
  /** Unsuppressed findings, one per identity (the most severe), sorted. */
  findings: FindingKey[];
  /** Whole days left of each target's leaf certificate. */
  daysLeft: Record<string, number>;
}

/** A finding open in both runs whose severity changed. */
export interface SeverityChange extends FindingKey {
  before: Severity;
}

export interface AuditChanges {
  /** No digest to compare with (a new issue, or one whose digest was edited away). */
  first: boolean;
  since?: string;
  added: FindingKey[];
  fixed: FindingKey[];
  /** Same finding, new severity: shown as escalated or downgraded, not as new and fixed. */
  changed: SeverityChange[];
  daysLeft: { target: string; before: number; after: number }[];
}

export interface AuditIssueOptions {
  marker: string;
  previous?: AuditDigest;
  runUrl?: string;
  limitChars?: number;
}

export interface AuditIssue {
  title: string;
  body: string;
  digest: AuditDigest;
  changes: AuditChanges;
}

const DIGEST_PATTERN = /<!-- tls-gate-digest:([A-Za-z0-9_-]{1,100000}) -->/;
/** Keeps the digest well inside the body limit even for huge policies. */
const DIGEST_MAX_FINDINGS = 2000;
const DIGEST_MAX_CHARS = 24_000;
const TRUNCATION_RESERVE = 400;
/** The hidden marker of the audit issue for one policy. */
export function auditMarker(policyPath: string): string {
  return `<!-- tls-gate-audit:${htmlCommentValue(policyPath)} -->`;
}

/**
 * What stays the same while a finding stays open: never its severity or message. A version 1
 * digest has no subjects, so comparing with one (`withSubject` false) uses target and rule only.
 */
const identityOf = (finding: FindingKey, withSubject = true): string =>
  JSON.stringify([finding.target, finding.rule, withSubject ? (finding.subject ?? null) : null]);

/** One finding per identity, the most severe, in first-seen order. */
function byIdentity(findings: readonly FindingKey[], withSubject: boolean) {
  const map = new Map<string, FindingKey>();
  for (const finding of findings) {
    const id = identityOf(finding, withSubject);
    const seen = map.get(id);
    if (!seen || severityRank(finding.severity) > severityRank(seen.severity)) map.set(id, finding);
  }
  return map;
}

export function auditDigest(report: Report): AuditDigest {
  const keys: FindingKey[] = [];
  for (const target of report.targets) {
    for (const finding of target.findings) {
      if (finding.suppressed) continue;
      const subject = findingSubject(finding);
      keys.push({
        target: target.name,
        rule: finding.rule,
        ...(subject !== undefined ? { subject } : {}),
        severity: finding.severity,
      });
    }
  }
  const findings = [...byIdentity(keys, true).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, DIGEST_MAX_FINDINGS)
    .map(([, key]) => key);
  const daysLeft: Record<string, number> = {};
  for (const target of report.targets) {
    if (target.facts.leaf) daysLeft[target.name] = wholeDays(target.facts.leaf.daysLeft);
  }
  const digest: AuditDigest = {
    version: 2,
    evaluatedAt: report.evaluatedAt,
    verdict: report.verdict,
    findings,
    daysLeft,
  };
  // Long, varied target names compress badly: keep a prefix of the findings that fits.
  while (encodeDigest(digest).length > DIGEST_MAX_CHARS && digest.findings.length > 0) {
    digest.findings = digest.findings.slice(0, Math.floor((digest.findings.length * 3) / 4));
    const open = new Set(digest.findings.map((finding) => finding.target));
    digest.daysLeft = Object.fromEntries(
      Object.entries(daysLeft).filter(([target]) => open.has(target)),
    );
  }
  return digest;
}

export function encodeDigest(digest: AuditDigest): string {
  const packed = deflateRawSync(Buffer.from(JSON.stringify(digest))).toString('base64url');
  return `<!-- tls-gate-digest:${packed} -->`;
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'notice'];
const VERDICTS: readonly string[] = ['pass', 'warn', 'fail'];

/** The digest stored in an issue body; undefined when absent or not one we wrote (bodies are editable). */
export function parseDigest(body: string): AuditDigest | undefined {
  const match = DIGEST_PATTERN.exec(body);
  if (!match?.[1]) return undefined;
  let value: unknown;
  try {
    const json = inflateRawSync(Buffer.from(match[1], 'base64url'), { maxOutputLength: 4 << 20 });
    value = JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const digest = value as Partial<AuditDigest>;
  if (
    (digest.version !== 1 && digest.version !== 2) ||
    typeof digest.evaluatedAt !== 'string' ||
    !VERDICTS.includes(digest.verdict as string) ||
    !Array.isArray(digest.findings) ||
    typeof digest.daysLeft !== 'object' ||
    digest.daysLeft === null
  ) {
    return undefined;
  }
  const version = digest.version;
  const findings: FindingKey[] = [];
  for (const finding of digest.findings as unknown[]) {
    if (typeof finding !== 'object' || finding === null) continue;
    const { target, rule, subject, severity } = finding as Record<string, unknown>;
    if (typeof target !== 'string' || typeof rule !== 'string') continue;
    if (!SEVERITIES.includes(severity as string)) continue;
    findings.push({
      target,
      rule,
      ...(version === 2 && typeof subject === 'string' ? { subject } : {}),
      severity: severity as Severity,
    });
  }
  const daysLeft: Record<string, number> = {};
  for (const [target, days] of Object.entries(digest.daysLeft)) {
    if (typeof days === 'number' && Number.isFinite(days)) daysLeft[target] = days;
  }
  return {
    version,
    evaluatedAt: digest.evaluatedAt,
    verdict: digest.verdict as Verdict,
    findings,
    daysLeft,
  };
}

/**
 * New, fixed and re-graded findings, and the days left of every target that still has findings (a
 * certificate's countdown is the change people watch in a nightly audit).
 */
export function diffDigests(previous: AuditDigest | undefined, current: AuditDigest): AuditChanges {
  if (!previous) {
    return { first: true, added: current.findings, fixed: [], changed: [], daysLeft: [] };
  }
  const withSubject = previous.version !== 1;
  const before = byIdentity(previous.findings, withSubject);
  const after = byIdentity(current.findings, withSubject);
  const open = new Set(current.findings.map((finding) => finding.target));
  const daysLeft = Object.entries(current.daysLeft)
    .filter(([target]) => open.has(target) && previous.daysLeft[target] !== undefined)
    .filter(([target, days]) => previous.daysLeft[target] !== days)
    .map(([target, after]) => ({ target, before: previous.daysLeft[target]!, after }));
  const changed: SeverityChange[] = [];
  for (const [id, finding] of after) {
    const was = before.get(id);
    if (was && was.severity !== finding.severity)
      changed.push({ ...finding, before: was.severity });
  }
  return {
    first: false,
    since: previous.evaluatedAt,
    added: [...after].filter(([id]) => !before.has(id)).map(([, finding]) => finding),
    fixed: [...before].filter(([id]) => !after.has(id)).map(([, finding]) => finding),
    changed,
    daysLeft,
  };
}

export function hasFindingChanges(changes: AuditChanges): boolean {
  return changes.added.length > 0 || changes.fixed.length > 0 || changes.changed.length > 0;
}

function keyLine(finding: FindingKey): string {
  const subject = finding.subject ? ` (${markdownCode(finding.subject)})` : '';
  return `${markdownCode(finding.target)} ${markdownCode(finding.rule)}${subject}`;
}

function daysLeftChange(before: number, after: number): string {
  const expired = after < 0 ? ' (expired)' : '';
  return `${before} → ${plural(after, 'day')} left${expired}`;
}

/** The change list as Markdown lines (shared by the issue body and the update comment). */
export function renderChanges(changes: AuditChanges): string {
  if (changes.first) return `- First report: ${plural(changes.added.length, 'open finding')}.\n`;
  const regraded = (up: boolean) =>
    changes.changed
      .filter((change) => severityRank(change.severity) > severityRank(change.before) === up)
      .map(
        (change) =>
          `- ${up ? '🔺 Escalated' : '🔻 Downgraded'}: ${SEVERITY_ICON[change.before]} → ` +
          `${SEVERITY_ICON[change.severity]} ${keyLine(change)}`,
      );
  const lines = [
    ...changes.added.map(
      (finding) => `- 🆕 New: ${SEVERITY_ICON[finding.severity]} ${keyLine(finding)}`,
    ),
    ...regraded(true),
    ...regraded(false),
    ...changes.fixed.map(
      (finding) => `- ✅ Fixed: ${SEVERITY_ICON[finding.severity]} ${keyLine(finding)}`,
    ),
    ...changes.daysLeft.map(
      ({ target, before, after }) =>
        `- ⏳ ${markdownCode(target)}: ${daysLeftChange(before, after)}`,
    ),
  ];
  return lines.length > 0 ? `${lines.join('\n')}\n` : '- No change.\n';
}

export function auditTitle(report: Report): string {
  return `tls-gate audit: ${report.verdict} for ${logSafe(report.policy.path)}`;
}

export function renderAuditIssue(report: Report, options: AuditIssueOptions): AuditIssue {
  const digest = auditDigest(report);
  const changes = diffDigests(options.previous, digest);
  const digestComment = encodeDigest(digest);
  const out = new BoundedMarkdown(
    options.limitChars ?? COMMENT_LIMIT_CHARS,
    TRUNCATION_RESERVE + digestComment.length,
  );
  const run = options.runUrl ? ` · [workflow run](${options.runUrl})` : '';
  out.add(
    `${options.marker}\n## ${VERDICT_ICON[report.verdict]} tls-gate audit: ${report.verdict}\n\n` +
      `Policy ${markdownCode(report.policy.path)} · ${countsLine(report)} · ` +
      `evaluated at ${markdownCode(report.evaluatedAt)}${run}\n\n` +
      'This issue is kept up to date by the scheduled tls-gate run and closed when the gate ' +
      'passes again.\n\n',
  );
  const since = changes.since ? ` (${isoDate(changes.since)})` : '';
  out.add(`### Changes since the last update${since}\n\n${renderChanges(changes)}\n`);
  const findings = sortedFindings(report).filter(({ finding }) => !finding.suppressed);
  if (findings.length > 0) {
    out.add(
      '### Open findings\n\n| Severity | Target | Rule | Message |\n| --- | --- | --- | --- |\n',
    );
    for (const { target, finding } of findings) {
      out.add(
        `| ${SEVERITY_ICON[finding.severity]} ${finding.severity} | ${codeCell(target.name)} | ` +
          `${codeCell(finding.rule)} | ${markdownText(finding.message)} |\n`,
      );
    }
  }
  const text = out.toString(
    '> [!NOTE]\n> Truncated to fit GitHub’s issue limit; the job summary of the run lists everything.',
  );
  return {
    title: auditTitle(report),
    body: `${text.trimEnd()}\n\n${digestComment}\n`,
    digest,
    changes,
  };
}

/** The comment posted on the open issue when findings appeared, changed severity or were fixed. */
export function renderAuditUpdateComment(changes: AuditChanges, runUrl?: string): string {
  const run = runUrl ? ` ([workflow run](${runUrl}))` : '';
  return `Audit update${run}:\n\n${renderChanges(changes)}`;
}

/** The comment posted when the gate passes again, just before the issue is closed. */
export function renderAuditResolvedComment(report: Report, runUrl?: string): string {
  const run = runUrl ? ` ([workflow run](${runUrl}))` : '';
  return (
    `${VERDICT_ICON.pass} The gate passes again as of ${markdownCode(report.evaluatedAt)}${run}: ` +
    `${countsLine(report)}. Closing.\n`
  );
}
