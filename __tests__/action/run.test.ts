// runAction in-process: a fake gate and policy loader, the real renderers, the real Octokit against
// the local fake GitHub API, and recorded stdout lines and outputs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeReportFiles } from '../../src/action/merge.js';
import { runAction, type ActionDeps } from '../../src/action/run.js';
import { ConfigurationError } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { DEFAULT_SETTINGS, type Policy } from '../../src/policy/types.js';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { sampleReport } from '../report/sample-report.js';

let dir: string;
let api: FakeGitHub;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-gate-action-'));
  api = await startFakeGitHub({
    tokens: {
      'ghs-rw': { user: ACTIONS_BOT, installation: true },
      'ghs-ro': { user: ACTIONS_BOT, installation: true, readOnly: true },
    },
  });
});
afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const POLICY: Policy = {
  path: '/ws/.github/tls-gate.yml',
  displayPath: '.github/tls-gate.yml',
  version: 1,
  defaults: DEFAULT_SETTINGS,
  ignore: [],
  targets: [],
};

function passingReport(): Report {
  const report = sampleReport();
  report.targets = [report.targets[0]!];
  report.verdict = 'pass';
  report.gateClosed = false;
  report.summary = { targets: 1, errors: 0, warnings: 0, notices: 0, suppressed: 0 };
  return report;
}

interface Run {
  exitCode: number;
  lines: string[];
  outputs: Record<string, string>;
  secrets: string[];
  summary: string;
  gateCalls: { failOn?: string; now: Date; shard?: { index: number; count: number } }[];
  mergeCalls: { patterns: string[]; cwd: string; failOn?: string }[];
}

async function run(
  event: { name: string; payload: unknown },
  inputs: Record<string, string>,
  options: {
    report?: () => Report;
    loadPolicy?: ActionDeps['loadPolicy'];
    gateError?: Error;
    mergeReports?: ActionDeps['mergeReports'];
  } = {},
): Promise<Run> {
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'octo/site',
    GITHUB_SHA: 'abc123',
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '7',
    GITHUB_WORKSPACE: '/ws',
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: join(dir, 'temp'),
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result: Run = {
    exitCode: -1,
    lines: [],
    outputs: {},
    secrets: [],
    summary: '',
    gateCalls: [],
    mergeCalls: [],
  };
  const { exitCode } = await runAction({
    env,
    cwd: '/ws',
    write: (line) => result.lines.push(line),
    setOutput: (name, value) => (result.outputs[name] = value),
    setSecret: (secret) => result.secrets.push(secret),
    loadPolicy: options.loadPolicy ?? (async () => POLICY),
    runGate: async (_policy, gateOptions) => {
      result.gateCalls.push({
        now: gateOptions.now,
        ...(gateOptions.failOn ? { failOn: gateOptions.failOn } : {}),
        ...(gateOptions.shard ? { shard: gateOptions.shard } : {}),
      });
      if (options.gateError) throw options.gateError;
      return (options.report ?? sampleReport)();
    },
    mergeReports: async (patterns, mergeOptions) => {
      result.mergeCalls.push({ patterns, ...mergeOptions });
      if (options.mergeReports) return options.mergeReports(patterns, mergeOptions);
      return (options.report ?? sampleReport)();
    },
    renderReport: (report, format) => `${format}:${report.verdict}\n`,
    client: { backoffMs: 1 },
  });
  result.exitCode = exitCode;
  result.summary = readFileSync(summaryPath, 'utf8');
  return result;
}

const prEvent = (fork = false) => ({
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    number: 5,
    pull_request: {
      number: 5,
      head: { repo: { full_name: fork ? 'stranger/site' : 'octo/site' } },
      base: { repo: { full_name: 'octo/site' } },
    },
  },
});
const scheduleEvent = { name: 'schedule', payload: { schedule: '0 3 * * *' } };
const pushEvent = { name: 'push', payload: { ref: 'refs/heads/main', after: 'abc123' } };

describe('a pull request run', () => {
  it('annotates, summarizes, sets outputs, comments once, and closes the gate', async () => {
    const first = await run(prEvent(), { token: 'ghs-rw' });
    expect(first.exitCode).toBe(1);
    expect(first.secrets).toEqual(['ghs-rw']);
    expect(
      first.lines.filter((l) => l.startsWith('::error file=.github/tls-gate.yml,line=')),
    ).toHaveLength(3);
    expect(first.lines.at(-1)).toBe(
      '::error::tls-gate: gate closed: verdict fail (3 targets · 3 errors · 1 warning · 1 notice · 1 suppressed), fail_on: error.',
    );
    expect(first.outputs).toEqual({
      verdict: 'fail',
      errors: '3',
      warnings: '1',
      report: expect.stringMatching(/temp\/tls-gate-[^/]+\/report\.json$/),
    });
    expect(readFileSync(first.outputs.report!, 'utf8')).toBe('json:fail\n');
    expect(first.summary).toContain('## ❌ tls-gate: fail — gate closed');
    expect(first.summary).toContain('```mermaid');
    expect(first.summary).toContain('[workflow run](https://github.test/octo/site/actions/runs/7)');
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body.startsWith('<!-- tls-gate:.github/tls-gate.yml -->')).toBe(true);
    expect(api.comments[0]!.issue_number).toBe(5);

    const again = await run(prEvent(), { token: 'ghs-rw' });
    expect(again.lines).toContain(`tls-gate: PR comment unchanged: ${api.comments[0]!.html_url}`);
    const fixed = await run(prEvent(), { token: 'ghs-rw' }, { report: passingReport });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.lines.at(-1)).toMatch(/^tls-gate: gate open: verdict pass/);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain('✅ tls-gate: pass — gate open');
    expect(api.writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('warns with the permission on a fork PR and never fails because of it', async () => {
    const result = await run(prEvent(true), { token: 'ghs-ro' }, { report: passingReport });
    expect(result.exitCode).toBe(0);
    const warnings = result.lines.filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('could not update the PR comment');
    expect(warnings[0]).toContain('`pull-requests: write`');
    expect(api.comments).toHaveLength(0);
    expect(result.summary).toContain('tls-gate: pass');
  });

  it('passes fail-on and now to the gate', async () => {
    const result = await run(prEvent(), {
      'fail-on': 'never',
      now: '2026-06-01',
      comment: 'never',
    });
    expect(result.gateCalls).toEqual([{ failOn: 'never', now: new Date('2026-06-01T00:00:00Z') }]);
    expect(api.requests).toHaveLength(0);
  });

  it('writes the extra report files relative to the workspace', async () => {
    const out = join(dir, 'out');
    await run(prEvent(), {
      'sarif-file': `${out}/r.sarif`,
      'json-file': `${out}/r.json`,
      'junit-file': `${out}/nested/r.xml`,
      comment: 'never',
    });
    expect(readFileSync(`${out}/r.sarif`, 'utf8')).toBe('sarif:fail\n');
    expect(readFileSync(`${out}/r.json`, 'utf8')).toBe('json:fail\n');
    expect(readFileSync(`${out}/nested/r.xml`, 'utf8')).toBe('junit:fail\n');
  });
});

describe('other events', () => {
  it('does not call the API on a push with comment: auto', async () => {
    const result = await run(pushEvent, { token: 'ghs-rw' });
    expect(api.requests).toHaveLength(0);
    expect(result.outputs.verdict).toBe('fail');
  });

  it('finds the pull request of the pushed commit with comment: always', async () => {
    api.pullsForCommit.set('octo/site@abc123', [{ number: 8, state: 'open' }]);
    await run(pushEvent, { token: 'ghs-rw', comment: 'always' });
    expect(api.comments.map((c) => c.issue_number)).toEqual([8]);
  });

  it('opens the audit issue on a schedule and closes it when the gate passes', async () => {
    await run(scheduleEvent, { token: 'ghs-rw' });
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0]).toMatchObject({ state: 'open', labels: [{ name: 'tls-gate' }] });
    await run(scheduleEvent, { token: 'ghs-rw' }, { report: passingReport });
    expect(api.issues[0]!.state).toBe('closed');
    expect(api.comments).toHaveLength(1);
  });

  it('warns naming issues: write when the token cannot write issues', async () => {
    const result = await run(scheduleEvent, { token: 'ghs-ro' });
    expect(result.lines.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringContaining('`issues: write`'),
    ]);
    expect(result.exitCode).toBe(1); // the gate's verdict, not the issue
  });

  it('warns once when no token is given', async () => {
    const result = await run(scheduleEvent, { token: '' });
    expect(result.lines.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringContaining('no `token` input'),
    ]);
  });
});

describe('shards', () => {
  it('checks one slice and leaves the comment to the merge step', async () => {
    const result = await run(prEvent(), { token: 'ghs-rw', shard: '2/3' });
    expect(result.gateCalls[0]!.shard).toEqual({ index: 2, count: 3 });
    expect(result.lines).toContain(
      'tls-gate: sharded run; the merge step posts the PR comment and audit issue.',
    );
    expect(api.requests).toHaveLength(0);
    expect(result.outputs.verdict).toBe('fail');
  });

  it('merges the slices’ reports and posts one comment', async () => {
    const result = await run(prEvent(), {
      token: 'ghs-rw',
      merge: 'shards/*.json\n extra.json',
      'fail-on': 'warning',
    });
    expect(result.gateCalls).toHaveLength(0);
    expect(result.mergeCalls).toEqual([
      { patterns: ['shards/*.json', 'extra.json'], cwd: '/ws', failOn: 'warning' },
    ]);
    expect(api.comments).toHaveLength(1);
    expect(result.exitCode).toBe(1);
  });

  // mergeReports refuses a shard set that would give a verdict on part of the targets.
  it.each([
    ['a missing slice', [1, 3], [3, 3]],
    ['a slice given twice', [1, 2], [1, 2]],
    ['slices cut different ways', [1, 2], [2, 3]],
  ])('fails the step with exit code 2 on %s, posting nothing', async (_, a, b) => {
    const shards = join(dir, 'shards');
    mkdirSync(shards);
    for (const [i, [index, count]] of [a, b].entries()) {
      const report = { ...sampleReport(), shard: { index: index!, count: count! } };
      writeFileSync(join(shards, `${i}.json`), JSON.stringify(report));
    }
    const mergeReports: ActionDeps['mergeReports'] = (patterns, mergeOptions) =>
      mergeReportFiles(patterns, { ...mergeOptions, cwd: dir });
    const result = await run(
      prEvent(),
      { token: 'ghs-rw', merge: 'shards/*.json' },
      { mergeReports },
    );
    expect(result.exitCode).toBe(2);
    const errors = result.lines.filter((l) => l.startsWith('::error'));
    expect(errors[0]).toMatch(/^::error title=tls-gate%3A invalid configuration::merge: /);
    expect(errors.at(-1)).toMatch(
      /^::error::tls-gate: cannot merge the shard reports: \d+ problems? \(see above\)\.$/,
    );
    expect(result.lines.join('\n')).not.toContain('internal error');
    expect(result.outputs).toEqual({});
    expect(api.requests).toHaveLength(0);
  });

  it('refuses shard and merge together', async () => {
    const result = await run(prEvent(), { shard: '1/2', merge: 'a.json' });
    expect(result.lines).toContain(
      '::error title=tls-gate%3A invalid configuration::inputs "shard" and "merge": set one or the other, not both',
    );
    expect(result.exitCode).toBe(2);
  });
});

describe('failures', () => {
  it('reports every bad input, quoting it, before doing anything', async () => {
    const result = await run(prEvent(), {
      'fail-on': 'maybe',
      comment: 'sometimes',
      now: 'yesterday',
    });
    expect(result.exitCode).toBe(2);
    expect(result.gateCalls).toHaveLength(0);
    const errors = result.lines.filter((l) => l.startsWith('::error'));
    expect(errors.join('\n')).toContain(
      'input \\"fail-on\\": expected one of error, warning, never, got \\"maybe\\"'.replace(
        /\\/g,
        '',
      ),
    );
    expect(errors).toHaveLength(4);
    expect(errors.at(-1)).toBe('::error::tls-gate: invalid inputs: 3 problems (see above).');
  });

  it('annotates an invalid policy at file:line and fails the step with exit code 2, as the CLI', async () => {
    const loadPolicy = async () => {
      throw new ConfigurationError([
        {
          file: '.github/tls-gate.yml',
          line: 3,
          column: 7,
          key: 'hosts[0].port',
          message: 'must be an integer 1-65535',
        },
        {
          file: '/ws/.github/tls-gate.yml',
          line: 9,
          column: 3,
          key: 'defaults.expiry',
          message: 'unknown key "warn_day"',
        },
      ]);
    };
    const result = await run(prEvent(), { token: 'ghs-rw' }, { loadPolicy });
    expect(result.exitCode).toBe(2);
    expect(result.lines.filter((l) => l.startsWith('::error'))).toEqual([
      '::error file=.github/tls-gate.yml,line=3,col=7,title=tls-gate%3A invalid configuration::hosts[0].port: must be an integer 1-65535',
      '::error file=.github/tls-gate.yml,line=9,col=3,title=tls-gate%3A invalid configuration::defaults.expiry: unknown key "warn_day"',
      '::error::tls-gate: invalid policy .github/tls-gate.yml: 2 problems (see above).',
    ]);
    expect(result.outputs).toEqual({});
    expect(api.requests).toHaveLength(0);
  });

  it('closes the gate on an internal error', async () => {
    const result = await run(prEvent(), {}, { gateError: new Error('boom') });
    expect(result.exitCode).toBe(1);
    expect(result.lines.at(-1)).toBe(
      '::error::tls-gate: internal error: boom. The gate is closed because the check could not complete.',
    );
  });

  it('keeps annotations within 10 per kind, counting its own failure line', async () => {
    const many = (): Report => {
      const report = sampleReport();
      const target = report.targets[2]!;
      target.findings = Array.from({ length: 15 }, (_, i) => ({
        check: 'connection',
        rule: 'connection.refused',
        severity: 'error',
        message: `refused ${i}`,
      }));
      report.targets = [target];
      return report;
    };
    const result = await run(pushEvent, {}, { report: many });
    const errors = result.lines.filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors[8]).toContain('7 more errors not shown as annotations');
    expect(errors[9]).toContain('gate closed');
  });
});

it('never leaves the report file missing when the gate ran', async () => {
  const result = await run(pushEvent, {});
  expect(existsSync(result.outputs.report!)).toBe(true);
});
