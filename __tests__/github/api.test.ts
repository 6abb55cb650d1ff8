// The GitHub API layer against a local fake of the REST API, with the real Octokit.
import { createGitHubClient, GitHubPermissionError, retryDelay } from '../../src/github/client.js';
import { findPullRequestForCommit, upsertStickyComment } from '../../src/github/comment.js';
import { resolveIdentity } from '../../src/github/identity.js';
import { silentLogger } from '../../src/logger.js';
import { commentContent } from '../../src/report/github-comment.js';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';

const REPO = 'octo/site';
const [owner, repo] = REPO.split('/') as [string, string];
const ALICE = { login: 'alice', type: 'User' as const };
const MALLORY = { login: 'mallory', type: 'User' as const };
const MARKER = '<!-- tls-gate:.github/tls-gate.yml -->';

let api: FakeGitHub;
const sleeps: number[] = [];

beforeEach(async () => {
  sleeps.length = 0;
  api = await startFakeGitHub({
    prefix: '/api/v3',
    maxPageSize: 2,
    tokens: {
      'ghs-actions': { user: ACTIONS_BOT, installation: true },
      'ghs-fork': { user: ACTIONS_BOT, installation: true, readOnly: true },
      'pat-alice': { user: ALICE },
    },
  });
});
afterEach(() => api.close());

const client = (token: string) =>
  createGitHubClient({
    token,
    baseUrl: api.url,
    logger: silentLogger,
    backoffMs: 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });

async function upsert(token: string, body: string) {
  const github = client(token);
  return upsertStickyComment(github, {
    owner,
    repo,
    issueNumber: 7,
    marker: MARKER,
    body,
    identity: await resolveIdentity(github),
    unchanged: (a, b) => commentContent(a) === commentContent(b),
  });
}

describe('sticky comment', () => {
  it('creates one comment, updates it in place, and leaves it alone when unchanged', async () => {
    expect((await upsert('ghs-actions', `${MARKER}\nfirst`)).action).toBe('created');
    expect((await upsert('ghs-actions', `${MARKER}\nsecond`)).action).toBe('updated');
    expect((await upsert('ghs-actions', `${MARKER}\nsecond`)).action).toBe('unchanged');
    const mine = api.comments.filter((c) => c.issue_number === 7);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toBe(`${MARKER}\nsecond`);
    expect(api.writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('ignores a footer-only change (the run link) when comparing', async () => {
    const footer = (run: number) => `<sub>run ${run}</sub><!-- tls-gate:footer -->`;
    await upsert('ghs-actions', `${MARKER}\nbody\n${footer(1)}`);
    expect((await upsert('ghs-actions', `${MARKER}\nbody\n${footer(2)}`)).action).toBe('unchanged');
  });

  it('finds its comment on a later page and never touches a pasted marker by someone else', async () => {
    api.addComment(REPO, 7, `${MARKER}\npasted by mallory`, MALLORY);
    api.addComment(REPO, 7, `${MARKER}\nby a PAT user`, ALICE);
    api.addComment(REPO, 7, 'unrelated', ACTIONS_BOT);
    api.addComment(REPO, 7, 'chatter', MALLORY);
    const own = api.addComment(REPO, 7, `${MARKER}\nold`, ACTIONS_BOT);
    const result = await upsert('ghs-actions', `${MARKER}\nnew`);
    expect(result).toMatchObject({ action: 'updated', id: own.id });
    expect(api.comments.find((c) => c.user.login === 'mallory')!.body).toContain('pasted');
    expect(api.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: `/repos/${REPO}/issues/comments/${own.id}`,
      }),
    ]);
    // Three pages of two: the search followed the Link headers.
    const pages = api.requests.filter((r) => r.path.endsWith('/issues/7/comments'));
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
  });

  it('uses GET /user for a personal token and matches by that login', async () => {
    api.addComment(REPO, 7, `${MARKER}\nbot comment`, ACTIONS_BOT);
    expect((await upsert('pat-alice', `${MARKER}\nalice`)).action).toBe('created');
    expect(api.comments.filter((c) => c.body.includes(MARKER))).toHaveLength(2);
  });

  it('turns a 403 from a read-only token into an error naming pull-requests: write', async () => {
    const error = await upsert('ghs-fork', `${MARKER}\nx`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubPermissionError);
    expect((error as Error).message).toContain('`pull-requests: write`');
    expect(api.comments).toHaveLength(0);
  });

  it('finds the open pull request of a commit', async () => {
    api.pullsForCommit.set(`${REPO}@abc`, [
      { number: 3, state: 'closed' },
      { number: 9, state: 'open' },
    ]);
    await expect(
      findPullRequestForCommit(client('ghs-actions'), { owner, repo, sha: 'abc' }),
    ).resolves.toBe(9);
    await expect(
      findPullRequestForCommit(client('ghs-actions'), { owner, repo, sha: 'def' }),
    ).resolves.toBeUndefined();
  });
});

describe('client', () => {
  it('talks to the base URL from GITHUB_API_URL, prefix included (GitHub Enterprise)', async () => {
    await client('pat-alice').rest.users.getAuthenticated();
    expect(api.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/user', authorization: 'token pat-alice' }),
    ]);
  });

  it('retries a 5xx with doubling backoff and then succeeds', async () => {
    api.fail({ method: 'GET', path: /^\/user$/, status: 502, times: 2 });
    const { data } = await client('pat-alice').rest.users.getAuthenticated();
    expect(data.login).toBe('alice');
    expect(sleeps).toEqual([1, 2]);
    expect(api.requests).toHaveLength(3);
  });

  it('gives up after the retries', async () => {
    api.fail({ path: /^\/user$/, status: 500, times: 10 });
    await expect(client('pat-alice').rest.users.getAuthenticated()).rejects.toMatchObject({
      status: 500,
    });
    expect(api.requests).toHaveLength(4);
  });

  it('waits as long as a secondary rate limit asks, and does not retry a plain 403 or 404', async () => {
    api.fail({
      path: /^\/user$/,
      status: 403,
      message: 'You have exceeded a secondary rate limit',
      headers: { 'retry-after': '0.002' },
      times: 1,
    });
    await client('pat-alice').rest.users.getAuthenticated();
    expect(sleeps).toEqual([2]);
    api.fail({ path: /^\/user$/, status: 403, message: 'Forbidden', times: 1 });
    await expect(client('pat-alice').rest.users.getAuthenticated()).rejects.toMatchObject({
      status: 403,
    });
    expect(sleeps).toEqual([2]);
  });

  it('computes waits for rate limits and refuses ones longer than the cap', () => {
    const settings = { retries: 3, backoffMs: 100, maxWaitMs: 5000, now: 1_000_000 };
    const limited = (headers: Record<string, string>, status = 403) => ({
      status,
      message: 'API rate limit exceeded',
      response: { headers },
    });
    expect(retryDelay(limited({ 'retry-after': '3' }), 0, settings)).toBe(3000);
    expect(retryDelay(limited({ 'retry-after': '60' }), 0, settings)).toBeUndefined();
    expect(
      retryDelay(
        limited({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1002' }),
        0,
        settings,
      ),
    ).toBe(2000);
    expect(retryDelay(limited({}, 429), 2, settings)).toBe(400);
    expect(retryDelay({ status: 503, message: 'x' }, 3, settings)).toBeUndefined();
    expect(retryDelay({ status: 422, message: 'x' }, 0, settings)).toBeUndefined();
    expect(retryDelay(new Error('socket hang up'), 0, settings)).toBeUndefined();
  });
});
