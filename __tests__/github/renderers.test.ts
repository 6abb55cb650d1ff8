// The GitHub renderers are pure: the shared sample report (hostile subject and messages included)
// rendered and compared with golden files. UPDATE_GOLDEN=1 rewrites them; review the diff.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { Report, TargetReport } from '../../src/model.js';
import {
  formatAnnotation,
  problemAnnotations,
  reportAnnotations,
} from '../../src/report/github-annotations.js';
import {
  commentContent,
  renderPullRequestComment,
  stickyMarker,
} from '../../src/report/github-comment.js';
import {
  auditMarker,
  diffDigests,
  auditDigest,
  encodeDigest,
  hasFindingChanges,
  parseDigest,
  renderAuditIssue,
  renderChanges,
} from '../../src/report/github-issue.js';
import { COMMENT_LIMIT_CHARS, SUMMARY_LIMIT_BYTES } from '../../src/report/github-markdown.js';
import { renderJobSummary } from '../../src/report/github-summary.js';
import { sampleReport } from '../report/sample-report.js';

const RUN_URL = 'https://github.com/octo/site/actions/runs/42';
const EXPIRY = {
  default: { warnDays: 30, failDays: 7 },
  byTarget: { 'certs/site.pem': { warnDays: 60, failDays: 14 } },
};

const golden: Record<string, () => string> = {
  'github-annotations.txt': () =>
    reportAnnotations(sampleReport(), { file: '.github/tls-gate.yml' })
      .map(formatAnnotation)
      .join('\n') + '\n',
  'github-summary.md': () => renderJobSummary(sampleReport(), { expiry: EXPIRY, runUrl: RUN_URL }),
  'github-comment.md': () =>
    renderPullRequestComment(sampleReport(), {
      marker: stickyMarker('.github/tls-gate.yml'),
      runUrl: RUN_URL,
    }),
  'github-issue.md': () =>
    renderAuditIssue(sampleReport(), {
      marker: auditMarker('.github/tls-gate.yml'),
      runUrl: RUN_URL,
    }).body,
  'github-issue-update.md': () =>
    renderAuditIssue(nextRun(), {
      marker: auditMarker('.github/tls-gate.yml'),
      previous: auditDigest(sampleReport()),
      runUrl: RUN_URL,
    }).body,
};

/** The sample report a day later: one finding escalated, one fixed, one new, a day less left. */
function nextRun(): Report {
  const report = sampleReport();
  report.evaluatedAt = '2026-06-02T00:00:00.000Z';
  const host = report.targets[1]!;
  host.facts.leaf = { ...host.facts.leaf!, daysLeft: 2 };
  host.findings = host.findings.filter((f) => f.rule !== 'hostname.mismatch');
  const expiring = host.findings.find((f) => f.rule === 'expiry.expiring-soon')!;
  expiring.severity = 'error';
  host.findings.push({
    check: 'protocol',
    rule: 'protocol.versions',
    severity: 'warning',
    message: 'TLSv1.1 accepted',
    details: { protocol: 'TLSv1.1', minProtocol: 'TLSv1.2' },
  });
  return report;
}

describe('golden outputs', () => {
  for (const [file, render] of Object.entries(golden)) {
    it(file, () => {
      const path = join(process.cwd(), '__tests__', 'golden', file);
      const text = render();
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }
});

/** Lines the runner would treat as workflow commands, in any rendered text. */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['));
}

describe('injection', () => {
  it('no rendered Markdown has a workflow command, raw HTML from a certificate, a link or a mention', () => {
    for (const file of [
      'github-summary.md',
      'github-comment.md',
      'github-issue.md',
      'github-issue-update.md',
    ]) {
      const text = golden[file]!();
      expect(commandLines(text)).toEqual([]);
      // Code spans show their content literally; what matters is everything outside them.
      const outsideCode = text.replace(/(`+)[^`][\s\S]*?\1/g, '');
      expect(outsideCode).not.toContain('<img');
      expect(outsideCode).not.toMatch(/@admin|@ops-team/);
      expect(outsideCode).not.toMatch(/(^|[^\\])\[a\]\(/);
      expect(text).not.toContain('\u001b');
    }
  });

  it('shows certificate text literally in code spans', () => {
    expect(golden['github-summary.md']!()).toContain('Subject: `CN=<img src=x>@admin');
  });

  it('annotations are one command line each, with properties escaped per the toolkit rules', () => {
    const lines = golden['github-annotations.txt']!().trimEnd().split('\n');
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning|notice) /);
      expect(line.slice(2)).not.toContain('##[');
    }
    const [annotation] = reportAnnotations(sampleReport(), { file: 'dir,a:b/p%o.yml' });
    expect(formatAnnotation(annotation!)).toMatch(
      /^::error file=dir%2Ca%3Ab\/p%25o\.yml,line=4,col=5,title=hostname\.mismatch::/,
    );
  });
});

function manyTargets(count: number, findingsEach: number): Report {
  const report = sampleReport();
  const template = report.targets[1]!;
  report.targets = Array.from({ length: count }, (_, i): TargetReport => ({
    ...template,
    name: `host-${i}.example.com:443`,
    source: { file: '.github/tls-gate.yml', line: 10 + i, column: 5 },
    findings: Array.from({ length: findingsEach }, (_, j) => ({
      check: 'chain',
      rule: 'chain.untrusted-root',
      severity: j % 2 === 0 ? 'error' : 'warning',
      message: `finding ${j} ${'x'.repeat(200)}`,
    })),
  }));
  return report;
}

describe('limits', () => {
  it('keeps 10 annotations per kind, most severe first, the tenth saying how many more', () => {
    const report = manyTargets(8, 4); // 16 errors, 16 warnings
    const annotations = reportAnnotations(report, { file: 'p.yml', limits: { error: 9 } });
    const errors = annotations.filter((a) => a.kind === 'error');
    const warnings = annotations.filter((a) => a.kind === 'warning');
    expect(errors).toHaveLength(9);
    expect(errors[8]!.message).toBe('8 more errors not shown as annotations: see the job summary.');
    expect(warnings).toHaveLength(10);
    expect(warnings[9]!.message).toBe(
      '7 more warnings not shown as annotations: see the job summary.',
    );
    expect(annotations[0]).toMatchObject({
      kind: 'error',
      line: 10,
      title: 'chain.untrusted-root',
    });
    expect(annotations.map((a) => a.kind)).toEqual([
      ...Array(9).fill('error'),
      ...Array(10).fill('warning'),
    ]);
  });

  it('annotates policy problems at their file:line, within the limit', () => {
    const problems = Array.from({ length: 12 }, (_, i) => ({
      file: 'p.yml',
      line: i + 1,
      column: 3,
      key: `hosts[${i}].port`,
      message: 'must be an integer 1-65535',
    }));
    const annotations = problemAnnotations(problems, { file: 'p.yml', limit: 9 });
    expect(annotations).toHaveLength(9);
    expect(formatAnnotation(annotations[0]!)).toBe(
      '::error file=p.yml,line=1,col=3,title=tls-gate%3A invalid configuration::hosts[0].port: must be an integer 1-65535',
    );
    expect(annotations[8]!.message).toBe('4 more problems not shown as annotations: see the log.');
  });

  it('skips suppressed findings in annotations', () => {
    const titles = reportAnnotations(sampleReport(), { file: 'p.yml' }).map((a) => a.title);
    expect(titles).not.toContain('protocol.tls10');
    expect(titles).toContain('revocation.no-ocsp-url');
  });

  it('cuts the job summary below 1 MiB with a visible note', () => {
    const summary = renderJobSummary(manyTargets(600, 10));
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(summary).toContain('This summary was truncated');
    expect(renderJobSummary(sampleReport())).not.toContain('truncated');
  });

  it('cuts the PR comment and the issue below 65,536 characters with a visible note', () => {
    const marker = stickyMarker('p.yml');
    const comment = renderPullRequestComment(manyTargets(600, 3), { marker, runUrl: RUN_URL });
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    expect(comment).toContain('Truncated to fit');
    expect(comment.startsWith(marker)).toBe(true);
    expect(comment).toContain(RUN_URL);
    const issue = renderAuditIssue(manyTargets(600, 3), { marker: auditMarker('p.yml') });
    expect(issue.body.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    expect(issue.body).toContain('Truncated to fit');
    // Three findings of one rule per target and no subject: one identity, the most severe.
    expect(parseDigest(issue.body)?.findings).toHaveLength(600);
  });

  it('keeps the digest within its budget when target names do not compress', () => {
    const report = manyTargets(2000, 1);
    report.targets.forEach((target, i) => {
      target.name = createHash('sha256').update(String(i)).digest('base64').repeat(5);
    });
    const issue = renderAuditIssue(report, { marker: auditMarker('p.yml') });
    expect(issue.body.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    const digest = parseDigest(issue.body)!;
    expect(digest.findings.length).toBeGreaterThan(100);
    expect(digest.findings.length).toBeLessThan(2000);
    expect(Object.keys(digest.daysLeft)).toHaveLength(digest.findings.length);
  });

  it('compares comments without their run-link footer', () => {
    const marker = stickyMarker('p.yml');
    const a = renderPullRequestComment(sampleReport(), { marker, runUrl: `${RUN_URL}1` });
    const b = renderPullRequestComment(sampleReport(), { marker, runUrl: `${RUN_URL}2` });
    expect(a).not.toBe(b);
    expect(commentContent(a)).toBe(commentContent(b));
  });
});

describe('markers and digests', () => {
  it('keeps a marker inside its HTML comment whatever the policy path', () => {
    expect(stickyMarker('.github/tls-gate.yml')).toBe('<!-- tls-gate:.github/tls-gate.yml -->');
    expect(stickyMarker('a-->b--c.yml')).toBe('<!-- tls-gate:a%2D-%3Eb%2D-c.yml -->');
    expect(stickyMarker('a.yml')).not.toBe(stickyMarker('a.yml.bak'));
  });

  it('round-trips the digest and rejects tampered ones', () => {
    const digest = auditDigest(sampleReport());
    expect(parseDigest(`text\n${encodeDigest(digest)}\n`)).toEqual(digest);
    expect(parseDigest('<!-- tls-gate-digest:AAAA -->')).toBeUndefined();
    const forged = Buffer.from(JSON.stringify({ version: 2 })).toString('base64url');
    expect(parseDigest(`<!-- tls-gate-digest:${forged} -->`)).toBeUndefined();
  });

  it('diffs digests into new and fixed findings and days left of open targets', () => {
    const before = auditDigest(sampleReport());
    const after = {
      ...before,
      findings: before.findings.slice(1),
      daysLeft: { ...before.daysLeft, 'api.example.com:443': 2, 'certs/site.pem': 89 },
    };
    const changes = diffDigests(before, after);
    expect(changes.fixed).toEqual([before.findings[0]]);
    expect(changes.added).toEqual([]);
    expect(changes.changed).toEqual([]);
    expect(changes.daysLeft).toEqual([{ target: 'api.example.com:443', before: 3, after: 2 }]);
  });

  it('keys findings by target, rule and certificate, so a severity change is one change', () => {
    const before = sampleReport();
    const after = sampleReport();
    const expiring = after.targets[1]!.findings.find((f) => f.rule === 'expiry.expiring-soon')!;
    expiring.severity = 'error';
    expiring.message = 'expires in 1 day';
    expiring.details = { warnDays: 30, daysLeft: 1 };
    after.targets[1]!.facts.leaf = { ...after.targets[1]!.facts.leaf!, daysLeft: 1.5 };
    const mismatch = after.targets[1]!.findings.find((f) => f.rule === 'hostname.mismatch')!;
    mismatch.severity = 'warning';
    const changes = diffDigests(auditDigest(before), auditDigest(after));
    expect(changes.added).toEqual([]);
    expect(changes.fixed).toEqual([]);
    expect(changes.changed.map(({ rule, before, severity }) => [rule, before, severity])).toEqual([
      ['expiry.expiring-soon', 'warning', 'error'],
      ['hostname.mismatch', 'error', 'warning'],
    ]);
    const text = renderChanges(changes);
    expect(text).toContain(
      '- 🔺 Escalated: ⚠️ → ❌ `api.example.com:443` `expiry.expiring-soon` (`sha256:a0a0a0a0a0a0a0a0`)',
    );
    expect(text).toContain('- 🔻 Downgraded: ❌ → ⚠️ `api.example.com:443` `hostname.mismatch`');
    expect(text).toContain('- ⏳ `api.example.com:443`: 3 → 1 day left\n');
    expect(text).not.toMatch(/New|Fixed/);
    expect(hasFindingChanges(changes)).toBe(true);
  });

  it('tells findings of one rule apart by certificate and by naming detail', () => {
    const report = sampleReport();
    const host = report.targets[1]!;
    const chain = host.findings.find((f) => f.rule === 'chain.untrusted-root')!;
    host.findings.push(
      { ...chain, certificate: { ...chain.certificate!, sha256: 'AB:'.repeat(31) + 'AB' } },
      ...['TLSv1', 'TLSv1.1'].map((protocol) => ({
        check: 'protocol' as const,
        rule: 'protocol.versions',
        severity: 'warning' as const,
        message: `${protocol} accepted`,
        details: { protocol, minProtocol: 'TLSv1.2' },
      })),
    );
    const subjects = auditDigest(report)
      .findings.filter((f) => f.rule === 'chain.untrusted-root' || f.rule === 'protocol.versions')
      .map((f) => f.subject);
    expect(subjects.sort()).toEqual([
      'protocol=TLSv1',
      'protocol=TLSv1.1',
      'sha256:5c5c5c5c5c5c5c5c',
      'sha256:abababababababab',
    ]);
    // A renewed certificate is a different subject: the old one's finding is fixed.
    const renewed = sampleReport();
    renewed.targets[1]!.findings.find(
      (f) => f.rule === 'chain.untrusted-root',
    )!.certificate!.sha256 = 'ee'.repeat(32);
    const changes = diffDigests(auditDigest(sampleReport()), auditDigest(renewed));
    expect(changes.added.map((f) => f.subject)).toEqual(['sha256:eeeeeeeeeeeeeeee']);
    expect(changes.fixed.map((f) => f.subject)).toEqual(['sha256:5c5c5c5c5c5c5c5c']);
  });

  it('still diffs against a version 1 digest (target, rule and severity) from an older release', () => {
    const v1 = {
      version: 1,
      evaluatedAt: '2026-05-31T00:00:00.000Z',
      verdict: 'fail',
      findings: [
        { target: 'api.example.com:443', rule: 'chain.untrusted-root', severity: 'error' },
        { target: 'api.example.com:443', rule: 'expiry.expiring-soon', severity: 'warning' },
        { target: 'api.example.com:443', rule: 'hostname.mismatch', severity: 'error' },
        { target: 'api.example.com:443', rule: 'key.rsa-too-small', severity: 'error' },
        { target: 'api.example.com:443', rule: 'revocation.no-ocsp-url', severity: 'warning' },
      ],
      daysLeft: { 'api.example.com:443': 4, 'certs/site.pem': 90 },
    };
    const packed = deflateRawSync(Buffer.from(JSON.stringify(v1))).toString('base64url');
    const previous = parseDigest(`old body\n<!-- tls-gate-digest:${packed} -->\n`);
    expect(previous?.version).toBe(1);
    const changes = diffDigests(previous, auditDigest(sampleReport()));
    expect(changes.first).toBe(false);
    expect(changes.added.map((f) => f.rule)).toEqual(['connection.refused']);
    expect(changes.fixed.map((f) => f.rule)).toEqual(['key.rsa-too-small']);
    expect(changes.changed.map((f) => [f.rule, f.before, f.severity])).toEqual([
      ['revocation.no-ocsp-url', 'warning', 'notice'],
    ]);
    expect(changes.daysLeft).toEqual([{ target: 'api.example.com:443', before: 4, after: 3 }]);
  });

  it('counts days in the change list in the singular for one and marks expiry', () => {
    const base = { first: false, added: [], fixed: [], changed: [] };
    const line = (before: number, after: number) =>
      renderChanges({ ...base, daysLeft: [{ target: 't', before, after }] }).trim();
    expect(line(2, 1)).toBe('- ⏳ `t`: 2 → 1 day left');
    expect(line(1, 0)).toBe('- ⏳ `t`: 1 → 0 days left');
    expect(line(0, -1)).toBe('- ⏳ `t`: 0 → -1 days left (expired)');
    expect(renderChanges({ ...base, first: true, added: [], daysLeft: [] })).toBe(
      '- First report: 0 open findings.\n',
    );
  });
});

describe('plurals', () => {
  it('says "1 later expiry" when one certificate is left out of the timeline', () => {
    const report = manyTargets(3, 1);
    expect(renderJobSummary(report, { timelineRows: 2 })).toContain(
      '_1 later expiry not charted._',
    );
    expect(renderJobSummary(report, { timelineRows: 1 })).toContain(
      '_2 later expiries not charted._',
    );
  });
});
