// Every committed fixture case, checked through the bundled CLI as a user runs it: each failing
// case must raise its rule, each passing case must not, and the clean ones must raise nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model.js';
import { REPO_ROOT, runCli } from '../helpers/run-dist.js';

interface FixtureCase {
  rule: string;
  file: string;
  expect: 'clean' | 'pass' | 'fail' | 'warn';
  trust?: string;
  chain?: string;
  hostname?: string;
  description: string;
}

const FIXTURES = join(REPO_ROOT, 'fixtures');
const { fixtureNow, cases } = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as {
  fixtureNow: string;
  cases: FixtureCase[];
};

/** A policy may list a file once, so cases are dealt into as few policies as keep files unique. */
function partition(all: FixtureCase[]): FixtureCase[][] {
  const groups: { files: Set<string>; cases: FixtureCase[] }[] = [];
  for (const c of all) {
    let group = groups.find((g) => !g.files.has(c.file));
    if (!group) groups.push((group = { files: new Set(), cases: [] }));
    group.files.add(c.file);
    group.cases.push(c);
  }
  return groups.map((g) => g.cases);
}

function policyFor(group: FixtureCase[]): string {
  const entries = group.map((c) => {
    const lines = [`  - path: ${join(FIXTURES, c.file)}`];
    if (c.trust) lines.push(`    trust: ${join(FIXTURES, c.trust)}`);
    if (c.chain) lines.push(`    chain: ${join(FIXTURES, c.chain)}`);
    if (c.hostname) lines.push(`    hostname: "${c.hostname}"`);
    return lines.join('\n');
  });
  return `version: 1\ncertificates:\n${entries.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'tls-gate-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const groups = partition(cases);
const reports = new Map<number, Promise<Report>>();
function reportFor(index: number): Promise<Report> {
  let report = reports.get(index);
  if (!report) {
    const policy = join(dir, `policy-${index}.yml`);
    writeFileSync(policy, policyFor(groups[index]!));
    report = runCli(['check', '--policy', policy, '--format', 'json', '--now', fixtureNow]).then(
      (run) => {
        if (run.code !== 0 && run.code !== 1) throw new Error(`exit ${run.code}: ${run.stderr}`);
        return JSON.parse(run.stdout) as Report;
      },
    );
    reports.set(index, report);
  }
  return report;
}

const table = groups.flatMap((group, index) => group.map((c) => ({ ...c, index })));

describe('fixture cases through dist/cli.js', () => {
  it.each(table)('$rule $expect: $description ($file)', async (c) => {
    const report = await reportFor(c.index);
    const target = report.targets.find((t) => t.name === join(FIXTURES, c.file));
    expect(target).toBeDefined();
    const findings = target!.findings.map((f) => `${f.rule}:${f.severity}`);
    const ofRule = target!.findings.filter((f) => f.rule === c.rule);
    switch (c.expect) {
      case 'clean':
        // Notices (e.g. the root was included) are information, not problems.
        expect(findings.filter((f) => !f.endsWith(':notice'))).toEqual([]);
        break;
      case 'pass':
        expect(ofRule).toEqual([]);
        break;
      case 'fail':
        expect(ofRule.map((f) => f.severity)).toContain('error');
        break;
      case 'warn':
        expect(ofRule.map((f) => f.severity)).toContain('warning');
        expect(ofRule.map((f) => f.severity)).not.toContain('error');
        break;
    }
  });
});
