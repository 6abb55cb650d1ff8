import { renderJson } from '../../src/report/json.js';
import { HOSTILE_MESSAGE_TAIL, HOSTILE_SUBJECT, sampleReport } from './sample-report.js';

const SEVERITIES = ['error', 'warning', 'notice'];
const CHECKS = [
  'chain',
  'hostname',
  'expiry',
  'protocol',
  'cipher',
  'key',
  'signature',
  'revocation',
  'connection',
  'policy',
  'hsts',
  'file',
];

describe('JSON report', () => {
  const output = renderJson(sampleReport());
  const parsed = JSON.parse(output);

  it('has the contract shape: verdict, targets[].{type,name,findings[].{check,rule,severity,message}}', () => {
    expect(['pass', 'warn', 'fail']).toContain(parsed.verdict);
    expect(parsed.targets.length).toBeGreaterThan(0);
    for (const target of parsed.targets) {
      expect(['host', 'file']).toContain(target.type);
      expect(typeof target.name).toBe('string');
      for (const finding of target.findings) {
        expect(CHECKS).toContain(finding.check);
        expect(finding.rule).toMatch(new RegExp(`^${finding.check}\\.[a-z0-9]+(-[a-z0-9]+)*$`));
        expect(SEVERITIES).toContain(finding.severity);
        expect(typeof finding.message).toBe('string');
      }
    }
  });

  it('is the report unchanged, facts included (hostile values are data, escaped only by JSON)', () => {
    expect(parsed).toEqual(sampleReport());
    expect(parsed.targets[1].facts.leaf.subject).toBe(HOSTILE_SUBJECT);
    expect(parsed.targets[1].findings[2].message).toContain(HOSTILE_MESSAGE_TAIL);
  });

  it('puts the contract keys first and orders everything else by name', () => {
    expect(Object.keys(parsed).slice(0, 3)).toEqual(['verdict', 'gateClosed', 'summary']);
    expect(Object.keys(parsed.targets[1]).slice(0, 4)).toEqual([
      'type',
      'name',
      'status',
      'findings',
    ]);
    expect(Object.keys(parsed.targets[1].findings[0]).slice(0, 4)).toEqual([
      'check',
      'rule',
      'severity',
      'message',
    ]);
    expect(Object.keys(parsed.targets[1].facts.timings)).toEqual(['connectMs', 'handshakeMs']);
  });

  it('does not depend on the order the report was built in', () => {
    const report = sampleReport();
    const shuffled = Object.fromEntries(Object.entries(report).reverse()) as typeof report;
    shuffled.targets = report.targets.map(
      (target) => Object.fromEntries(Object.entries(target).reverse()) as typeof target,
    );
    expect(renderJson(shuffled)).toBe(output);
  });

  it('uses 2-space indentation and ends with a newline', () => {
    expect(output.startsWith('{\n  "verdict": "fail",\n')).toBe(true);
    expect(output.endsWith('}\n')).toBe(true);
  });

  it('escapes what could act on a terminal or a CI log, without changing the value', () => {
    // eslint-disable-next-line no-control-regex
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]|##\[/u);
    expect(output).toContain('\\u001b[31m');
    expect(output).toContain('\\u009b2J');
    expect(output).toContain('\\u202eevil');
    expect(output).toContain('\\u0023#[warning]');
  });
});
