import { ALL_RULES } from '../src/checks/index.js';
import { familiesChecked } from '../src/gate.js';
import { reportAnnotations } from '../src/report/github-annotations.js';
import { fileTarget, hostTarget } from './helpers/facts.js';
import { sampleReport } from './report/sample-report.js';

describe('families a target was checked for', () => {
  it('leaves out what did not run: HSTS not asked for, no hostname, revocation off', () => {
    const host = familiesChecked(hostTarget(), ALL_RULES);
    expect(host).toEqual(expect.arrayContaining(['connection', 'protocol', 'cipher', 'chain']));
    expect(host).not.toContain('hsts');
    expect(host).not.toContain('file');
    expect(familiesChecked(hostTarget({ hsts: { minAgeDays: 180 } }), ALL_RULES)).toContain('hsts');

    expect(familiesChecked(fileTarget(), ALL_RULES)).not.toContain('hostname');
    expect(familiesChecked(fileTarget({ hostname: 'a.example' }), ALL_RULES)).toContain('hostname');

    const off = fileTarget();
    off.settings.revocation = 'off';
    off.settings.rules = { ct: 'off' };
    expect(familiesChecked(off, ALL_RULES)).not.toEqual(expect.arrayContaining(['revocation']));
    expect(familiesChecked(off, ALL_RULES)).not.toContain('ct');
  });
});

describe('annotations of policy findings', () => {
  it('point at the ignore entry, not at the first one', () => {
    const report = sampleReport();
    report.targets.push({
      type: 'file',
      name: '.github/tls-gate.yml',
      status: 'warn',
      source: { file: '.github/tls-gate.yml', line: 9, column: 5 },
      facts: {},
      findings: [9, 16].map((line) => ({
        check: 'policy' as const,
        rule: 'policy.suppression-expired',
        severity: 'warning' as const,
        message: `entry on line ${line} expired`,
        details: { line },
      })),
    });
    const lines = reportAnnotations(report, { file: '.github/tls-gate.yml' })
      .filter((a) => a.title === 'policy.suppression-expired')
      .map((a) => a.line);
    expect(lines).toEqual([9, 16]);
  });
});
