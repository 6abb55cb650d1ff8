// Shared by the end-to-end tests: write a policy (and its PEM files) into a temp dir, run
// `node dist/cli.js check --format json` on it as a user would, and read findings per target.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, TargetReport } from '../../src/model.js';
import { runCli } from '../helpers/run-dist.js';

export interface Workspace {
  dir: string;
  /** Writes `content` to `name` inside the workspace and returns the absolute path. */
  write(name: string, content: string | Uint8Array): string;
  remove(): void;
}

export function workspace(prefix: string): Workspace {
  const dir = mkdtempSync(join(tmpdir(), `tls-gate-${prefix}-`));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One `hosts:` entry; `extra` holds further keys as YAML lines (without indentation). */
export interface HostEntry {
  host?: string;
  port: number;
  trust?: string;
  extra?: string[];
}

/** One `certificates:` entry. */
export interface FileEntry {
  path: string;
  trust?: string;
  chain?: string;
  hostname?: string;
  extra?: string[];
}

const q = (value: string | number) => JSON.stringify(String(value));

/** A `version: 1` policy; `defaults` are YAML lines under `defaults:` (without indentation). */
export function policyYaml(
  parts: { defaults?: string[]; hosts?: HostEntry[]; certificates?: FileEntry[] } = {},
): string {
  const lines = ['version: 1'];
  if (parts.defaults?.length) lines.push('defaults:', ...parts.defaults.map((l) => `  ${l}`));
  if (parts.hosts?.length) {
    lines.push('hosts:');
    for (const h of parts.hosts) {
      lines.push(`  - host: ${q(h.host ?? 'localhost')}`, `    address: 127.0.0.1`);
      lines.push(`    port: ${h.port}`);
      if (h.trust) lines.push(`    trust: ${q(h.trust)}`);
      for (const l of h.extra ?? []) lines.push(`    ${l}`);
    }
  }
  if (parts.certificates?.length) {
    lines.push('certificates:');
    for (const c of parts.certificates) {
      lines.push(`  - path: ${q(c.path)}`);
      if (c.trust) lines.push(`    trust: ${q(c.trust)}`);
      if (c.chain) lines.push(`    chain: ${q(c.chain)}`);
      if (c.hostname) lines.push(`    hostname: ${q(c.hostname)}`);
      for (const l of c.extra ?? []) lines.push(`    ${l}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface CheckRun {
  code: number | null;
  report: Report;
  stderr: string;
  wallMs: number;
}

/** Runs `check --policy <policy> --format json [...args]`; exit 2 or a crash is a test failure. */
export async function check(policyPath: string, args: string[] = []): Promise<CheckRun> {
  const started = performance.now();
  const run = await runCli(['check', '--policy', policyPath, '--format', 'json', ...args]);
  const wallMs = performance.now() - started;
  if (run.code !== 0 && run.code !== 1) {
    throw new Error(`tls-gate exited ${run.code}\n${run.stderr}\n${run.stdout.slice(0, 2000)}`);
  }
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr, wallMs };
}

export function targetNamed(report: Report, name: string): TargetReport {
  const target = report.targets.find((t) => t.name === name);
  if (!target) {
    const names = report.targets.map((t) => t.name).join(', ');
    throw new Error(`no target ${name} in the report (targets: ${names})`);
  }
  return target;
}

/** Rule ids found on a target (unsuppressed), sorted and unique, optionally by family prefix. */
export function rulesOf(target: TargetReport, families?: readonly string[]): string[] {
  const ids = target.findings
    .filter((f) => !f.suppressed)
    .map((f) => f.rule)
    .filter((id) => !families || families.some((p) => id === p || id.startsWith(`${p}.`)));
  return [...new Set(ids)].sort();
}

/** `rule:severity` pairs of a target, for error messages that show everything at once. */
export function describeFindings(target: TargetReport): string[] {
  return target.findings.map((f) => `${f.rule}:${f.severity}`);
}
