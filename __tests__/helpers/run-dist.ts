// Runs the committed bundles the way a user, CI or the runner does: a child `node dist/cli.js …`
// or `node dist/index.js` process.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

/** The Action bundle; TLS_GATE_ACTION_BUNDLE points the tests at another build. */
export const ACTION_BUNDLE = process.env.TLS_GATE_ACTION_BUNDLE
  ? resolve(process.env.TLS_GATE_ACTION_BUNDLE)
  : join(REPO_ROOT, 'dist', 'index.js');

/** A real-shaped pull_request event (synchronize, #5 on octo/site), from a fork or not. */
export function pullRequestEvent(fork = false): { name: string; payload: unknown } {
  return {
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number: 5,
      pull_request: {
        number: 5,
        state: 'open',
        head: {
          ref: 'feature',
          sha: 'abc123',
          repo: { full_name: fork ? 'stranger/site' : 'octo/site', fork },
        },
        base: { ref: 'main', sha: 'def456', repo: { full_name: 'octo/site', fork: false } },
      },
      repository: { full_name: 'octo/site', name: 'site', owner: { login: 'octo' } },
    },
  };
}

export interface ActionRun extends CliRun {
  /** The files the runner hands the step, in a fresh directory under the workspace. */
  files: { dir: string; output: string; summary: string; event: string };
}

/**
 * Runs `node dist/index.js` the way the runner does: a child process in `workspace` with the
 * GITHUB_* variables, empty GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the event payload on disk
 * and each input as INPUT_<NAME>. `inputs` may be built from the run's directory (for report paths).
 */
export async function runActionBundle(options: {
  workspace: string;
  apiUrl: string;
  event: { name: string; payload: unknown };
  inputs: Record<string, string> | ((dir: string) => Record<string, string>);
  env?: NodeJS.ProcessEnv;
}): Promise<ActionRun> {
  const dir = mkdtempSync(join(options.workspace, '.run-'));
  const files = {
    dir,
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(options.event.payload));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_REPOSITORY: 'octo/site',
    GITHUB_SHA: 'abc123',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '1234',
    RUNNER_TEMP: join(dir, 'temp'),
    ...options.env,
  };
  const inputs = typeof options.inputs === 'function' ? options.inputs(dir) : options.inputs;
  // The runner's names: upper case, spaces to underscores, hyphens kept.
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const run = await new Promise<CliRun>((done, fail) => {
    const child = spawn(BUNDLE_NODE, [ACTION_BUNDLE], { cwd: options.workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
  return { ...run, files };
}
