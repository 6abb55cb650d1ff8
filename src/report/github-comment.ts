// The sticky PR comment: a compact summary (the targets that need attention and their top
// findings), marked so the next run finds and updates it. Pure; within 65,536 characters.
import { severityRank, type Report, type TargetReport } from '../model.js';
import { markdownCode, markdownText } from './escape.js';
import { htmlCommentValue } from './github-escape.js';
import {
  BoundedMarkdown,
  COMMENT_LIMIT_CHARS,
  SEVERITY_ICON,
  VERDICT_ICON,
  codeCell,
  daysLeftText,
  isoDate,
  plural,
} from './github-markdown.js';
import { countsLine, headline } from './github-summary.js';

export interface CommentOptions {
  /** The hidden marker (see `stickyMarker`), the first line of the comment. */
  marker: string;
  /** Link to the workflow run whose job summary has the full report. */
  runUrl?: string;
  /** Findings listed per target before "+N more". */
  findingsPerTarget?: number;
  limitChars?: number;
}

/** Ends the footer line; the footer (a link to this run) is ignored when comparing bodies. */
const FOOTER_TAG = '<!-- tls-gate:footer -->';
const TRUNCATION_RESERVE = 400;

/** The hidden marker of the comment for one policy: one comment per PR per policy. */
export function stickyMarker(policyPath: string): string {
  return `<!-- tls-gate:${htmlCommentValue(policyPath)} -->`;
}

/** The part of a comment that matters when deciding whether an update changes anything. */
export function commentContent(body: string): string {
  return body
    .split('\n')
    .filter((line) => !line.endsWith(FOOTER_TAG))
    .join('\n')
    .trimEnd();
}

function targetRow(target: TargetReport, perTarget: number): string {
  const open = target.findings
    .filter((finding) => !finding.suppressed)
    .map((finding, order) => ({ finding, order }))
    .sort(
      (a, b) =>
        severityRank(b.finding.severity) - severityRank(a.finding.severity) || a.order - b.order,
    )
    .map(({ finding }) => finding);
  const shown = open
    .slice(0, perTarget)
    .map(
      (finding) =>
        `${SEVERITY_ICON[finding.severity]} ${codeCell(finding.rule)}: ${markdownText(finding.message)}`,
    );
  if (open.length > perTarget) shown.push(`+${open.length - perTarget} more`);
  const cells = [
    `${VERDICT_ICON[target.status]} ${target.status}`,
    codeCell(target.name),
    daysLeftText(target.facts.leaf),
    shown.join('<br>') || '—',
  ];
  return `| ${cells.join(' | ')} |\n`;
}

export function renderPullRequestComment(report: Report, options: CommentOptions): string {
  const out = new BoundedMarkdown(options.limitChars ?? COMMENT_LIMIT_CHARS, TRUNCATION_RESERVE);
  const perTarget = options.findingsPerTarget ?? 3;
  out.add(
    `${options.marker}\n### ${headline(report)}\n\n` +
      `${markdownCode(report.policy.path)} · ${countsLine(report)} · ` +
      `evaluated ${isoDate(report.evaluatedAt)}\n\n`,
  );
  const attention = report.targets.filter((target) => target.status !== 'pass');
  const passing = report.targets.length - attention.length;
  if (attention.length > 0) {
    out.add('| Status | Target | Days left | Findings |\n| --- | --- | ---: | --- |\n');
    for (const target of attention) out.add(targetRow(target, perTarget));
    out.add('\n');
  }
  if (report.targets.length === 0) {
    out.add('The policy has no targets.\n\n');
  } else if (passing > 0) {
    const word = attention.length > 0 ? 'more ' : '';
    const verb = passing === 1 ? 'passes' : 'pass';
    out.add(`${VERDICT_ICON.pass} ${plural(passing, `${word}target`)} ${verb}.\n\n`);
  }
  const footer = options.runUrl
    ? `<sub>Full report: [job summary](${options.runUrl}).</sub>${FOOTER_TAG}\n`
    : '';
  if (footer) out.add(footer);
  const truncatedFooter = options.runUrl
    ? `\n\n<sub>Full report: [job summary](${options.runUrl}).</sub>${FOOTER_TAG}`
    : '';
  return out.toString(
    `> [!NOTE]\n> Truncated to fit GitHub’s comment limit; the job summary lists every target.` +
      truncatedFooter,
  );
}
