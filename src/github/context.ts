// What the run is about, read from the runner's environment and event payload: the repository,
// the event, the pull request (and whether it comes from a fork), the run's URL.
import { readFileSync } from 'node:fs';

export type Env = Record<string, string | undefined>;

export interface PullRequestRef {
  number: number;
  /** Head repository differs from the base: the token is read-only there. */
  fork: boolean;
}

export interface RunContext {
  eventName: string;
  repository?: { owner: string; repo: string };
  sha?: string;
  pullRequest?: PullRequestRef;
  apiUrl?: string;
  runUrl?: string;
}

type Payload = Record<string, unknown>;

function record(value: unknown): Payload | undefined {
  return typeof value === 'object' && value !== null ? (value as Payload) : undefined;
}

function readPayload(path: string | undefined, read: (path: string) => string): Payload {
  if (!path) return {};
  try {
    return record(JSON.parse(read(path))) ?? {};
  } catch {
    return {};
  }
}

function fullName(pr: Payload, side: 'head' | 'base'): string | undefined {
  const name = record(record(pr[side])?.repo)?.full_name;
  return typeof name === 'string' ? name : undefined;
}

function pullRequestOf(payload: Payload): PullRequestRef | undefined {
  const pr = record(payload.pull_request);
  if (pr && typeof pr.number === 'number') {
    const base = fullName(pr, 'base');
    // A deleted fork has no head repository; it was a fork all the same.
    return { number: pr.number, fork: fullName(pr, 'head') !== base };
  }
  // issue_comment and similar events on a pull request carry it as an issue.
  const issue = record(payload.issue);
  if (issue && record(issue.pull_request) && typeof issue.number === 'number') {
    return { number: issue.number, fork: false };
  }
  return undefined;
}

export function readRunContext(
  env: Env,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): RunContext {
  const payload = readPayload(env.GITHUB_EVENT_PATH, read);
  const context: RunContext = { eventName: env.GITHUB_EVENT_NAME ?? '' };
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (owner && repo && rest.length === 0) context.repository = { owner, repo };
  if (env.GITHUB_SHA) context.sha = env.GITHUB_SHA;
  const pullRequest = pullRequestOf(payload);
  if (pullRequest) context.pullRequest = pullRequest;
  if (env.GITHUB_API_URL) context.apiUrl = env.GITHUB_API_URL;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    context.runUrl = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  return context;
}
