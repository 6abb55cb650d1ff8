// The full Markdown report (GitHub Flavored): verdict, a table of targets, then the findings of each
// target. Values not written by the renderer are code spans (tableCell/markdownCode) or escaped
// prose (markdownText), so a certificate cannot inject HTML, links, images, mentions or references,
// break a table, or issue a workflow command when the report is printed in a CI log.
import type { Finding, Report, Severity, TargetReport, Verdict } from '../model.js';
import { countFindings, daysLeftText, isoDay, plural, sortFindings } from './common.js';
import { markdownCode, markdownText, tableCell } from './escape.js';

const STATUS_ICON: Record<Verdict, string> = { pass: '✅', warn: '⚠️', fail: '❌' };
const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function targetRow(target: TargetReport): string {
  const leaf = target.facts.leaf;
  const counts = countFindings(target.findings);
  return row([
    `${STATUS_ICON[target.status]} ${target.status}`,
    tableCell(target.name),
    target.type,
    leaf ? tableCell(leaf.subject) : '—',
    leaf ? `${markdownText(isoDay(leaf.notAfter))} (${daysLeftText(leaf.daysLeft)})` : '—',
    String(counts.errors),
    String(counts.warnings),
    String(counts.notices + counts.suppressed),
  ]);
}

function factsLine(target: TargetReport): string {
  const { leaf, protocol, cipher, address, trustStore } = target.facts;
  const parts: string[] = [target.type];
  if (target.source) parts.push(`policy line ${target.source.line}`);
  if (address) parts.push(`address ${markdownCode(address)}`);
  if (protocol) parts.push(markdownCode(protocol));
  if (cipher) parts.push(markdownCode(cipher));
  if (leaf) {
    parts.push(`leaf ${markdownCode(leaf.subject)}`);
    parts.push(`issuer ${markdownCode(leaf.issuer)}`);
    parts.push(`expires ${markdownText(isoDay(leaf.notAfter))} (${daysLeftText(leaf.daysLeft)})`);
  }
  if (trustStore) parts.push(`trust ${markdownCode(trustStore)}`);
  return parts.join(' · ');
}

function findingRow(finding: Finding): string {
  let severity = `${SEVERITY_ICON[finding.severity]} ${finding.severity}`;
  let message = markdownText(finding.message);
  if (finding.suppressed) {
    severity += ' (suppressed)';
    const was = finding.originalSeverity ? ` (was ${finding.originalSeverity})` : '';
    const reason = finding.reason ? `: ${markdownText(finding.reason)}` : '';
    message += ` — *suppressed${was}${reason}*`;
  }
  return row([severity, tableCell(finding.rule), message]);
}

function targetSection(target: TargetReport): string[] {
  const lines = [
    `## ${STATUS_ICON[target.status]} ${markdownCode(target.name)}`,
    '',
    factsLine(target),
    '',
  ];
  if (target.findings.length === 0) {
    lines.push('No findings.', '');
    return lines;
  }
  lines.push(row(['Severity', 'Rule', 'Message']), row(['---', '---', '---']));
  lines.push(...sortFindings(target.findings).map(findingRow), '');
  return lines;
}

export function renderMarkdown(report: Report): string {
  const { errors, warnings, notices, suppressed } = report.summary;
  const gate = report.gateClosed ? 'gate closed' : 'gate open';
  const shard = report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : '';
  const lines = [
    '# tls-gate report',
    '',
    `**${STATUS_ICON[report.verdict]} ${report.verdict.toUpperCase()}** · ${gate} (\`fail_on: ${report.policy.failOn}\`)`,
    '',
    [
      plural(report.summary.targets, 'target'),
      plural(errors, 'error'),
      plural(warnings, 'warning'),
      plural(notices, 'notice'),
      `${suppressed} suppressed`,
    ].join(' · '),
    '',
    `Policy ${markdownCode(report.policy.path)} · evaluated ${markdownCode(report.evaluatedAt)} · tls-gate ${markdownCode(report.tool.version)}${shard}`,
    '',
  ];
  if (report.targets.length > 0) {
    lines.push(
      row([
        'Status',
        'Target',
        'Type',
        'Leaf certificate',
        'Expires',
        'Errors',
        'Warnings',
        'Notices',
      ]),
      row(['---', '---', '---', '---', '---', '--:', '--:', '--:']),
      ...report.targets.map(targetRow),
      '',
    );
  }
  for (const target of report.targets) lines.push(...targetSection(target));
  if (report.notes && report.notes.length > 0) {
    lines.push('## Notes', '', ...report.notes.map((note) => `- ${markdownText(note)}`), '');
  }
  return lines.join('\n');
}
