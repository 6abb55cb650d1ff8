// The one GitHub API client of a run: @actions/github's Octokit with the base URL from
// GITHUB_API_URL (GitHub Enterprise serves it under /api/v3), retries with backoff on 5xx and rate
// limits, and errors that name the permission a workflow must grant.
import { errorMessage } from '../errors.js';
import { getOctokit } from '@actions/github';
import type { Logger } from '../logger.js';
import { VERSION } from '../version.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export const DEFAULT_API_URL = 'https://api.github.com';

export interface ClientOptions {
  token: string;
  /** `GITHUB_API_URL`, e.g. `https://github.example.com/api/v3`. */
  baseUrl?: string;
  logger: Logger;
  /** Retries after the first attempt (5xx, secondary rate limits). */
  retries?: number;
  /** First backoff delay; doubles per retry. Tests make it tiny. */
  backoffMs?: number;
  /** Longest wait a rate limit may ask for before we give up instead. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A failed API call because the token lacks a permission; the workflow must grant it. */
export class GitHubPermissionError extends Error {
  constructor(
    readonly permission: string,
    readonly status: number,
    detail: string,
  ) {
    super(
      `the token lacks \`${permission}\` (GitHub answered ${status}: ${detail}). ` +
        `Grant it in the workflow (\`permissions: ${permission}\`); on pull requests from forks ` +
        `the token is read-only.`,
    );
    this.name = 'GitHubPermissionError';
  }
}

interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as Partial<HttpErrorLike>).status;
  return typeof status === 'number' ? status : undefined;
}

function header(error: HttpErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

function isRateLimited(error: HttpErrorLike): boolean {
  if (error.status === 429) return true;
  if (error.status !== 403) return false;
  return (
    header(error, 'retry-after') !== undefined ||
    header(error, 'x-ratelimit-remaining') === '0' ||
    /rate limit/i.test(error.message)
  );
}

/** A 403 that is about permissions, not rate limits. */
export function isPermissionDenied(error: unknown): boolean {
  return httpStatus(error) === 403 && !isRateLimited(error as HttpErrorLike);
}

/** Turns a permission 403 into a GitHubPermissionError naming `permission`; rethrows the rest. */
export function rethrowPermission(error: unknown, permission: string): never {
  if (isPermissionDenied(error)) {
    const detail = (error as HttpErrorLike).message.split('\n')[0] ?? 'forbidden';
    throw new GitHubPermissionError(permission, 403, detail);
  }
  throw error;
}

/** How long to wait before retrying, or undefined when the error is final. */
export function retryDelay(
  error: unknown,
  attempt: number,
  options: { retries: number; backoffMs: number; maxWaitMs: number; now?: number },
): number | undefined {
  const status = httpStatus(error);
  if (status === undefined || attempt >= options.retries) return undefined;
  const backoff = options.backoffMs * 2 ** attempt;
  if (status >= 500) return backoff;
  const http = error as HttpErrorLike;
  if (!isRateLimited(http)) return undefined;
  const retryAfter = Number(header(http, 'retry-after'));
  let wait = backoff;
  if (Number.isFinite(retryAfter) && retryAfter > 0) {
    wait = retryAfter * 1000;
  } else if (header(http, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(http, 'x-ratelimit-reset')) * 1000;
    if (Number.isFinite(reset)) wait = Math.max(backoff, reset - (options.now ?? Date.now()));
  }
  return wait <= options.maxWaitMs ? wait : undefined;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const { logger } = options;
  const octokit = getOctokit(options.token, {
    baseUrl: (options.baseUrl || DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: `tls-gate/${VERSION}`,
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.debug(message),
      error: (message: string) => logger.debug(message),
    },
  });
  const settings = {
    retries: options.retries ?? 3,
    backoffMs: options.backoffMs ?? 1000,
    maxWaitMs: options.maxWaitMs ?? 60_000,
  };
  const sleep = options.sleep ?? defaultSleep;
  octokit.hook.wrap('request', async (request, endpoint) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request(endpoint);
      } catch (error) {
        const delay = retryDelay(error, attempt, settings);
        if (delay === undefined) throw error;
        // Octokit reports a connection failure as status 500 without a response.
        const what = (error as Partial<HttpErrorLike>).response
          ? `HTTP ${httpStatus(error)}`
          : `no response (${errorMessage(error)})`;
        logger.info(
          `GitHub API ${endpoint.method} ${endpoint.url}: ${what}; ` +
            `retrying in ${Math.round(delay)} ms (attempt ${attempt + 2} of ${settings.retries + 1})`,
        );
        await sleep(delay);
      }
    }
  });
  return octokit;
}
