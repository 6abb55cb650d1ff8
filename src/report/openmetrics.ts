// OpenMetrics text exposition for a node-exporter textfile collector or a Pushgateway. Only gauges
// and no sample timestamps, so the Prometheus text parser reads it too (`# EOF` is a comment there).
// States (target status, verdict) follow the Prometheus enum idiom: one series per possible state,
// 1 for the current one and 0 for the others, so `tls_gate_target_status{status="fail"} == 1` is an
// alert rule and a state change never leaves a stale series behind.
import type { Report, Severity, Verdict } from '../model.js';
import { countFindings } from './common.js';
import { logSafe } from './escape.js';

const VERDICTS: readonly Verdict[] = ['pass', 'warn', 'fail'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice'];

/**
 * A label value: made printable and free of workflow commands first (file names from globs reach
 * it), then escaped as the exposition format requires (`\\`, `\"`, `\n`).
 */
export function labelValue(value: string): string {
  return logSafe(value).replace(/[\\"\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

function labels(values: Record<string, string>): string {
  const pairs = Object.entries(values).map(([name, value]) => `${name}="${labelValue(value)}"`);
  return `{${pairs.join(',')}}`;
}

/** Integers as they are; other numbers in the shortest form that reads back exactly. */
function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

class Exposition {
  private readonly lines: string[] = [];

  family(name: string, help: string, samples: readonly [Record<string, string>, number][]): void {
    if (samples.length === 0) return;
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    const seen = new Set<string>();
    for (const [labelValues, value] of samples) {
      const line = `${name}${Object.keys(labelValues).length > 0 ? labels(labelValues) : ''}`;
      // One series per label set: a duplicate would make the whole exposition invalid.
      if (seen.has(line)) continue;
      seen.add(line);
      this.lines.push(`${line} ${number(value)}`);
    }
  }

  toString(): string {
    return `${[...this.lines, '# EOF'].join('\n')}\n`;
  }
}

export function renderOpenMetrics(report: Report): string {
  const out = new Exposition();
  const withLeaf = report.targets.filter((target) => target.facts.leaf);
  const id = (target: { name: string; type: string }) => ({
    target: target.name,
    type: target.type,
  });

  out.family(
    'tls_gate_certificate_expiry_days',
    'Whole days until the leaf certificate expires at the evaluation instant (negative once expired).',
    withLeaf.map((target) => [id(target), target.facts.leaf?.daysLeft ?? NaN]),
  );
  out.family(
    'tls_gate_certificate_not_after_seconds',
    'Expiry of the leaf certificate as a Unix timestamp.',
    withLeaf.map((target) => [id(target), Date.parse(target.facts.leaf?.notAfter ?? '') / 1000]),
  );
  out.family(
    'tls_gate_target_status',
    'Status of a target: 1 for its current status (pass, warn or fail), 0 for the others.',
    report.targets.flatMap((target) =>
      VERDICTS.map((status): [Record<string, string>, number] => [
        { ...id(target), status },
        target.status === status ? 1 : 0,
      ]),
    ),
  );
  out.family(
    'tls_gate_findings',
    'Findings of a target by severity; suppressed findings are counted apart as severity=suppressed.',
    report.targets.flatMap((target) => {
      const counts = countFindings(target.findings);
      const bySeverity: Record<Severity | 'suppressed', number> = {
        error: counts.errors,
        warning: counts.warnings,
        notice: counts.notices,
        suppressed: counts.suppressed,
      };
      return [...SEVERITIES, 'suppressed' as const].map(
        (severity): [Record<string, string>, number] => [
          { target: target.name, severity },
          bySeverity[severity],
        ],
      );
    }),
  );
  out.family(
    'tls_gate_finding_info',
    'One series per rule that fired on a target, with its severity; always 1.',
    report.targets.flatMap((target) =>
      target.findings.map((finding): [Record<string, string>, number] => [
        {
          target: target.name,
          rule: finding.rule,
          severity: finding.severity,
          suppressed: finding.suppressed ? 'true' : 'false',
        },
        1,
      ]),
    ),
  );
  out.family(
    'tls_gate_verdict',
    'Verdict of the run: 1 for the current verdict (pass, warn or fail), 0 for the others.',
    VERDICTS.map((verdict) => [{ verdict }, report.verdict === verdict ? 1 : 0]),
  );
  out.family('tls_gate_gate_closed', 'Whether fail_on closed the gate (exit code 1).', [
    [{}, report.gateClosed ? 1 : 0],
  ]);
  out.family(
    'tls_gate_last_run_timestamp_seconds',
    'The instant the checks were evaluated at, as a Unix timestamp.',
    [[{}, Date.parse(report.evaluatedAt) / 1000]],
  );
  return out.toString();
}
