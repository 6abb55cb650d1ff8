// Errors are split by who must act: the user (ConfigurationError → exit 2) or us (anything else).

/** One problem in a policy file or an invocation, positioned when the position is known. */
export interface ConfigurationProblem {
  file?: string;
  line?: number;
  column?: number;
  /** Key path inside the policy, e.g. `hosts[2].port`. */
  key?: string;
  message: string;
}

export function formatProblem(problem: ConfigurationProblem): string {
  let where = '';
  if (problem.file) {
    where = problem.file;
    if (problem.line !== undefined) {
      where += `:${problem.line}`;
      if (problem.column !== undefined) where += `:${problem.column}`;
    }
    where += ': ';
  }
  const key = problem.key ? `${problem.key}: ` : '';
  return `${where}${key}${problem.message}`;
}

/** A mistake the user must fix (bad policy, bad flag). The CLI exits 2; the Action fails the step. */
export class ConfigurationError extends Error {
  readonly problems: ConfigurationProblem[];

  constructor(problems: ConfigurationProblem[] | string) {
    const list = typeof problems === 'string' ? [{ message: problems }] : problems;
    super(list.map(formatProblem).join('\n'));
    this.name = 'ConfigurationError';
    this.problems = list;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
