// Who this token writes as, so we only ever touch comments and issues it wrote itself.
import { isPermissionDenied, type GitHubClient } from './client.js';

export interface GitHubUser {
  login: string;
  type?: string;
}

export interface Identity {
  /** The login, or `github-actions[bot]` for the workflow's GITHUB_TOKEN. */
  login: string;
  isSelf(user: GitHubUser | null | undefined): boolean;
}

/** The author of everything the workflow's GITHUB_TOKEN writes. */
export const ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', type: 'Bot' };

/**
 * `GET /user` names a personal token's owner. Installation tokens, the GITHUB_TOKEN among them,
 * get 403 there; their comments are authored by `github-actions[bot]`.
 */
export async function resolveIdentity(client: GitHubClient): Promise<Identity> {
  let self: GitHubUser = ACTIONS_BOT;
  try {
    const { data } = await client.rest.users.getAuthenticated();
    self = { login: data.login, type: data.type };
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
  }
  return {
    login: self.login,
    isSelf: (user) =>
      !!user &&
      user.login === self.login &&
      (self.type === undefined || user.type === undefined || user.type === self.type),
  };
}
