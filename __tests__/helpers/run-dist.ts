// Runs the committed bundle the way a user or CI does: a child `node dist/cli.js …` process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
export const CLI_BUNDLE = join(REPO_ROOT, 'dist', 'cli.js');
/**
 * The Node that runs the bundles: this one, or TLS_GATE_TEST_NODE (CI points it at Node 24, the
 * Action's runtime, and runs the bundle tests a second time).
 */
export const BUNDLE_NODE = process.env.TLS_GATE_TEST_NODE || process.execPath;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(BUNDLE_NODE, [CLI_BUNDLE, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
