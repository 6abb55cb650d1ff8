// The job summary: verdict, one row per target, an expiry timeline (Mermaid gantt), every finding
// with its rule, and collapsible details per target. Pure; stays within the 1 MiB summary limit.
import type { Finding, Report, TargetReport } from '../model.js';
import type { ConfigurationProblem } from '../errors.js';
import { markdownCode, markdownText, tableCell } from './escape.js';
import { htmlText } from './github-escape.js';
import {
  BoundedMarkdown,
  SEVERITY_ICON,
  SUMMARY_LIMIT_BYTES,
  VERDICT_ICON,
  codeCell,
  counts,
  daysLeftText,
  isoDate,
  plural,
  utf8Bytes,
} from './github-markdown.js';

export interface ExpiryThresholds {
  warnDays: number;
  failDays: number;
}

export interface SummaryOptions {
  /** Expiry thresholds for the timeline: the policy's defaults, and per target where overridden. */
  expiry?: { default: ExpiryThresholds; byTarget?: Record<string, ExpiryThresholds> };
  /** Link to the workflow run, shown in the header. */
  runUrl?: string;
  /** Most rows in the timeline (the soonest expiries are kept). */
  timelineRows?: number;
  limitBytes?: number;
}

const DAY_MS = 86_400_000;
const TRUNCATION_RESERVE = 512;

export function headline(report: Report): string {
  const gate = report.gateClosed ? 'gate closed' : 'gate open';
  return `${VERDICT_ICON[report.verdict]} tls-gate: ${report.verdict} — ${gate}`;
}

export function countsLine(report: Report): string {
  const { summary } = report;
  const parts = [
    plural(summary.targets, 'target'),
    plural(summary.errors, 'error'),
    plural(summary.warnings, 'warning'),
    plural(summary.notices, 'notice'),
  ];
  if (summary.suppressed > 0) parts.push(`${summary.suppressed} suppressed`);
  return parts.join(' · ');
}

function targetRow(target: TargetReport): string {
  const leaf = target.facts.leaf;
  const cells = [
    `${VERDICT_ICON[target.status]} ${target.status}`,
    codeCell(target.name),
    leaf ? isoDate(leaf.notAfter) : '—',
    daysLeftText(leaf),
    target.facts.protocol ? codeCell(target.facts.protocol) : '—',
    leaf ? codeCell(leaf.issuer) : '—',
  ];
  return `| ${cells.join(' | ')} |\n`;
}

function findingMessage(finding: Finding): string {
  let message = markdownText(finding.message);
  if (finding.suppressed) {
    message += ` _(suppressed${finding.reason ? `: ${markdownText(finding.reason)}` : ''})_`;
  }
  return message;
}

function findingRow(target: TargetReport, finding: Finding): string {
  const severity = finding.suppressed ? 'suppressed' : finding.severity;
  const cells = [
    `${SEVERITY_ICON[finding.severity]} ${severity}`,
    codeCell(target.name),
    codeCell(finding.rule),
    findingMessage(finding),
  ];
  return `| ${cells.join(' | ')} |\n`;
}

/** Every finding, most severe first (suppressed last), then in target order. */
export function sortedFindings(report: Report): { target: TargetReport; finding: Finding }[] {
  const rank = (finding: Finding): number =>
    finding.suppressed
      ? 0
      : finding.severity === 'error'
        ? 3
        : finding.severity === 'warning'
          ? 2
          : 1;
  return report.targets
    .flatMap((target) => target.findings.map((finding) => ({ target, finding })))
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => rank(b.finding) - rank(a.finding) || a.order - b.order)
    .map(({ target, finding }) => ({ target, finding }));
}

/** Mermaid has no escaping: keep names to characters its gantt grammar treats as plain text. */
function mermaidName(text: string): string {
  const name = text
    .replace(/[^A-Za-z0-9 ._/*@+-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (name.length > 60 ? `${name.slice(0, 59)}…` : name) || 'target';
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * One row per target with a leaf: its validity split into the quiet part, the warn window and the
 * fail window, plus a milestone for the evaluation instant. GitHub renders this as a chart.
 */
export function expiryTimeline(report: Report, options: SummaryOptions = {}): string | undefined {
  const withLeaf = report.targets.filter((target) => target.facts.leaf);
  if (withLeaf.length === 0) return undefined;
  const maxRows = options.timelineRows ?? 40;
  const rows = [...withLeaf]
    .sort((a, b) => Date.parse(a.facts.leaf!.notAfter) - Date.parse(b.facts.leaf!.notAfter))
    .slice(0, maxRows);
  const thresholds = options.expiry;
  const lines = [
    '```mermaid',
    'gantt',
    `  title Certificate validity as of ${isoDate(report.evaluatedAt)}`,
    '  dateFormat YYYY-MM-DD',
    '  axisFormat %Y-%m-%d',
    '  todayMarker off',
    '  section Evaluated',
    `  ${isoDate(report.evaluatedAt)} : milestone, ${isoDate(report.evaluatedAt)}, 0d`,
  ];
  for (const target of rows) {
    const leaf = target.facts.leaf!;
    const start = Date.parse(leaf.notBefore);
    const end = Date.parse(leaf.notAfter);
    const limits = thresholds?.byTarget?.[target.name] ?? thresholds?.default;
    lines.push(`  section ${mermaidName(target.name)}`);
    const warnAt = limits ? Math.max(start, end - limits.warnDays * DAY_MS) : end;
    const failAt = limits ? Math.max(start, end - limits.failDays * DAY_MS) : end;
    if (warnAt > start) lines.push(`  valid : ${day(start)}, ${day(warnAt)}`);
    if (limits && failAt > warnAt) {
      lines.push(`  warn ${limits.warnDays} d : active, ${day(warnAt)}, ${day(failAt)}`);
    }
    if (limits && end > failAt) {
      lines.push(`  fail ${limits.failDays} d : crit, ${day(failAt)}, ${day(end)}`);
    }
  }
  lines.push('```');
  let text = `${lines.join('\n')}\n`;
  if (withLeaf.length > rows.length) {
    const later = withLeaf.length - rows.length;
    text += `\n_${later} later ${later === 1 ? 'expiry' : 'expiries'} not charted._\n`;
  }
  return text;
}

function detailsBlock(target: TargetReport): string {
  const { findings, suppressed } = counts(target);
  const summary =
    `${VERDICT_ICON[target.status]} <code>${htmlText(target.name)}</code> — ${target.status}, ` +
    `${plural(findings, 'finding')}${suppressed > 0 ? `, ${suppressed} suppressed` : ''}`;
  const facts = target.facts;
  const items: string[] = [];
  const leaf = facts.leaf;
  if (leaf) {
    items.push(`Subject: ${markdownCode(leaf.subject)}`);
    items.push(`Issuer: ${markdownCode(leaf.issuer)}`);
    const names = [...leaf.dnsNames, ...leaf.ipAddresses];
    if (names.length > 0)
      items.push(`Names: ${names.map((name) => markdownCode(name)).join(', ')}`);
    items.push(`Valid: ${markdownCode(leaf.notBefore)} → ${markdownCode(leaf.notAfter)}`);
    items.push(`Key: ${markdownCode(leaf.publicKey)}, ${markdownCode(leaf.signatureAlgorithm)}`);
    items.push(`SHA-256: ${markdownCode(leaf.sha256)}`);
  }
  if (facts.path) {
    items.push(`Validated path: ${facts.path.map((subject) => markdownCode(subject)).join(' → ')}`);
  }
  if (facts.trustStore) items.push(`Trust store: ${markdownCode(facts.trustStore)}`);
  if (facts.address) items.push(`Address: ${markdownCode(facts.address)}`);
  if (facts.protocol || facts.cipher) {
    items.push(
      `Negotiated: ${[facts.protocol, facts.cipher]
        .filter((value): value is string => Boolean(value))
        .map((value) => markdownCode(value))
        .join(', ')}`,
    );
  }
  if (target.source) items.push(`Policy: line ${target.source.line}`);
  for (const finding of target.findings) {
    items.push(
      `${SEVERITY_ICON[finding.severity]} ${markdownCode(finding.rule)}: ${findingMessage(finding)}`,
    );
  }
  const list = items.map((item) => `- ${item}\n`).join('');
  return `<details><summary>${summary}</summary>\n\n${list}\n</details>\n`;
}

/** The job summary Markdown, within `limitBytes` (1 MiB) with a note when something was cut. */
export function renderJobSummary(report: Report, options: SummaryOptions = {}): string {
  const out = new BoundedMarkdown(
    options.limitBytes ?? SUMMARY_LIMIT_BYTES,
    TRUNCATION_RESERVE,
    utf8Bytes,
  );
  const run = options.runUrl ? ` · [workflow run](${options.runUrl})` : '';
  out.add(
    `## ${headline(report)}\n\n` +
      `Policy ${markdownCode(report.policy.path)} · ${countsLine(report)} · ` +
      `\`fail_on: ${report.policy.failOn}\` · evaluated at ${markdownCode(report.evaluatedAt)}${run}\n\n`,
  );
  if (report.targets.length > 0) {
    out.add(
      '### Targets\n\n| Status | Target | Expires | Days left | Protocol | Issuer |\n' +
        '| --- | --- | --- | ---: | --- | --- |\n',
    );
    for (const target of report.targets) out.add(targetRow(target));
    out.add('\n');
  }
  const timeline = expiryTimeline(report, options);
  if (timeline) out.add(`### Expiry timeline\n\n${timeline}\n`);
  const findings = sortedFindings(report);
  if (findings.length > 0) {
    out.add('### Findings\n\n| Severity | Target | Rule | Message |\n| --- | --- | --- | --- |\n');
    for (const { target, finding } of findings) out.add(findingRow(target, finding));
    out.add('\n');
  }
  if (report.notes && report.notes.length > 0) {
    out.add(`### Notes\n\n${report.notes.map((note) => `- ${markdownText(note)}\n`).join('')}\n`);
  }
  if (report.targets.length > 0) {
    out.add('### Details\n\n');
    for (const target of report.targets) out.add(`${detailsBlock(target)}\n`);
  }
  return out.toString(
    '> [!WARNING]\n> This summary was truncated to fit GitHub’s 1 MiB limit. ' +
      'The full report is in the JSON report (the `report` output) and the other report files.',
  );
}

/**
 * The job summary when no gate could run (invalid inputs or policy, an incomplete shard set):
 * every problem with its place, since annotations stop at ten.
 */
export function renderProblemsSummary(
  what: string,
  problems: readonly ConfigurationProblem[],
): string {
  const rows = problems.map((problem) => {
    const where = problem.file
      ? `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}${problem.column !== undefined ? `:${problem.column}` : ''}`
      : '';
    return `| ${where ? tableCell(where) : ''} | ${problem.key ? tableCell(problem.key) : ''} | ${markdownText(problem.message)} |`;
  });
  return [
    `## ❌ tls-gate: ${markdownText(what)}`,
    '',
    'No check ran: fix these and run again.',
    '',
    '| Where | Key | Problem |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
