import { readRunContext } from '../../src/github/context.js';

const files: Record<string, string> = {
  '/pr.json': JSON.stringify({
    pull_request: {
      number: 12,
      head: { repo: { full_name: 'octo/site' } },
      base: { repo: { full_name: 'octo/site' } },
    },
  }),
  '/fork.json': JSON.stringify({
    pull_request: {
      number: 13,
      head: { repo: { full_name: 'stranger/site' } },
      base: { repo: { full_name: 'octo/site' } },
    },
  }),
  '/deleted-fork.json': JSON.stringify({
    pull_request: { number: 14, head: { repo: null }, base: { repo: { full_name: 'octo/site' } } },
  }),
  '/comment.json': JSON.stringify({ issue: { number: 15, pull_request: { url: 'x' } } }),
  '/schedule.json': JSON.stringify({ schedule: '0 3 * * *' }),
  '/broken.json': '{',
};
const read = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT');
  return text;
};

const env = (event: string, path: string) => ({
  GITHUB_EVENT_NAME: event,
  GITHUB_EVENT_PATH: path,
  GITHUB_REPOSITORY: 'octo/site',
  GITHUB_SHA: 'abc123',
  GITHUB_SERVER_URL: 'https://github.test',
  GITHUB_RUN_ID: '99',
  GITHUB_API_URL: 'https://github.test/api/v3',
});

it('reads the pull request, fork-ness, repository and run URL', () => {
  expect(readRunContext(env('pull_request', '/pr.json'), read)).toEqual({
    eventName: 'pull_request',
    repository: { owner: 'octo', repo: 'site' },
    sha: 'abc123',
    pullRequest: { number: 12, fork: false },
    apiUrl: 'https://github.test/api/v3',
    runUrl: 'https://github.test/octo/site/actions/runs/99',
  });
  expect(readRunContext(env('pull_request', '/fork.json'), read).pullRequest).toEqual({
    number: 13,
    fork: true,
  });
  expect(
    readRunContext(env('pull_request_target', '/deleted-fork.json'), read).pullRequest,
  ).toEqual({
    number: 14,
    fork: true,
  });
  expect(readRunContext(env('issue_comment', '/comment.json'), read).pullRequest?.number).toBe(15);
});

it('has no pull request on other events or unreadable payloads', () => {
  expect(readRunContext(env('schedule', '/schedule.json'), read).pullRequest).toBeUndefined();
  expect(readRunContext(env('push', '/broken.json'), read).pullRequest).toBeUndefined();
  expect(readRunContext(env('push', '/missing.json'), read).eventName).toBe('push');
  expect(readRunContext({}, read)).toEqual({ eventName: '' });
});
