// The bundled Action run the way the runner runs it: `node dist/index.js` as a child process with
// INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, a real-shaped event payload and
// GITHUB_API_URL pointing at the local fake GitHub API (with the GitHub Enterprise /api/v3
// prefix). Assertions are on what the runner and GitHub would see. Needs a built bundle
// (`npm run build`); TLS_GATE_ACTION_BUNDLE points the test at another build.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_NOW, issueCertificate } from '../helpers/pki.js';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { pullRequestEvent, runActionBundle } from '../helpers/run-dist.js';

const DAY = 86_400_000;
const at = (days: number) => new Date(FIXTURE_NOW.getTime() + days * DAY);

/** A hostile subject: the legacy command form, a mention. It must reach no log line intact. */
const HOSTILE_CN = '##[error]pwned @admin';

const FAILING_POLICY = `version: 1
certificates:
  - path: ../certs/good.pem
    trust: ../certs/root.pem
    hostname: good.example
  - path: ../certs/expiring.pem
    trust: ../certs/root.pem
`;
const PASSING_POLICY = `version: 1
certificates:
  - path: ../certs/good.pem
    trust: ../certs/root.pem
    hostname: good.example
`;

let workspace: string;
let api: FakeGitHub;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'tls-gate-dist-'));
  const root = issueCertificate({
    subject: 'CN=Dist Test Root,O=tls-gate',
    ca: true,
    notBefore: at(-400),
    notAfter: at(3000),
  });
  const good = issueCertificate({
    subject: 'CN=good.example',
    issuer: root,
    sans: { dns: ['good.example'] },
    notBefore: at(-30),
    notAfter: at(150),
  });
  const expiring = issueCertificate({
    subject: `CN=${HOSTILE_CN},O=x`,
    issuer: root,
    sans: { dns: ['bad.example'] },
    notBefore: at(-30),
    notAfter: at(3),
  });
  mkdirSync(join(workspace, 'certs'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, 'certs/root.pem'), root.pem);
  writeFileSync(join(workspace, 'certs/good.pem'), good.pem);
  writeFileSync(join(workspace, 'certs/expiring.pem'), expiring.pem);
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

beforeEach(async () => {
  api = await startFakeGitHub({
    prefix: '/api/v3',
    maxPageSize: 2,
    tokens: {
      'ghs-rw': { user: ACTIONS_BOT, installation: true },
      'ghs-ro': { user: ACTIONS_BOT, installation: true, readOnly: true },
    },
  });
  writeFileSync(join(workspace, '.github/tls-gate.yml'), FAILING_POLICY);
});
afterEach(() => api.close());

interface RunnerView {
  code: number | null;
  stdout: string[];
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT as the runner does (`name<<DELIM` … `DELIM`, or `name=value`). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const value: string[] = [];
      for (i += 1; lines[i] !== heredoc[2]; i += 1) value.push(lines[i]!);
      outputs[heredoc[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      outputs[name!] = rest.join('=');
    }
  }
  return outputs;
}

const EVENTS: Record<string, { name: string; payload: unknown }> = {
  pr: pullRequestEvent(false),
  fork: pullRequestEvent(true),
  push: {
    name: 'push',
    payload: {
      ref: 'refs/heads/main',
      before: 'def456',
      after: 'abc123',
      repository: { full_name: 'octo/site' },
    },
  },
  schedule: {
    name: 'schedule',
    payload: { schedule: '17 3 * * *', repository: { full_name: 'octo/site' } },
  },
};

async function runBundle(
  event: keyof typeof EVENTS,
  inputs: Record<string, string>,
): Promise<RunnerView> {
  const run = await runActionBundle({
    workspace,
    apiUrl: api.url,
    event: EVENTS[event]!,
    inputs: { now: FIXTURE_NOW.toISOString(), ...inputs },
  });
  return {
    code: run.code,
    stdout: run.stdout.split(/\r?\n/).filter(Boolean),
    stderr: run.stderr,
    outputs: parseOutputs(readFileSync(run.files.output, 'utf8')),
    summary: readFileSync(run.files.summary, 'utf8'),
  };
}

const commands = (view: RunnerView, kind: string) =>
  view.stdout.filter((l) => l.startsWith(`::${kind}`));

describe('dist/index.js as the runner runs it', () => {
  it('on a pull request: annotations, outputs, summary, one sticky comment updated in place', async () => {
    const first = await runBundle('pr', { token: 'ghs-rw' });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('::add-mask::ghs-rw');
    expect(commands(first, 'error')).toEqual([
      expect.stringMatching(
        /^::error file=\.github\/tls-gate\.yml,line=6,col=\d+,title=expiry\.[a-z-]+::\.\.\/certs\/expiring\.pem: /,
      ),
      '::error::tls-gate: gate closed: verdict fail (2 targets · 1 error · 0 warnings · 0 notices), fail_on: error.',
    ]);
    expect(first.outputs).toEqual({
      verdict: 'fail',
      errors: '1',
      warnings: '0',
      report: expect.stringContaining('tls-gate-'),
    });
    const json = JSON.parse(readFileSync(first.outputs.report!, 'utf8'));
    expect(json.verdict).toBe('fail');
    expect(first.summary).toContain('## ❌ tls-gate: fail — gate closed');
    expect(first.summary).toContain('```mermaid\ngantt');
    expect(first.summary).toContain('| ❌ fail | `../certs/expiring.pem` | 2026-06-04 | 3 |');
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]).toMatchObject({ issue_number: 5, user: ACTIONS_BOT });

    writeFileSync(join(workspace, '.github/tls-gate.yml'), PASSING_POLICY);
    const second = await runBundle('pr', { token: 'ghs-rw' });
    expect(second.code).toBe(0);
    expect(commands(second, 'error')).toEqual([]);
    expect(second.outputs.verdict).toBe('pass');
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain('✅ tls-gate: pass — gate open');
    expect(api.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/octo/site/issues/5/comments',
      `PATCH /repos/octo/site/issues/comments/${api.comments[0]!.id}`,
    ]);
  });

  it('on a fork PR: a warning naming pull-requests: write, no comment, the verdict decides the step', async () => {
    writeFileSync(join(workspace, '.github/tls-gate.yml'), PASSING_POLICY);
    const view = await runBundle('fork', { token: 'ghs-ro' });
    expect(view.code).toBe(0);
    expect(commands(view, 'warning')).toEqual([expect.stringContaining('`pull-requests: write`')]);
    expect(api.comments).toHaveLength(0);
    expect(view.summary).toContain('tls-gate: pass');
  });

  it('on a push: no API call with comment: auto; certificate text never runs as a command', async () => {
    const view = await runBundle('push', { token: 'ghs-rw' });
    expect(view.code).toBe(1);
    expect(api.requests).toEqual([]);
    expect(view.summary).toContain('pwned @');
    const lines = [...view.stdout, ...view.summary.split('\n')];
    expect(lines.filter((line) => line.includes('##[error]pwned'))).toEqual([]);
    const ours = /^::(debug|error|warning|notice|add-mask)[ :]/;
    expect(view.stdout.filter((line) => /^\s*::/.test(line) && !ours.test(line))).toEqual([]);
  });

  it('on a schedule: opens the audit issue, then comments and closes it when the gate passes', async () => {
    const failing = await runBundle('schedule', { token: 'ghs-rw' });
    expect(failing.code).toBe(1);
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0]).toMatchObject({ state: 'open', labels: [{ name: 'tls-gate' }] });
    expect(api.issues[0]!.body).toContain('`../certs/expiring.pem`');

    writeFileSync(join(workspace, '.github/tls-gate.yml'), PASSING_POLICY);
    const passing = await runBundle('schedule', { token: 'ghs-rw' });
    expect(passing.code).toBe(0);
    expect(api.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(api.comments.map((c) => c.issue_number)).toEqual([1]);
  });

  it('retries a 5xx from the API once and still posts the comment', async () => {
    api.fail({ method: 'POST', path: /\/comments$/, status: 502, times: 1 });
    const view = await runBundle('pr', { token: 'ghs-rw', 'fail-on': 'never' });
    expect(view.code).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('shards a matrix and merges the slices into one comment', async () => {
    const verdicts: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const view = await runBundle('pr', {
        token: 'ghs-rw',
        shard,
        'json-file': `shards/${shard.replace('/', '-of-')}.json`,
      });
      verdicts.push(view.outputs.verdict!);
    }
    expect(verdicts.sort()).toEqual(['fail', 'pass']); // one target per slice
    expect(api.requests).toEqual([]);
    // One slice alone would judge half the targets: a failed step, exit 2, nothing posted.
    const partial = await runBundle('pr', { token: 'ghs-rw', merge: 'shards/1-of-2.json' });
    expect(partial.code).toBe(2);
    expect(commands(partial, 'error')).toEqual([
      expect.stringMatching(
        /^::error title=tls-gate%3A invalid configuration::merge: .*2\/2 missing/,
      ),
      '::error::tls-gate: cannot merge the shard reports: 1 problem (see above).',
    ]);
    expect(partial.outputs).toEqual({});
    expect(api.requests).toEqual([]);
    const merged = await runBundle('pr', { token: 'ghs-rw', merge: 'shards/*.json' });
    expect(merged.code).toBe(1);
    expect(merged.outputs).toMatchObject({ verdict: 'fail', errors: '1' });
    expect(merged.summary).toContain('2 targets');
    expect(api.comments).toHaveLength(1);
    rmSync(join(workspace, 'shards'), { recursive: true });
  });

  it('fails the step with file:line annotations on an invalid policy', async () => {
    writeFileSync(
      join(workspace, '.github/tls-gate.yml'),
      'version: 1\ncertificates:\n  - path: ../certs/good.pem\n    hostnme: x\n',
    );
    const view = await runBundle('push', {});
    expect(view.code).toBe(2);
    const errors = commands(view, 'error');
    expect(errors[0]).toMatch(
      /^::error file=\.github\/tls-gate\.yml,line=4,col=\d+,title=tls-gate%3A invalid configuration::/,
    );
    expect(errors.at(-1)).toMatch(
      /^::error::tls-gate: invalid policy \.github\/tls-gate\.yml: 1 problem/,
    );
    expect(view.outputs).toEqual({});
    // Annotations stop at ten; the job summary lists every problem with its place.
    expect(view.summary).toContain('No check ran');
    expect(view.summary).toMatch(/\.github\/tls-gate\.yml:4:\d+/);
  });

  it('rejects a bad input with a message quoting it', async () => {
    const view = await runBundle('push', { 'fail-on': 'sometimes' });
    expect(view.code).toBe(2);
    expect(commands(view, 'error')[0]).toContain(
      'input "fail-on": expected one of error, warning, never, got "sometimes"',
    );
  });
});
