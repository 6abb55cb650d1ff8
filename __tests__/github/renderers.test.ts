// The GitHub renderers are pure: the shared sample report (hostile subject and messages included)
// rendered and compared with golden files. UPDATE_GOLDEN=1 rewrites them; review the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  parseDigest,
  renderAuditIssue,
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
};

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
    for (const file of ['github-summary.md', 'github-comment.md', 'github-issue.md']) {
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
    expect(parseDigest(issue.body)?.findings).toHaveLength(1200);
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
    expect(changes.daysLeft).toEqual([{ target: 'api.example.com:443', before: 3, after: 2 }]);
  });
});
