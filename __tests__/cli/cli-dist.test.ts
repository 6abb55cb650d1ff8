// The CLI contract (shared/contract.md §1) as a user meets it: the bundled dist/cli.js in a child
// process, its exit codes, streams and files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model.js';
import { REPO_ROOT, runCli } from '../helpers/run-dist.js';

const EXAMPLE = join(REPO_ROOT, 'examples', 'tls-gate.yml');
const dir = mkdtempSync(join(tmpdir(), 'tls-gate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function policy(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const root = join(REPO_ROOT, 'examples', 'certs', 'root.pem');
const www = join(REPO_ROOT, 'examples', 'certs', 'www.pem');
const old = join(REPO_ROOT, 'examples', 'certs', 'old.pem');
const legacy = join(REPO_ROOT, 'examples', 'certs', 'legacy.pem');

describe('dist/cli.js', () => {
  it('prints help and the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('--shard I/N');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('closes the gate on the example (exit 1) with a readable text report on stdout', async () => {
    const run = await runCli(['check', '--policy', EXAMPLE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('chain.incomplete');
    expect(run.stdout).toContain('gate closed');
    expect(run.stderr).toBe('');
  });

  it('writes a machine-readable report to --output and keeps stdout clean', async () => {
    const out = join(dir, 'reports', 'nested', 'report.json');
    const run = await runCli(['check', '--policy', EXAMPLE, '--format', 'json', '--output', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.verdict).toBe('fail');
    expect(report.targets.map((t) => t.name)).toEqual([
      'certs/www.pem',
      'certs/api.pem',
      'certs/legacy.pem',
      'certs/old.pem',
    ]);
  });

  it('opens the gate when only warnings remain below fail_on, and --fail-on warning closes it', async () => {
    const path = policy(
      'warn.yml',
      `version: 1\ncertificates:\n  - path: ${www}\n    trust: ${root}\n    hostname: www.example.test\n` +
        `    expiry: { warn_days: 9000, fail_days: 7 }\n`,
    );
    expect((await runCli(['check', '--policy', path])).code).toBe(0);
    expect((await runCli(['check', '--policy', path, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('records the profile applied, with the guideline version an unpinned profile got', async () => {
    const path = policy(
      'profile.yml',
      `version: 1\nprofile: mozilla-intermediate\ncertificates:\n  - path: ${www}\n    trust: ${root}\n`,
    );
    const json = await runCli(['check', '--policy', path, '--format', 'json']);
    expect((JSON.parse(json.stdout) as Report).policy.profile).toBe('mozilla-intermediate@5.7');
    expect((await runCli(['check', '--policy', path])).stdout).toContain(
      '(mozilla-intermediate@5.7)',
    );
  });

  it('evaluates as of --now', async () => {
    const path = policy(
      'now.yml',
      `version: 1\ncertificates:\n  - path: ${old}\n    trust: ${root}\n`,
    );
    expect((await runCli(['check', '--policy', path])).code).toBe(1);
    const before = await runCli(['check', '--policy', path, '--now', '2025-07-01T00:00:00Z']);
    expect(before.code).toBe(0);
  });

  it('exits 2 with file:line, the key and the fix for an invalid policy', async () => {
    const path = policy(
      'bad.yml',
      'version: 1\nhosts:\n  - host: example.com\n    port: https\n    timout_ms: 5\n',
    );
    const run = await runCli(['check', '--policy', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}:4:11: hosts[0].port: must be an integer 1-65535`);
    expect(run.stderr).toMatch(/bad\.yml:5:5: hosts\[0\]\.timout_ms: .*timeout_ms/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for bad flags, a missing policy and an unknown command', async () => {
    for (const args of [
      ['check', '--policy', EXAMPLE, '--format', 'pdf'],
      ['check', '--policy', EXAMPLE, '--now', 'yesterday'],
      ['check', '--policy', EXAMPLE, '--bogus'],
      ['check', '--policy', join(dir, 'missing.yml')],
      ['check', '--policy', EXAMPLE, '--shard', '3/2'],
      ['frobnicate'],
    ]) {
      const run = await runCli(args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(/error: /);
    }
  });

  it('checks deterministic shards that merge into the same verdict as one run', async () => {
    const path = policy(
      'shards.yml',
      `version: 1\ncertificates:\n` +
        [www, old, legacy].map((p) => `  - path: ${p}\n    trust: ${root}\n`).join('') +
        `ignore:\n  - rule: key.rsa-too-small\n    reason: tracked in OPS-1\n` +
        `  - rule: protocol.tls10\n    reason: nothing matches this\n`,
    );
    const whole = await runCli(['check', '--policy', path, '--format', 'json']);
    const parts = [];
    for (const shard of ['1/2', '2/2']) {
      const out = join(dir, `shard-${shard.replace('/', '-')}.json`);
      const run = await runCli([
        'check',
        '--policy',
        path,
        '--shard',
        shard,
        '--format',
        'json',
        '--output',
        out,
      ]);
      expect(run.code === 0 || run.code === 1).toBe(true);
      parts.push(out);
    }
    const slices = parts.map((p) => JSON.parse(readFileSync(p, 'utf8')) as Report);
    const names = slices.flatMap((s) => s.targets.map((t) => t.name)).filter((n) => n !== path);
    expect(new Set(names).size).toBe(3);
    const merged = await runCli(['merge', ...parts, '--format', 'json']);
    const one = JSON.parse(whole.stdout) as Report;
    const combined = JSON.parse(merged.stdout) as Report;
    expect(merged.code).toBe(whole.code);
    expect(combined.verdict).toBe(one.verdict);
    expect(combined.summary).toEqual(one.summary);
    const unused = (r: Report) =>
      r.targets.flatMap((t) => t.findings).filter((f) => f.rule === 'policy.suppression-unused');
    expect(unused(combined)).toHaveLength(1);
    expect(unused(one)).toHaveLength(1);
    // The policy file's own entry carries those findings but is not one of the 3 targets.
    expect(one.targets.find((t) => t.name === path)?.policyFile).toBe(true);
    expect(one.summary.targets).toBe(3);
    expect(combined.summary.targets).toBe(3);
  });

  it('refuses to merge an incomplete set of shards (exit 2): the gate must not open on part of it', async () => {
    const path = policy(
      'partial.yml',
      `version: 1\ncertificates:\n` +
        [www, old].map((p) => `  - path: ${p}\n    trust: ${root}\n`).join(''),
    );
    const out = join(dir, 'partial-2.json');
    await runCli([
      'check',
      '--policy',
      path,
      '--shard',
      '2/2',
      '--format',
      'json',
      '--output',
      out,
    ]);
    const run = await runCli(['merge', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('shard 1/2 missing');
    expect(run.stdout).toBe('');
  });

  it('refuses to merge something that is not a tls-gate report', async () => {
    const bogus = join(dir, 'bogus.json');
    writeFileSync(bogus, '{"hello": 1}');
    const run = await runCli(['merge', bogus]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a tls-gate JSON report');
  });
});
