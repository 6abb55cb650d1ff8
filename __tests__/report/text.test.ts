import type { Report } from '../../src/model.js';
import { renderText } from '../../src/report/text.js';
import { sampleReport } from './sample-report.js';

function passingReport(): Report {
  const report = sampleReport();
  report.targets = report.targets.slice(0, 1);
  Object.assign(report, {
    verdict: 'pass',
    gateClosed: false,
    summary: { targets: 1, errors: 0, warnings: 0, notices: 0, suppressed: 0 },
  });
  return report;
}

describe('text report', () => {
  const lines = renderText(sampleReport()).split('\n');

  it('gives each target a status line with its leaf certificate and connection', () => {
    expect(lines).toContain('PASS  certs/site.pem (file)');
    expect(lines).toContain('FAIL  api.example.com:443 (host)');
    const leaf = lines[lines.indexOf('FAIL  api.example.com:443 (host)') + 1];
    expect(leaf).toMatch(/^ {6}CN=<img src=x>@admin/);
    expect(leaf).toContain('expires 2026-06-04 (3 days left)');
    expect(leaf).toContain('TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('lists findings most severe first with their rule id, suppressed ones last with the reason', () => {
    const start = lines.indexOf('FAIL  api.example.com:443 (host)') + 2;
    const findings = lines.slice(start, start + 5).map((line) => line.trim().split(/\s+/, 2));
    expect(findings).toEqual([
      ['error', 'chain.untrusted-root'],
      ['error', 'hostname.mismatch'],
      ['warning', 'expiry.expiring-soon'],
      ['notice', 'revocation.no-ocsp-url'],
      ['notice', 'protocol.tls10'],
    ]);
    expect(lines[start + 4]).toContain('[suppressed error: vendor appliance');
  });

  it('ends with the verdict, the counts and whether the gate is closed', () => {
    expect(lines.at(-2)).toBe(
      'FAIL  3 targets: 2 failed, 0 warned, 1 passed · 3 errors, 1 warning, 1 notice, 1 suppressed · gate closed (fail_on: error)',
    );
    expect(renderText(passingReport())).toMatch(
      /\nPASS {2}1 target: .* · gate open \(fail_on: error\)\n$/,
    );
  });

  it('says how long ago an expired certificate expired', () => {
    const report = sampleReport();
    const leaf = report.targets[0]?.facts.leaf;
    if (leaf) leaf.daysLeft = -2;
    expect(renderText(report)).toContain('(expired 2 days ago)');
  });

  it('uses colour only when asked, and only around its own words', () => {
    expect(renderText(sampleReport())).not.toContain('\u001b');
    const coloured = renderText(sampleReport(), { color: true });
    expect(coloured).toContain('\u001b[1;31mFAIL\u001b[0m  api.example.com:443');
    expect(coloured).toContain('\u001b[1;32mPASS\u001b[0m  certs/site.pem');
  });

  it('shows control characters from a certificate instead of sending them', () => {
    const output = renderText(sampleReport());
    expect(output).toContain('#\u2060#[warning]\\x1b[31m|[a](http://e)');
    expect(output).toContain(
      '@admin\\n::error file=x::injected\\r#\u2060#[group]g \\x9b2J \\u202eevil',
    );
  });
});
