// Every input of action.yml parsed into one typed object. Errors quote the input and the
// expected form, and all of them are reported at once.
import { ConfigurationError, type ConfigurationProblem } from '../errors.js';
import type { FailOn } from '../model.js';

export type Env = Record<string, string | undefined>;
export type Mode = 'auto' | 'always' | 'never';

export interface ActionInputs {
  /** Policy file, relative to the workspace unless absolute. */
  policy: string;
  /** Empty when no token was given: nothing is posted then. */
  token: string;
  comment: Mode;
  auditIssue: Mode;
  failOn?: FailOn;
  now?: Date;
  sarifFile?: string;
  jsonFile?: string;
  junitFile?: string;
  /** Check only this deterministic slice of the targets (`I/N`); comment and issue are left to `merge`. */
  shard?: { index: number; count: number };
  /** JSON reports (paths or globs) of sharded runs to merge instead of checking. */
  merge?: string[];
}

export const DEFAULT_POLICY = '.github/tls-gate.yml';

/** The runner passes input `fail-on` as `INPUT_FAIL-ON`: upper-cased, spaces → `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function getInput(env: Env, name: string): string {
  return (env[inputVariable(name)] ?? '').trim();
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T | undefined,
  problems: ConfigurationProblem[],
): T | undefined {
  const value = getInput(env, name);
  if (value === '') return fallback;
  const normalized = value.toLowerCase() as T;
  if (allowed.includes(normalized)) return normalized;
  problems.push({
    message: `input "${name}": expected one of ${allowed.join(', ')}, got "${value}"`,
  });
  return fallback;
}

export function parseInputs(env: Env): ActionInputs {
  const problems: ConfigurationProblem[] = [];
  const modes: readonly Mode[] = ['auto', 'always', 'never'];
  const inputs: ActionInputs = {
    policy: getInput(env, 'policy') || DEFAULT_POLICY,
    token: getInput(env, 'token'),
    comment: oneOf(env, 'comment', modes, 'auto', problems) ?? 'auto',
    auditIssue: oneOf(env, 'audit-issue', modes, 'auto', problems) ?? 'auto',
  };
  const failOn = oneOf<FailOn>(env, 'fail-on', ['error', 'warning', 'never'], undefined, problems);
  if (failOn) inputs.failOn = failOn;
  const now = getInput(env, 'now');
  if (now !== '') {
    const instant = new Date(now.length === 10 ? `${now}T00:00:00Z` : now);
    if (!ISO_INSTANT.test(now) || Number.isNaN(instant.getTime())) {
      problems.push({
        message: `input "now": expected an ISO-8601 instant such as 2026-06-01T00:00:00Z, got "${now}"`,
      });
    } else {
      inputs.now = instant;
    }
  }
  for (const [name, key] of [
    ['sarif-file', 'sarifFile'],
    ['json-file', 'jsonFile'],
    ['junit-file', 'junitFile'],
  ] as const) {
    const value = getInput(env, name);
    if (value !== '') inputs[key] = value;
  }
  const shard = getInput(env, 'shard');
  if (shard !== '') {
    const match = /^(\d+)\/(\d+)$/.exec(shard);
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (!match || index < 1 || index > count) {
      problems.push({
        message: `input "shard": expected I/N with 1 <= I <= N, e.g. 2/4, got "${shard}"`,
      });
    } else {
      inputs.shard = { index, count };
    }
  }
  const merge = getInput(env, 'merge').split(/\s+/).filter(Boolean);
  if (merge.length > 0) inputs.merge = merge;
  if (inputs.shard && inputs.merge) {
    problems.push({ message: 'inputs "shard" and "merge": set one or the other, not both' });
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return inputs;
}
