// The audit issue lifecycle against the fake API: opened, updated with what changed, closed.
import { deflateRawSync } from 'node:zlib';
import { syncAuditIssue } from '../../src/github/audit.js';
import { createGitHubClient, GitHubPermissionError } from '../../src/github/client.js';
import { resolveIdentity } from '../../src/github/identity.js';
import { silentLogger } from '../../src/logger.js';
import type { Report } from '../../src/model.js';
import { auditMarker, parseDigest } from '../../src/report/github-issue.js';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { sampleReport } from '../report/sample-report.js';

const REPO = 'octo/site';
const MARKER = auditMarker('.github/tls-gate.yml');

let api: FakeGitHub;
beforeEach(async () => {
  api = await startFakeGitHub({
    tokens: {
      'ghs-actions': { user: ACTIONS_BOT, installation: true },
      'ghs-read': { user: ACTIONS_BOT, installation: true, readOnly: true },
    },
  });
});
afterEach(() => api.close());

async function sync(report: Report, token = 'ghs-actions') {
  const client = createGitHubClient({
    token,
    baseUrl: api.url,
    logger: silentLogger,
    backoffMs: 1,
  });
  return syncAuditIssue(client, {
    owner: 'octo',
    repo: 'site',
    marker: MARKER,
    identity: await resolveIdentity(client),
    report,
    runUrl: 'https://github.test/octo/site/actions/runs/1',
  });
}

/** The sample report a day later with the hostname finding fixed and a new one. */
function nextDay(): Report {
  const report = sampleReport();
  report.evaluatedAt = '2026-06-02T00:00:00.000Z';
  const host = report.targets[1]!;
  host.facts.leaf = { ...host.facts.leaf!, daysLeft: 2 };
  host.findings = host.findings.filter((f) => f.rule !== 'hostname.mismatch');
  host.findings.push({
    check: 'key',
    rule: 'key.rsa-exponent',
    severity: 'warning',
    message: 'e=3',
  });
  return report;
}

function passing(): Report {
  const report = sampleReport();
  report.verdict = 'pass';
  report.gateClosed = false;
  report.targets = [report.targets[0]!];
  report.summary = { targets: 1, errors: 0, warnings: 0, notices: 0, suppressed: 0 };
  return report;
}

it('opens one labelled issue, updates it with the changes, and closes it when the gate passes', async () => {
  expect(await sync(sampleReport())).toMatchObject({ action: 'opened', number: 1 });
  const [issue] = api.issues;
  expect(issue!.labels).toEqual([{ name: 'tls-gate' }]);
  expect(issue!.title).toBe('tls-gate audit: fail for .github/tls-gate.yml');
  expect(issue!.body.startsWith(MARKER)).toBe(true);
  expect(parseDigest(issue!.body)?.findings).toHaveLength(5);

  expect(await sync(sampleReport())).toMatchObject({ action: 'updated', number: 1 });
  expect(api.comments).toHaveLength(0); // nothing new, nothing fixed: no notification
  expect(issue!.body).toContain('- No change.');

  expect(await sync(nextDay())).toMatchObject({ action: 'updated', number: 1 });
  expect(api.issues).toHaveLength(1);
  expect(issue!.body).toContain('### Changes since the last update (2026-06-01)');
  expect(issue!.body).toMatch(/🆕 New: .*`key\.rsa-exponent`/);
  expect(issue!.body).toMatch(/✅ Fixed: .*`hostname\.mismatch`/);
  expect(issue!.body).toContain('`api.example.com:443`: 3 → 2 days left');
  expect(api.comments).toHaveLength(1);
  expect(api.comments[0]!.body).toContain('key.rsa-exponent');

  expect(await sync(passing())).toMatchObject({ action: 'closed', number: 1 });
  expect(issue!.state).toBe('closed');
  expect(issue!.state_reason).toBe('completed');
  expect(api.comments[1]!.body).toContain('The gate passes again');

  expect(await sync(passing())).toEqual({ action: 'none' });
  expect(await sync(sampleReport())).toMatchObject({ action: 'opened', number: 2 });
});

it('reports a finding that moved from warning to error as escalated, not as new and fixed', async () => {
  await sync(sampleReport());
  const worse = sampleReport();
  const host = worse.targets[1]!;
  host.facts.leaf = { ...host.facts.leaf!, daysLeft: 1 };
  const expiring = host.findings.find((f) => f.rule === 'expiry.expiring-soon')!;
  expiring.severity = 'error';
  expiring.message = 'expires in 1 day';
  expect(await sync(worse)).toMatchObject({ action: 'updated', number: 1 });
  const body = api.issues[0]!.body;
  expect(body).toContain('- 🔺 Escalated: ⚠️ → ❌ `api.example.com:443` `expiry.expiring-soon`');
  expect(body).toContain('`api.example.com:443`: 3 → 1 day left');
  expect(body).not.toMatch(/🆕 New|✅ Fixed/);
  expect(api.comments).toHaveLength(1); // a change of severity notifies subscribers
  expect(api.comments[0]!.body).toContain('Escalated');
});

it('diffs against the version 1 digest of an issue written by an older release', async () => {
  await sync(sampleReport());
  const v1 = {
    version: 1,
    evaluatedAt: '2026-05-31T00:00:00.000Z',
    verdict: 'fail',
    findings: parseDigest(api.issues[0]!.body)!.findings.map(({ target, rule, severity }) => ({
      target,
      rule,
      severity,
    })),
    daysLeft: { 'api.example.com:443': 4 },
  };
  const packed = deflateRawSync(Buffer.from(JSON.stringify(v1))).toString('base64url');
  api.issues[0]!.body = `${MARKER}\nold text\n\n<!-- tls-gate-digest:${packed} -->\n`;
  expect(await sync(sampleReport())).toMatchObject({ action: 'updated', number: 1 });
  const body = api.issues[0]!.body;
  expect(body).toContain('### Changes since the last update (2026-05-31)');
  expect(body).toContain('- ⏳ `api.example.com:443`: 4 → 3 days left');
  expect(body).not.toMatch(/🆕 New|✅ Fixed|First report/);
  expect(parseDigest(body)?.version).toBe(2);
});

it('leaves issues it did not write alone, even with the marker and label', async () => {
  const foreign = api.addIssue(REPO, {
    title: 'copied',
    body: `${MARKER}\nsomeone pasted this`,
    labels: [{ name: 'tls-gate' }],
    user: { login: 'mallory', type: 'User' },
  });
  expect(await sync(sampleReport())).toMatchObject({ action: 'opened', number: 2 });
  expect(await sync(passing())).toMatchObject({ action: 'closed', number: 2 });
  expect(foreign.state).toBe('open');
  expect(foreign.body).toBe(`${MARKER}\nsomeone pasted this`);
});

it('treats an edited-away digest as a first report instead of failing', async () => {
  await sync(sampleReport());
  api.issues[0]!.body = `${MARKER}\n<!-- tls-gate-digest:AAAA -->`;
  expect(await sync(nextDay())).toMatchObject({ action: 'updated' });
  expect(api.issues[0]!.body).toContain('- First report: 5 open findings.');
});

it('names issues: write when the token may not write issues', async () => {
  const error = await sync(sampleReport(), 'ghs-read').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GitHubPermissionError);
  expect((error as Error).message).toContain('`issues: write`');
});
