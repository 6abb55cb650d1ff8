import type { Finding, TargetReport } from '../src/model.js';
import type { IgnoreEntry } from '../src/policy/types.js';
import { applySuppressions, suppressionExpired } from '../src/suppress.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function target(name: string, ...rules: string[]): TargetReport {
  const findings: Finding[] = rules.map((rule) => ({
    check: rule.split('.')[0] as Finding['check'],
    rule,
    severity: 'error',
    message: rule,
  }));
  return { type: 'host', name, status: 'fail', facts: {}, findings };
}

function entry(rule: string, more: Partial<IgnoreEntry> = {}): IgnoreEntry {
  return {
    rule,
    reason: 'tracked in OPS-1',
    source: { file: 'p.yml', line: 7, column: 5 },
    ...more,
  };
}

describe('suppressions', () => {
  it('keeps a matched finding as a suppressed notice with its reason', () => {
    const targets = [target('legacy.example.com:443', 'protocol.tls10', 'cipher.rc4')];
    const audit = applySuppressions(
      targets,
      [entry('protocol.tls10', { target: 'legacy.example.com:443' })],
      NOW,
    );
    const [tls10, rc4] = targets[0]!.findings;
    expect(tls10).toMatchObject({
      severity: 'notice',
      suppressed: true,
      reason: 'tracked in OPS-1',
      originalSeverity: 'error',
    });
    expect(rc4).toMatchObject({ severity: 'error' });
    expect(rc4!.suppressed).toBeUndefined();
    expect(audit).toEqual({ expired: [], unused: [] });
  });

  it('matches a family and a target glob', () => {
    const targets = [
      target('a.example.com:443', 'cipher.cbc'),
      target('b.other.com:443', 'cipher.cbc'),
    ];
    applySuppressions(targets, [entry('cipher', { target: '*.example.com:*' })], NOW);
    expect(targets[0]!.findings[0]!.suppressed).toBe(true);
    expect(targets[1]!.findings[0]!.suppressed).toBeUndefined();
  });

  it('stops applying after the until day and reports the entry as expired', () => {
    const old = entry('cipher.cbc', { until: '2026-05-31' });
    expect(suppressionExpired(old, NOW)).toBe(true);
    expect(suppressionExpired(entry('x', { until: '2026-06-01' }), NOW)).toBe(false);
    const targets = [target('a:443', 'cipher.cbc')];
    const audit = applySuppressions(targets, [old], NOW);
    expect(targets[0]!.findings[0]!.severity).toBe('error');
    expect(audit.expired).toEqual([old]);
    expect(audit.unused).toEqual([]);
  });

  it('reports entries that matched nothing', () => {
    const unused = entry('protocol.sslv3');
    const audit = applySuppressions([target('a:443', 'cipher.cbc')], [unused], NOW);
    expect(audit.unused).toEqual([unused]);
  });
});
