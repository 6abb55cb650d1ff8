// The sticky PR comment: found by its hidden marker AND this token's own login across every page
// of comments (anyone can paste a marker), updated in place, left alone when nothing changed.
import { rethrowPermission, type GitHubClient } from './client.js';
import type { Identity } from './identity.js';

export const COMMENT_PERMISSION = 'pull-requests: write';

export interface StickyCommentParams {
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
  body: string;
  identity: Identity;
  /** Whether an existing body already says what `body` says; plain equality by default. */
  unchanged?: (existing: string, next: string) => boolean;
}

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

export async function upsertStickyComment(
  client: GitHubClient,
  params: StickyCommentParams,
): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber, marker, body, identity } = params;
  const unchanged = params.unchanged ?? ((existing, next) => existing === next);
  try {
    const comments = await client.paginate(client.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    const mine = comments.find(
      (comment) => identity.isSelf(comment.user) && (comment.body ?? '').includes(marker),
    );
    if (!mine) {
      const { data } = await client.rest.issues.createComment({
        owner,
        repo,
        issue_number: issueNumber,
        body,
      });
      return { action: 'created', id: data.id, url: data.html_url };
    }
    if (unchanged(mine.body ?? '', body)) {
      return { action: 'unchanged', id: mine.id, url: mine.html_url };
    }
    const { data } = await client.rest.issues.updateComment({
      owner,
      repo,
      comment_id: mine.id,
      body,
    });
    return { action: 'updated', id: data.id, url: data.html_url };
  } catch (error) {
    return rethrowPermission(error, COMMENT_PERMISSION);
  }
}

/** The open pull request a commit belongs to, for `comment: always` outside pull_request events. */
export async function findPullRequestForCommit(
  client: GitHubClient,
  params: { owner: string; repo: string; sha: string },
): Promise<number | undefined> {
  try {
    const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: params.owner,
      repo: params.repo,
      commit_sha: params.sha,
    });
    return data.find((pr) => pr.state === 'open')?.number;
  } catch (error) {
    return rethrowPermission(error, 'pull-requests: read');
  }
}
