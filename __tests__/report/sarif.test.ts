import { FINGERPRINT_KEY, SARIF_SCHEMA, artifactUri, renderSarif } from '../../src/report/sarif.js';
import { sampleReport } from './sample-report.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF is checked as parsed JSON */
const LEVELS = ['error', 'warning', 'note', 'none'];

function sarifOf(report = sampleReport()): any {
  return JSON.parse(renderSarif(report));
}

function resultsByRule(sarif: any): Map<string, any> {
  return new Map(sarif.runs[0].results.map((result: any) => [result.ruleId, result]));
}

describe('SARIF report', () => {
  const sarif = sarifOf();
  const run = sarif.runs[0];
  const { rules } = run.tool.driver;

  it('has the required top-level structure of SARIF 2.1.0', () => {
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'tls-gate',
      version: '1.2.3',
    });
  });

  it('describes each rule once, the ones without metadata included', () => {
    const ids = rules.map((rule: any) => rule.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids).toContain('revocation.no-ocsp-url');
    for (const rule of rules) {
      expect(rule.shortDescription.text).toEqual(expect.any(String));
      expect(rule.fullDescription.text).toEqual(expect.any(String));
      expect(rule.help.text).toEqual(expect.any(String));
      expect(rule.help.markdown).toEqual(expect.any(String));
      expect(LEVELS).toContain(rule.defaultConfiguration.level);
      expect(rule.properties.tags).toEqual(['security', 'tls', rule.id.split('.')[0]]);
    }
    const untrusted = rules.find((rule: any) => rule.id === 'chain.untrusted-root');
    expect(untrusted.help.text).toContain('Reference: RFC 5280 §6.1');
  });

  it('gives one result per finding, pointing at its rule and at the target in the policy', () => {
    const findings = sampleReport().targets.flatMap((target) =>
      target.findings.map((finding) => ({ target, finding })),
    );
    expect(run.results).toHaveLength(findings.length);
    run.results.forEach((result: any, index: number) => {
      const { target, finding } = findings[index]!;
      expect(result.ruleId).toBe(finding.rule);
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(LEVELS).toContain(result.level);
      expect(result.message.text).toMatch(new RegExp(`^${target.name}: `));
      expect(result.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: '.github/tls-gate.yml' },
        region: { startLine: target.source?.line, startColumn: target.source?.column },
      });
      expect(result.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('maps severities to levels and marks suppressed findings as externally suppressed', () => {
    const byRule = resultsByRule(sarif);
    expect(byRule.get('hostname.mismatch').level).toBe('error');
    expect(byRule.get('expiry.expiring-soon').level).toBe('warning');
    expect(byRule.get('revocation.no-ocsp-url').level).toBe('note');
    const suppressed = byRule.get('protocol.tls10');
    expect(suppressed.level).toBe('error');
    expect(suppressed.suppressions).toEqual([
      {
        kind: 'external',
        justification:
          'vendor appliance @ops-team, replacement tracked in #42 \\[OPS-123\\](http://e)',
      },
    ]);
    expect(byRule.get('hostname.mismatch').suppressions).toBeUndefined();
  });

  it('fingerprints stay the same when messages, severities or the run change, not the certificate', () => {
    const fingerprints = (report = sampleReport()) =>
      sarifOf(report).runs[0].results.map(
        (result: any) => result.partialFingerprints[FINGERPRINT_KEY],
      );
    const before = fingerprints();
    expect(new Set(before).size).toBe(before.length);

    const changed = sampleReport();
    changed.evaluatedAt = '2027-01-01T00:00:00.000Z';
    for (const finding of changed.targets[1]!.findings) {
      finding.message = 'reworded';
      finding.severity = 'warning';
    }
    expect(fingerprints(changed)).toEqual(before);

    const rotated = sampleReport();
    rotated.targets[1]!.findings[0]!.certificate!.sha256 = 'ff'.repeat(32);
    expect(fingerprints(rotated)[0]).not.toBe(before[0]);
    expect(fingerprints(rotated).slice(1)).toEqual(before.slice(1));
  });

  it('keeps two findings of one rule on one target apart, each at its own policy line', () => {
    const report = sampleReport();
    report.targets.push({
      type: 'file',
      name: '.github/tls-gate.yml',
      status: 'warn',
      source: { file: '.github/tls-gate.yml', line: 3, column: 1 },
      facts: {},
      findings: [3, 10].map((line) => ({
        check: 'policy' as const,
        rule: 'policy.suppression-expired',
        severity: 'warning' as const,
        message: `ignore entry (line ${line}) expired`,
        details: { rule: line === 3 ? 'cipher.cbc' : 'protocol.tls10', line },
      })),
    });
    const results = sarifOf(report).runs[0].results.filter(
      (r: any) => r.ruleId === 'policy.suppression-expired',
    );
    expect(results.map((r: any) => r.locations[0].physicalLocation.region.startLine)).toEqual([
      3, 10,
    ]);
    const [a, b] = results.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(a).not.toBe(b);
  });

  it('escapes link syntax in message text so a subject cannot become a link', () => {
    const expiry = resultsByRule(sarif).get('expiry.expiring-soon');
    expect(expiry.message.text).toContain('\\x1b\\[31m|\\[a\\](http://e)');
    expect(expiry.message.text).not.toMatch(/(^|[^\\])(\\\\)*\[/);
  });

  it('locates results at a relative POSIX path or a file URI', () => {
    expect(artifactUri('./.github/tls-gate.yml')).toBe('.github/tls-gate.yml');
    expect(artifactUri('ops\\tls gate#1.yml')).toBe('ops/tls%20gate%231.yml');
    expect(artifactUri('/home/runner/work/p.yml')).toBe('file:///home/runner/work/p.yml');
    expect(artifactUri('C:\\repo\\p.yml')).toBe('file:///C:/repo/p.yml');
  });

  it('falls back to line 1 for a target without a source position', () => {
    const report = sampleReport();
    delete report.targets[2]!.source;
    const result = resultsByRule(sarifOf(report)).get('connection.refused');
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 1 });
  });
});
