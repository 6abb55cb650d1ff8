// The tracking issue of scheduled audits: the open findings, what changed since the issue was last
// updated, and a machine-readable digest (hidden in an HTML comment) that the next run diffs
// against. Pure; the body stays within GitHub's 65,536 characters.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Report, Severity, Verdict } from '../model.js';
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

export interface FindingKey {
  target: string;
  rule: string;
  severity: Severity;
}

export interface AuditDigest {
  version: 1;
  evaluatedAt: string;
  verdict: Verdict;
  /** Unsuppressed findings, sorted, without duplicates. */
  findings: FindingKey[];
  /** Whole days left of each target's leaf certificate. */
  daysLeft: Record<string, number>;
}

export interface AuditChanges {
  /** No digest to compare with (a new issue, or one whose digest was edited away). */
  first: boolean;
  since?: string;
  added: FindingKey[];
  fixed: FindingKey[];
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
const TRUNCATION_RESERVE = 400;

/** The hidden marker of the audit issue for one policy. */
export function auditMarker(policyPath: string): string {
  return `<!-- tls-gate-audit:${htmlCommentValue(policyPath)} -->`;
}

const keyOf = (finding: FindingKey): string =>
  JSON.stringify([finding.target, finding.rule, finding.severity]);

export function auditDigest(report: Report): AuditDigest {
  const findings = new Map<string, FindingKey>();
  for (const target of report.targets) {
    for (const finding of target.findings) {
      if (finding.suppressed) continue;
      const key = { target: target.name, rule: finding.rule, severity: finding.severity };
      findings.set(keyOf(key), key);
    }
  }
  const daysLeft: Record<string, number> = {};
  for (const target of report.targets) {
    if (target.facts.leaf) daysLeft[target.name] = wholeDays(target.facts.leaf.daysLeft);
  }
  return {
    version: 1,
    evaluatedAt: report.evaluatedAt,
    verdict: report.verdict,
    findings: [...findings.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, DIGEST_MAX_FINDINGS)
      .map(([, key]) => key),
    daysLeft,
  };
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
    digest.version !== 1 ||
    typeof digest.evaluatedAt !== 'string' ||
    !VERDICTS.includes(digest.verdict as string) ||
    !Array.isArray(digest.findings) ||
    typeof digest.daysLeft !== 'object' ||
    digest.daysLeft === null
  ) {
    return undefined;
  }
  const findings = digest.findings.filter(
    (finding): finding is FindingKey =>
      typeof finding === 'object' &&
      finding !== null &&
      typeof finding.target === 'string' &&
      typeof finding.rule === 'string' &&
      SEVERITIES.includes(finding.severity),
  );
  const daysLeft: Record<string, number> = {};
  for (const [target, days] of Object.entries(digest.daysLeft)) {
    if (typeof days === 'number' && Number.isFinite(days)) daysLeft[target] = days;
  }
  return {
    version: 1,
    evaluatedAt: digest.evaluatedAt,
    verdict: digest.verdict as Verdict,
    findings,
    daysLeft,
  };
}

/**
 * New and fixed findings, and the days left of every target that still has findings (a
 * certificate's countdown is the change people watch in a nightly audit).
 */
export function diffDigests(previous: AuditDigest | undefined, current: AuditDigest): AuditChanges {
  if (!previous) return { first: true, added: current.findings, fixed: [], daysLeft: [] };
  const before = new Set(previous.findings.map(keyOf));
  const after = new Set(current.findings.map(keyOf));
  const open = new Set(current.findings.map((finding) => finding.target));
  const daysLeft = Object.entries(current.daysLeft)
    .filter(([target]) => open.has(target) && previous.daysLeft[target] !== undefined)
    .filter(([target, days]) => previous.daysLeft[target] !== days)
    .map(([target, after]) => ({ target, before: previous.daysLeft[target]!, after }));
  return {
    first: false,
    since: previous.evaluatedAt,
    added: current.findings.filter((finding) => !before.has(keyOf(finding))),
    fixed: previous.findings.filter((finding) => !after.has(keyOf(finding))),
    daysLeft,
  };
}

export function hasFindingChanges(changes: AuditChanges): boolean {
  return changes.added.length > 0 || changes.fixed.length > 0;
}

function keyLine(finding: FindingKey): string {
  return `${SEVERITY_ICON[finding.severity]} ${markdownCode(finding.target)} ${markdownCode(finding.rule)}`;
}

/** The change list as Markdown lines (shared by the issue body and the update comment). */
export function renderChanges(changes: AuditChanges): string {
  if (changes.first) return `- First report: ${plural(changes.added.length, 'open finding')}.\n`;
  const lines = [
    ...changes.added.map((finding) => `- 🆕 New: ${keyLine(finding)}`),
    ...changes.fixed.map((finding) => `- ✅ Fixed: ${keyLine(finding)}`),
    ...changes.daysLeft.map(
      ({ target, before, after }) => `- ⏳ ${markdownCode(target)}: ${before} → ${after} days left`,
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

/** The comment posted on the open issue when findings appeared or were fixed. */
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
