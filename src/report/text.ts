// The terminal report: one status line per target with its leaf certificate and connection, its
// findings most severe first, then the verdict. Every value from a certificate, a server or a file
// name goes through logSafe (no escape sequences, no workflow commands); colour is applied only to
// the renderer's own words, and only when asked for.
import type { Finding, Report, Severity, TargetReport, Verdict } from '../model.js';
import { daysLeftText, isoDay, plural, sortFindings } from './common.js';
import { logSafe } from './escape.js';

const ANSI = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
} as const;
type Style = keyof typeof ANSI;

type Paint = (text: string, ...styles: Style[]) => string;

function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.length === 0 ? text : `\u001b[${styles.map((s) => ANSI[s]).join(';')}m${text}\u001b[0m`;
}

const STATUS_WORD: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };
const STATUS_STYLE: Record<Verdict, Style> = { pass: 'green', warn: 'yellow', fail: 'red' };
const SEVERITY_STYLE: Record<Severity, Style[]> = {
  error: ['red'],
  warning: ['yellow'],
  notice: [],
};

const INDENT = '      ';

function leafLine(target: TargetReport): string | undefined {
  const { leaf, protocol, cipher, address } = target.facts;
  const parts: string[] = [];
  if (leaf) {
    parts.push(logSafe(leaf.subject));
    parts.push(`expires ${logSafe(isoDay(leaf.notAfter))} (${daysLeftText(leaf.daysLeft)})`);
  }
  if (protocol) parts.push(cipher ? `${logSafe(protocol)} ${logSafe(cipher)}` : logSafe(protocol));
  // Labelled, so an IPv6 address never starts the line (where `::` would be neutralised).
  if (address) parts.push(`address ${logSafe(address)}`);
  return parts.length > 0 ? INDENT + parts.join(' · ') : undefined;
}

function findingLines(findings: readonly Finding[], paint: Paint): string[] {
  const sorted = sortFindings(findings);
  const ruleWidth = sorted.reduce((max, finding) => Math.max(max, logSafe(finding.rule).length), 0);
  return sorted.map((finding) => {
    const rule = logSafe(finding.rule).padEnd(ruleWidth);
    const message = logSafe(finding.message);
    if (finding.suppressed) {
      const was = finding.originalSeverity ? ` ${finding.originalSeverity}` : '';
      const reason = finding.reason ? `: ${logSafe(finding.reason)}` : '';
      return paint(
        `${INDENT}${'notice'.padEnd(8)}${rule}  ${message} [suppressed${was}${reason}]`,
        'dim',
      );
    }
    const severity = paint(finding.severity.padEnd(7), ...SEVERITY_STYLE[finding.severity]);
    return `${INDENT}${severity} ${rule}  ${message}`;
  });
}

function targetLines(target: TargetReport, paint: Paint): string[] {
  const status = paint(STATUS_WORD[target.status], 'bold', STATUS_STYLE[target.status]);
  const kind = target.policyFile ? 'policy' : target.type;
  const lines = [`${status}  ${logSafe(target.name)} (${kind})`];
  const leaf = leafLine(target);
  if (leaf) lines.push(leaf);
  lines.push(...findingLines(target.findings, paint));
  return lines;
}

function verdictLine(report: Report, paint: Paint): string {
  const verdict = paint(STATUS_WORD[report.verdict], 'bold', STATUS_STYLE[report.verdict]);
  const byStatus = { pass: 0, warn: 0, fail: 0 };
  for (const target of report.targets) if (!target.policyFile) byStatus[target.status]++;
  const { errors, warnings, notices, suppressed } = report.summary;
  const gate = report.gateClosed ? paint('gate closed', 'bold') : 'gate open';
  return [
    `${verdict}  ${plural(report.summary.targets, 'target')}: ${byStatus.fail} failed, ${byStatus.warn} warned, ${byStatus.pass} passed`,
    `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notices, 'notice')}, ${suppressed} suppressed`,
    `${gate} (fail_on: ${report.policy.failOn})`,
  ].join(' · ');
}

export function renderText(report: Report, options: { color?: boolean } = {}): string {
  const paint = painter(options.color === true);
  const shard = report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : '';
  const profile = report.policy.profile ? ` (${logSafe(report.policy.profile)})` : '';
  const lines = [
    paint(
      `tls-gate ${logSafe(report.tool.version)} · policy ${logSafe(report.policy.path)}${profile} · evaluated ${logSafe(report.evaluatedAt)}${shard}`,
      'dim',
    ),
    '',
  ];
  for (const target of report.targets) lines.push(...targetLines(target, paint));
  if (report.targets.length > 0) lines.push('');
  for (const note of report.notes ?? []) lines.push(`note: ${logSafe(note)}`);
  lines.push(verdictLine(report, paint));
  return `${lines.join('\n')}\n`;
}
