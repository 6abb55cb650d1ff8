// The Action's core: inputs → policy → gate → report files, annotations, job summary, outputs,
// PR comment, audit issue → the gate's decision. Everything it touches comes in through
// `ActionDeps`, so tests run it in-process with a fake gate and a local fake GitHub API.
import { appendFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  ConfigurationError,
  errorMessage,
  formatProblem,
  type ConfigurationProblem,
} from '../errors.js';
import {
  GitHubPermissionError,
  createGitHubClient,
  type ClientOptions,
  type GitHubClient,
} from '../github/client.js';
import { escapeCommandData } from '../report/github-escape.js';
import { readRunContext, type RunContext } from '../github/context.js';
import { findPullRequestForCommit, upsertStickyComment } from '../github/comment.js';
import { syncAuditIssue } from '../github/audit.js';
import { resolveIdentity, type Identity } from '../github/identity.js';
import type { Logger } from '../logger.js';
import type { FailOn, Report } from '../model.js';
import type { Policy } from '../policy/types.js';
import { problemAnnotations, reportAnnotations } from '../report/github-annotations.js';
import {
  commentContent,
  renderPullRequestComment,
  stickyMarker,
} from '../report/github-comment.js';
import { auditMarker } from '../report/github-issue.js';
import { plural } from '../report/github-markdown.js';
import {
  countsLine,
  renderJobSummary,
  renderProblemsSummary,
  type SummaryOptions,
} from '../report/github-summary.js';
import { parseInputs, type ActionInputs, type Env, type Mode } from './inputs.js';
import { ActionsLogger, Annotator, type LineWriter } from './logger.js';

export type FileReportFormat = 'json' | 'sarif' | 'junit';

export interface ActionDeps {
  env: Env;
  cwd: string;
  /** One line to the step's stdout (where the runner reads workflow commands). */
  write: LineWriter;
  setOutput(name: string, value: string): void;
  setSecret(secret: string): void;
  loadPolicy(path: string, options: { cwd: string; env: Env }): Promise<Policy>;
  runGate(
    policy: Policy,
    options: {
      now: Date;
      logger: Logger;
      failOn?: FailOn;
      shard?: { index: number; count: number };
    },
  ): Promise<Report>;
  /** One report from the JSON reports of sharded runs (paths or globs, relative to `cwd`). */
  mergeReports(patterns: string[], options: { cwd: string; failOn?: FailOn }): Promise<Report>;
  renderReport(report: Report, format: FileReportFormat): string;
  clock?: () => Date;
  /** Client settings for tests (tiny backoff); the token and base URL come from the inputs. */
  client?: Partial<Omit<ClientOptions, 'token' | 'baseUrl' | 'logger'>>;
  readEventFile?: (path: string) => string;
}

/** As the CLI: 0 gate open, 1 gate closed (or the check could not complete), 2 configuration. */
export type ExitCode = 0 | 1 | 2;

export interface ActionResult {
  exitCode: ExitCode;
  report?: Report;
  reportPath?: string;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
const AUDIT_EVENTS = new Set(['schedule', 'workflow_dispatch']);

/** Annotation slots kept for messages that come after the findings. */
const RESERVED_WARNINGS = 2; // PR comment and audit issue failures

function wanted(mode: Mode, events: Set<string>, eventName: string): boolean {
  return mode === 'always' || (mode === 'auto' && events.has(eventName));
}

/** A path as the repository sees it (annotations need it relative to the workspace). */
function repositoryPath(workspace: string, path: string): string {
  const absolute = resolve(workspace, path);
  const inside = relative(workspace, absolute);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return path;
  return inside.split(sep).join('/');
}

function expiryThresholds(policy: Policy): SummaryOptions['expiry'] {
  const { warnDays, failDays } = policy.defaults.expiry;
  const byTarget: Record<string, { warnDays: number; failDays: number }> = {};
  for (const target of policy.targets) {
    const expiry = target.settings.expiry;
    if (expiry.warnDays !== warnDays || expiry.failDays !== failDays) {
      byTarget[target.name] = { warnDays: expiry.warnDays, failDays: expiry.failDays };
    }
  }
  return { default: { warnDays, failDays }, byTarget };
}

class ActionRun {
  private readonly annotator: Annotator;
  private readonly logger: ActionsLogger;
  private readonly workspace: string;
  private readonly context: RunContext;

  constructor(private readonly deps: ActionDeps) {
    this.annotator = new Annotator(deps.write);
    this.logger = new ActionsLogger(deps.write, this.annotator);
    this.workspace = deps.env.GITHUB_WORKSPACE || deps.cwd;
    this.context = readRunContext(deps.env, deps.readEventFile);
  }

  /** The step's one failure line; an error annotation while slots remain. */
  private fail(message: string, exitCode: 1 | 2 = 1): ActionResult {
    this.annotator.annotate({ kind: 'error', message });
    return { exitCode };
  }

  private async configurationFailed(
    problems: readonly ConfigurationProblem[],
    what: string,
    file?: string,
  ) {
    const annotations = problemAnnotations(
      problems.map((problem) =>
        problem.file ? { ...problem, file: repositoryPath(this.workspace, problem.file) } : problem,
      ),
      { ...(file ? { file } : {}), limit: this.annotator.available({ error: 1 }).error },
    );
    for (const annotation of annotations) this.annotator.annotate(annotation);
    // Problems past the annotation limit still reach the log, and all of them the job summary.
    for (const problem of problems.slice(annotations.length)) {
      this.logger.info(`error: ${formatProblem(problem)}`);
    }
    await this.writeSummary(renderProblemsSummary(what, problems)).catch((error: unknown) =>
      this.logger.warning(`tls-gate: could not write the job summary: ${errorMessage(error)}`),
    );
    return this.fail(`tls-gate: ${what}: ${plural(problems.length, 'problem')} (see above).`, 2);
  }

  async run(): Promise<ActionResult> {
    let inputs: ActionInputs;
    try {
      inputs = parseInputs(this.deps.env);
    } catch (error) {
      if (error instanceof ConfigurationError) {
        return this.configurationFailed(error.problems, 'invalid inputs');
      }
      throw error;
    }
    if (inputs.token) this.deps.setSecret(inputs.token);
    const policyFile = repositoryPath(this.workspace, inputs.policy);
    let policy: Policy;
    try {
      policy = await this.deps.loadPolicy(inputs.policy, {
        cwd: this.workspace,
        env: this.deps.env,
      });
    } catch (error) {
      if (error instanceof ConfigurationError) {
        return this.configurationFailed(error.problems, `invalid policy ${policyFile}`, policyFile);
      }
      throw error;
    }
    const now = inputs.now ?? (this.deps.clock ?? (() => new Date()))();
    let report: Report;
    if (inputs.merge) {
      try {
        report = await this.deps.mergeReports(inputs.merge, {
          cwd: this.workspace,
          ...(inputs.failOn ? { failOn: inputs.failOn } : {}),
        });
      } catch (error) {
        // An incomplete or inconsistent shard set: no verdict is possible, and it is the
        // workflow's to fix (a failed or missing matrix job), not an internal error.
        if (error instanceof ConfigurationError) {
          return this.configurationFailed(error.problems, 'cannot merge the shard reports');
        }
        throw error;
      }
    } else {
      report = await this.deps.runGate(policy, {
        now,
        logger: this.logger,
        ...(inputs.failOn ? { failOn: inputs.failOn } : {}),
        ...(inputs.shard ? { shard: inputs.shard } : {}),
      });
    }
    const reportPath = await this.writeReports(report, inputs);

    const limits = this.annotator.available({
      error: report.gateClosed ? 1 : 0,
      warning: RESERVED_WARNINGS,
    });
    for (const annotation of reportAnnotations(report, { file: policyFile, limits })) {
      this.annotator.annotate(annotation);
    }
    await this.writeSummary(
      renderJobSummary(report, {
        expiry: expiryThresholds(policy),
        ...(this.context.runUrl ? { runUrl: this.context.runUrl } : {}),
      }),
    );
    this.deps.setOutput('verdict', report.verdict);
    this.deps.setOutput('errors', String(report.summary.errors));
    this.deps.setOutput('warnings', String(report.summary.warnings));
    this.deps.setOutput('report', reportPath);

    await this.publish(report, inputs, policyFile);

    const line = `verdict ${report.verdict} (${countsLine(report)}), fail_on: ${report.policy.failOn}`;
    if (report.gateClosed) {
      return { ...this.fail(`tls-gate: gate closed: ${line}.`), report, reportPath };
    }
    this.logger.info(`tls-gate: gate open: ${line}.`);
    return { exitCode: 0, report, reportPath };
  }

  private async writeReports(report: Report, inputs: ActionInputs): Promise<string> {
    const temp = this.deps.env.RUNNER_TEMP || tmpdir();
    await mkdir(temp, { recursive: true });
    const reportPath = join(await mkdtemp(join(temp, 'tls-gate-')), 'report.json');
    const json = this.deps.renderReport(report, 'json');
    await writeFile(reportPath, json);
    const extra: [string | undefined, FileReportFormat][] = [
      [inputs.jsonFile, 'json'],
      [inputs.sarifFile, 'sarif'],
      [inputs.junitFile, 'junit'],
    ];
    for (const [file, format] of extra) {
      if (!file) continue;
      const path = resolve(this.workspace, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, format === 'json' ? json : this.deps.renderReport(report, format));
      this.logger.info(`tls-gate: ${format} report written to ${file}`);
    }
    return reportPath;
  }

  private async writeSummary(markdown: string): Promise<void> {
    const path = this.deps.env.GITHUB_STEP_SUMMARY;
    if (!path) {
      this.logger.debug('GITHUB_STEP_SUMMARY is not set; no job summary written');
      return;
    }
    await appendFile(path, `${markdown}\n`);
  }

  /** PR comment and audit issue. A failure here is a warning: the summary has everything. */
  private async publish(report: Report, inputs: ActionInputs, policyFile: string): Promise<void> {
    const { eventName, repository } = this.context;
    const comment = wanted(inputs.comment, PULL_REQUEST_EVENTS, eventName);
    const audit = wanted(inputs.auditIssue, AUDIT_EVENTS, eventName);
    if (!comment && !audit) return;
    if (inputs.shard) {
      // Slices would overwrite each other's comment; the merge step posts for the whole run.
      this.logger.info(
        'tls-gate: sharded run; the merge step posts the PR comment and audit issue.',
      );
      return;
    }
    if (!inputs.token || !repository) {
      this.logger.warning(
        `tls-gate: ${!inputs.token ? 'no `token` input' : 'GITHUB_REPOSITORY is not set'}; ` +
          'skipping the PR comment and audit issue.',
      );
      return;
    }
    const client = createGitHubClient({
      ...this.deps.client,
      token: inputs.token,
      ...(this.context.apiUrl ? { baseUrl: this.context.apiUrl } : {}),
      logger: this.logger,
    });
    let identity: Identity | undefined;
    const self = async (): Promise<Identity> => (identity ??= await resolveIdentity(client));
    if (comment) {
      await this.attempt('the PR comment', () => this.comment(client, self, report, policyFile));
    }
    if (audit) {
      await this.attempt('the audit issue', async () => {
        const result = await syncAuditIssue(client, {
          ...repository,
          marker: auditMarker(policyFile),
          identity: await self(),
          report,
          ...(this.context.runUrl ? { runUrl: this.context.runUrl } : {}),
        });
        if (result.action !== 'none') {
          this.logger.info(
            `tls-gate: audit issue #${result.number} ${result.action}: ${result.url}`,
          );
        }
      });
    }
  }

  private async comment(
    client: GitHubClient,
    self: () => Promise<Identity>,
    report: Report,
    policyFile: string,
  ): Promise<void> {
    const repository = this.context.repository!;
    let number = this.context.pullRequest?.number;
    if (number === undefined && this.context.sha) {
      number = await findPullRequestForCommit(client, { ...repository, sha: this.context.sha });
    }
    if (number === undefined) {
      this.logger.info('tls-gate: no pull request for this run; no comment posted.');
      return;
    }
    const marker = stickyMarker(policyFile);
    const result = await upsertStickyComment(client, {
      ...repository,
      issueNumber: number,
      marker,
      body: renderPullRequestComment(report, {
        marker,
        ...(this.context.runUrl ? { runUrl: this.context.runUrl } : {}),
      }),
      identity: await self(),
      unchanged: (existing, next) => commentContent(existing) === commentContent(next),
    });
    this.logger.info(`tls-gate: PR comment ${result.action}: ${result.url}`);
  }

  /** A throw from the run: a user mistake found late, or a bug (which must still close the gate). */
  async failed(error: unknown): Promise<ActionResult> {
    if (error instanceof ConfigurationError) {
      return this.configurationFailed(error.problems, 'invalid configuration');
    }
    if (error instanceof Error && error.stack) {
      this.deps.write(`::debug::${escapeCommandData(error.stack)}`);
    }
    return this.fail(
      `tls-gate: internal error: ${errorMessage(error)}. ` +
        'The gate is closed because the check could not complete.',
    );
  }

  private async attempt(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      const reason = error instanceof GitHubPermissionError ? error.message : errorMessage(error);
      this.logger.warning(`tls-gate: could not update ${what}: ${reason}`);
    }
  }
}

/**
 * Runs the Action once; never throws. Exit code 2 for a configuration the user must fix (inputs,
 * policy, shard set), 1 when the gate closes or the run failed; any non-zero fails the step.
 */
export async function runAction(deps: ActionDeps): Promise<ActionResult> {
  const run = new ActionRun(deps);
  try {
    return await run.run();
  } catch (error) {
    return run.failed(error);
  }
}
