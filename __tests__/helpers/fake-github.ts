// A local node:http server playing the parts of the GitHub REST API the Action uses: issue
// comments, issues, the authenticated user, the pull requests of a commit. It stores what is
// written, paginates with Link headers, answers 401/403 like GitHub does, injects failures on
// demand (5xx, secondary rate limits) and records every request for assertions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
}

export interface TokenSpec {
  user: FakeUser;
  /** Installation tokens (the workflow's GITHUB_TOKEN among them) get 403 from `GET /user`. */
  installation?: boolean;
  /** Every write answers 403, like the token of a pull request from a fork. */
  readOnly?: boolean;
}

export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };

export interface FakeComment {
  id: number;
  repo: string;
  issue_number: number;
  body: string;
  user: FakeUser;
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface FakeIssue {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: { name: string }[];
  user: FakeUser;
  html_url: string;
  pull_request?: { url: string };
}

export interface RecordedRequest {
  method: string;
  /** Path without the base prefix and query, e.g. `/repos/o/r/issues/1/comments`. */
  path: string;
  query: Record<string, string>;
  body?: unknown;
  authorization?: string;
}

export interface InjectedFailure {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  message?: string;
  /** How many matching requests fail before the route answers normally again. */
  times: number;
}

export interface FakeGitHubOptions {
  tokens: Record<string, TokenSpec>;
  /** Path prefix of the API, e.g. `/api/v3` as on GitHub Enterprise Server. */
  prefix?: string;
  /** Largest page the server hands out, whatever `per_page` asks (to test pagination cheaply). */
  maxPageSize?: number;
}

export interface FakeGitHub {
  /** The API base URL to put in GITHUB_API_URL. */
  url: string;
  requests: RecordedRequest[];
  comments: FakeComment[];
  issues: FakeIssue[];
  /** `GET /repos/{repo}/commits/{sha}/pulls` answers, keyed by `owner/repo@sha`. */
  pullsForCommit: Map<string, { number: number; state: 'open' | 'closed' }[]>;
  addComment(repo: string, issueNumber: number, body: string, user: FakeUser): FakeComment;
  addIssue(repo: string, fields: Partial<FakeIssue> & { title: string; user: FakeUser }): FakeIssue;
  fail(failure: InjectedFailure): void;
  /** Requests that wrote something (POST, PATCH, PUT, DELETE). */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const requests: RecordedRequest[] = [];
  const comments: FakeComment[] = [];
  const issues: FakeIssue[] = [];
  const pullsForCommit = new Map<string, { number: number; state: 'open' | 'closed' }[]>();
  const failures: InjectedFailure[] = [];
  let nextId = 1000;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const timestamp = (): string => new Date((clock += 1000)).toISOString();
  let origin = '';

  const addComment = (repo: string, issueNumber: number, body: string, user: FakeUser) => {
    const id = nextId++;
    const now = timestamp();
    const comment: FakeComment = {
      id,
      repo,
      issue_number: issueNumber,
      body,
      user,
      html_url: `https://github.test/${repo}/issues/${issueNumber}#issuecomment-${id}`,
      created_at: now,
      updated_at: now,
    };
    comments.push(comment);
    return comment;
  };

  const addIssue = (
    repo: string,
    fields: Partial<FakeIssue> & { title: string; user: FakeUser },
  ): FakeIssue => {
    const number = fields.number ?? issues.filter((issue) => issue.repo === repo).length + 1;
    const issue: FakeIssue = {
      id: nextId++,
      repo,
      number,
      body: '',
      state: 'open',
      state_reason: null,
      labels: [],
      html_url: `https://github.test/${repo}/issues/${number}`,
      ...fields,
    };
    issues.push(issue);
    return issue;
  };

  /** One page of `items`, with GitHub's Link header pointing at the others. */
  const paginate = <T>(url: URL, items: T[], response: ServerResponse): T[] => {
    const asked = Number(url.searchParams.get('per_page') ?? 30);
    const perPage = Math.min(asked > 0 ? asked : 30, 100, options.maxPageSize ?? 100);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const target = new URL(url.href);
      target.searchParams.set('page', String(n));
      target.searchParams.set('per_page', String(perPage));
      return `<${origin}${target.pathname}${target.search}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    if (links.length > 0) response.setHeader('link', links.join(', '));
    return items.slice((page - 1) * perPage, page * perPage);
  };

  const publicComment = ({ repo: _repo, ...comment }: FakeComment) => comment;
  const publicIssue = ({ repo: _repo, ...issue }: FakeIssue) => issue;

  async function route(
    method: string,
    path: string,
    url: URL,
    token: TokenSpec,
    body: unknown,
    response: ServerResponse,
  ): Promise<{ status: number; json: unknown }> {
    const write = method !== 'GET';
    if (write && token.readOnly) throw new HttpError(403, 'Resource not accessible by integration');
    const input = (body ?? {}) as Record<string, unknown>;
    let match: RegExpExecArray | null;

    if (method === 'GET' && path === '/user') {
      if (token.installation) throw new HttpError(403, 'Resource not accessible by integration');
      return { status: 200, json: { login: token.user.login, type: token.user.type, id: 1 } };
    }
    if ((match = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const repo = match[1]!;
      const number = Number(match[2]);
      if (method === 'GET') {
        const all = comments.filter((c) => c.repo === repo && c.issue_number === number);
        return { status: 200, json: paginate(url, all, response).map(publicComment) };
      }
      if (method === 'POST') {
        if (typeof input.body !== 'string') throw new HttpError(422, 'body is missing');
        if (input.body.length > 65_536) {
          throw new HttpError(422, 'Body is too long (maximum is 65536 characters)');
        }
        return {
          status: 201,
          json: publicComment(addComment(repo, number, input.body, token.user)),
        };
      }
    }
    if ((match = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path))) {
      const comment = comments.find((c) => c.repo === match![1] && c.id === Number(match![2]));
      if (!comment) throw new HttpError(404, 'Not Found');
      if (method === 'PATCH') {
        if (typeof input.body !== 'string') throw new HttpError(422, 'body is missing');
        comment.body = input.body;
        comment.updated_at = timestamp();
        return { status: 200, json: publicComment(comment) };
      }
    }
    if ((match = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(path))) {
      const repo = match[1]!;
      if (method === 'GET') {
        const state = url.searchParams.get('state') ?? 'open';
        const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
        const found = issues.filter(
          (issue) =>
            issue.repo === repo &&
            (state === 'all' || issue.state === state) &&
            labels.every((label) => issue.labels.some((l) => l.name === label)),
        );
        return { status: 200, json: paginate(url, found, response).map(publicIssue) };
      }
      if (method === 'POST') {
        if (typeof input.title !== 'string') throw new HttpError(422, 'title is missing');
        const labels = Array.isArray(input.labels) ? (input.labels as string[]) : [];
        const issue = addIssue(repo, {
          title: input.title,
          body: typeof input.body === 'string' ? input.body : '',
          labels: labels.map((name) => ({ name })),
          user: token.user,
        });
        return { status: 201, json: publicIssue(issue) };
      }
    }
    if ((match = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)$/.exec(path))) {
      const issue = issues.find((i) => i.repo === match![1] && i.number === Number(match![2]));
      if (!issue) throw new HttpError(404, 'Not Found');
      if (method === 'GET') return { status: 200, json: publicIssue(issue) };
      if (method === 'PATCH') {
        if (typeof input.title === 'string') issue.title = input.title;
        if (typeof input.body === 'string') issue.body = input.body;
        if (input.state === 'open' || input.state === 'closed') issue.state = input.state;
        if (typeof input.state_reason === 'string') issue.state_reason = input.state_reason;
        return { status: 200, json: publicIssue(issue) };
      }
    }
    if ((match = /^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/pulls$/.exec(path))) {
      const pulls = pullsForCommit.get(`${match[1]}@${match[2]}`) ?? [];
      return { status: 200, json: pulls.map((pr) => ({ ...pr, id: pr.number })) };
    }
    throw new HttpError(404, 'Not Found');
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const method = request.method ?? 'GET';
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
      const record: RecordedRequest = {
        method,
        path,
        query: Object.fromEntries(url.searchParams),
      };
      const authorization = request.headers.authorization;
      if (authorization) record.authorization = authorization;
      requests.push(record);
      response.setHeader('content-type', 'application/json; charset=utf-8');
      try {
        record.body = await readBody(request);
        if (!path) throw new HttpError(404, `Not Found (expected the ${prefix} prefix)`);
        const failure = failures.find(
          (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(path),
        );
        if (failure) {
          failure.times -= 1;
          throw new HttpError(failure.status, failure.message ?? 'Server Error', failure.headers);
        }
        const token = /^(?:token|bearer) (.+)$/i.exec(authorization ?? '')?.[1];
        const spec = token ? options.tokens[token] : undefined;
        if (!spec) throw new HttpError(401, 'Bad credentials');
        const { status, json } = await route(method, path, url, spec, record.body, response);
        response.statusCode = status;
        response.end(JSON.stringify(json));
      } catch (error) {
        const http = error instanceof HttpError ? error : new HttpError(500, String(error));
        response.statusCode = http.status;
        for (const [name, value] of Object.entries(http.headers)) response.setHeader(name, value);
        response.end(
          JSON.stringify({
            message: http.message,
            documentation_url: 'https://docs.github.com/rest',
          }),
        );
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}${prefix}`,
    requests,
    comments,
    issues,
    pullsForCommit,
    addComment,
    addIssue,
    fail: (failure) => failures.push({ ...failure }),
    writes: () => requests.filter((r) => r.method !== 'GET'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
