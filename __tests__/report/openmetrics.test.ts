import type { Report } from '../../src/model.js';
import { logSafe } from '../../src/report/escape.js';
import { labelValue, renderOpenMetrics } from '../../src/report/openmetrics.js';
import { sampleReport } from './sample-report.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}`;
const SAMPLE = new RegExp(`^(${NAME})(\\{${LABEL}(?:,${LABEL})*\\})? (\\S+)$`);
const NUMBER = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)$/;

function unescapeLabel(value: string): string {
  return value.replace(/\\([\\"n])/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

/**
 * Parses the exposition line by line as the OpenMetrics grammar requires (for the gauge-only
 * subset we emit): HELP then TYPE then the family's samples, families not interleaved, no
 * duplicate series, `# EOF` last. Throws on the first violation.
 */
function parse(text: string): Sample[] {
  if (!text.endsWith('# EOF\n')) throw new Error('does not end with # EOF and a newline');
  const lines = text.slice(0, -1).split('\n');
  const samples: Sample[] = [];
  const families = new Set<string>();
  const series = new Set<string>();
  let family: string | undefined;
  let pendingHelp: string | undefined;
  lines.forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`;
    if (index === lines.length - 1) {
      if (line !== '# EOF') throw new Error(`${where}: expected # EOF`);
      return;
    }
    const help = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line);
    const type = new RegExp(`^# TYPE (${NAME}) gauge$`).exec(line);
    const sample = SAMPLE.exec(line);
    if (help) {
      if (families.has(help[1]!)) throw new Error(`${where}: family ${help[1]} seen before`);
      if (/[\\"]/.test(help[2]!)) throw new Error(`${where}: HELP needs escaping`);
      pendingHelp = help[1];
    } else if (type) {
      if (pendingHelp !== type[1]) throw new Error(`${where}: TYPE without its HELP`);
      family = type[1]!;
      families.add(family);
      pendingHelp = undefined;
    } else if (sample) {
      if (sample[1] !== family) throw new Error(`${where}: sample outside its family`);
      if (!NUMBER.test(sample[3]!)) throw new Error(`${where}: bad value`);
      if (series.has(`${sample[1]}${sample[2] ?? ''}`))
        throw new Error(`${where}: duplicate series`);
      series.add(`${sample[1]}${sample[2] ?? ''}`);
      const labels: Record<string, string> = {};
      for (const match of (sample[2] ?? '').matchAll(
        new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)=(${LABEL_VALUE})`, 'g'),
      )) {
        labels[match[1]!] = unescapeLabel(match[2]!.slice(1, -1));
      }
      samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
    } else {
      throw new Error(`${where}: not HELP, TYPE, a sample or # EOF`);
    }
  });
  return samples;
}

function values(samples: Sample[], name: string): Array<[Record<string, string>, number]> {
  return samples.filter((s) => s.name === name).map((s) => [s.labels, s.value]);
}

describe('OpenMetrics report', () => {
  const samples = parse(renderOpenMetrics(sampleReport()));

  it('gives days left and expiry of each leaf certificate', () => {
    expect(values(samples, 'tls_gate_certificate_expiry_days')).toEqual([
      [{ target: 'certs/site.pem', type: 'file' }, 90],
      [{ target: 'api.example.com:443', type: 'host' }, 3],
    ]);
    expect(values(samples, 'tls_gate_certificate_not_after_seconds')[1]).toEqual([
      { target: 'api.example.com:443', type: 'host' },
      Date.parse('2026-06-04T12:00:00Z') / 1000,
    ]);
  });

  it('has one status series per state with 1 for the current one', () => {
    const status = values(samples, 'tls_gate_target_status');
    expect(status).toHaveLength(9);
    const current = status.filter(([, value]) => value === 1).map(([labels]) => labels);
    expect(current).toEqual([
      { target: 'certs/site.pem', type: 'file', status: 'pass' },
      { target: 'api.example.com:443', type: 'host', status: 'fail' },
      { target: 'legacy.example.org:8443', type: 'host', status: 'fail' },
    ]);
    expect(values(samples, 'tls_gate_verdict')).toEqual([
      [{ verdict: 'pass' }, 0],
      [{ verdict: 'warn' }, 0],
      [{ verdict: 'fail' }, 1],
    ]);
    expect(values(samples, 'tls_gate_gate_closed')).toEqual([[{}, 1]]);
  });

  it('counts findings by severity and gives an info series per finding', () => {
    const api = values(samples, 'tls_gate_findings').filter(
      ([labels]) => labels.target === 'api.example.com:443',
    );
    expect(api.map(([labels, value]) => [labels.severity, value])).toEqual([
      ['error', 2],
      ['warning', 1],
      ['notice', 1],
      ['suppressed', 1],
    ]);
    expect(values(samples, 'tls_gate_finding_info')).toContainEqual([
      {
        target: 'api.example.com:443',
        rule: 'protocol.tls10',
        severity: 'notice',
        suppressed: 'true',
      },
      1,
    ]);
    expect(values(samples, 'tls_gate_finding_info')).toHaveLength(6);
  });

  it('stamps the evaluation instant', () => {
    expect(values(samples, 'tls_gate_last_run_timestamp_seconds')).toEqual([
      [{}, Date.parse('2026-06-01T00:00:00Z') / 1000],
    ]);
  });

  it('escapes label values and keeps one series per label set', () => {
    const report: Report = sampleReport();
    const hostile = 'a"b\\c\nd ##[x] \u001b[31m';
    report.targets[1]!.name = hostile;
    const finding = report.targets[1]!.findings[0]!;
    report.targets[1]!.findings.push({
      ...finding,
      message: 'the same rule on another certificate',
    });
    const parsed = parse(renderOpenMetrics(report));
    const names = values(parsed, 'tls_gate_target_status').map(([labels]) => labels.target);
    expect(names).toContain(logSafe(hostile));
    expect(labelValue(hostile)).toBe('a\\"b\\\\c\\\\nd #\u2060#[x] \\\\x1b[31m');
    expect(
      values(parsed, 'tls_gate_finding_info').filter(([labels]) => labels.rule === finding.rule),
    ).toHaveLength(1);
  });

  it('leaves out expiry series for a target without a certificate', () => {
    const legacy = samples.filter((s) => s.labels.target === 'legacy.example.org:8443');
    expect(legacy.some((s) => s.name.startsWith('tls_gate_certificate_'))).toBe(false);
  });
});
