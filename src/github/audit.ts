// The tracking issue of scheduled audits: one open issue per policy, labelled `tls-gate`, opened
// when the gate does not pass, updated with what changed, commented on and closed once it passes.
import type { Report } from '../model.js';
import {
  AUDIT_LABEL,
  hasFindingChanges,
  parseDigest,
  renderAuditIssue,
  renderAuditResolvedComment,
  renderAuditUpdateComment,
} from '../report/github-issue.js';
import { rethrowPermission, type GitHubClient } from './client.js';
import type { Identity } from './identity.js';

export const ISSUE_PERMISSION = 'issues: write';

export interface AuditIssueParams {
  owner: string;
  repo: string;
  marker: string;
  identity: Identity;
  report: Report;
  runUrl?: string;
}

export interface AuditIssueResult {
  action: 'opened' | 'updated' | 'closed' | 'none';
  number?: number;
  url?: string;
}

async function findOpenIssue(client: GitHubClient, params: AuditIssueParams) {
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    owner: params.owner,
    repo: params.repo,
    state: 'open',
    labels: AUDIT_LABEL,
    per_page: 100,
  });
  return issues
    .filter(
      (issue) =>
        !issue.pull_request &&
        params.identity.isSelf(issue.user) &&
        (issue.body ?? '').includes(params.marker),
    )
    .sort((a, b) => a.number - b.number)[0];
}

export async function syncAuditIssue(
  client: GitHubClient,
  params: AuditIssueParams,
): Promise<AuditIssueResult> {
  const { owner, repo, report, runUrl } = params;
  try {
    const open = await findOpenIssue(client, params);
    if (report.verdict === 'pass') {
      if (!open) return { action: 'none' };
      await client.rest.issues.createComment({
        owner,
        repo,
        issue_number: open.number,
        body: renderAuditResolvedComment(report, runUrl),
      });
      await client.rest.issues.update({
        owner,
        repo,
        issue_number: open.number,
        state: 'closed',
        state_reason: 'completed',
      });
      return { action: 'closed', number: open.number, url: open.html_url };
    }
    const previous = open ? parseDigest(open.body ?? '') : undefined;
    const issue = renderAuditIssue(report, {
      marker: params.marker,
      ...(previous ? { previous } : {}),
      ...(runUrl ? { runUrl } : {}),
    });
    if (!open) {
      const { data } = await client.rest.issues.create({
        owner,
        repo,
        title: issue.title,
        body: issue.body,
        labels: [AUDIT_LABEL],
      });
      return { action: 'opened', number: data.number, url: data.html_url };
    }
    // A comment notifies subscribers; a body edit alone would not.
    if (!issue.changes.first && hasFindingChanges(issue.changes)) {
      await client.rest.issues.createComment({
        owner,
        repo,
        issue_number: open.number,
        body: renderAuditUpdateComment(issue.changes, runUrl),
      });
    }
    await client.rest.issues.update({
      owner,
      repo,
      issue_number: open.number,
      title: issue.title,
      body: issue.body,
    });
    return { action: 'updated', number: open.number, url: open.html_url };
  } catch (error) {
    return rethrowPermission(error, ISSUE_PERMISSION);
  }
}
