// `tls-gate merge`: one report and one verdict from the JSON reports of sharded runs.
import { suppressionUnused } from './checks/policy/suppression-unused.js';
import { readFile } from 'node:fs/promises';
import { ConfigurationError, errorMessage } from './errors.js';
import { gateIsClosed } from './gate.js';
import {
  severityRank,
  verdictOf,
  worstVerdict,
  type FailOn,
  type Finding,
  type Report,
  type RuleDescriptor,
  type TargetReport,
} from './model.js';
import type { CertificateTarget, IgnoreEntry } from './policy/types.js';
import { DEFAULT_SETTINGS } from './policy/types.js';

/** Reads a JSON report written by `check --format json`; ConfigurationError when it is not one. */
export async function readReportFile(file: string): Promise<Report> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError([
      { file, message: `cannot read JSON report: ${errorMessage(error)}` },
    ]);
  }
  return asReport(parsed, file);
}

/** Throws ConfigurationError unless `value` looks like a tls-gate JSON report. */
export function asReport(value: unknown, file: string): Report {
  const report = value as Partial<Report> | null;
  if (
    typeof report !== 'object' ||
    report === null ||
    report.tool?.name !== 'tls-gate' ||
    !Array.isArray(report.targets) ||
    typeof report.policy?.path !== 'string'
  ) {
    throw new ConfigurationError([
      { file, message: 'not a tls-gate JSON report (write it with `check --format json`)' },
    ]);
  }
  return report as Report;
}

type UnusedEntry = NonNullable<Report['unusedSuppressions']>[number];
const entryKey = (e: UnusedEntry) => `${e.line}\u0000${e.rule}\u0000${e.target ?? ''}`;

/** Entries unused in every slice were unused by the whole run. */
function unusedEverywhere(reports: readonly Report[]): UnusedEntry[] {
  const sharded = reports.filter((r) => r.unusedSuppressions);
  if (sharded.length === 0) return [];
  const [first, ...rest] = sharded.map((r) => r.unusedSuppressions ?? []);
  return (first ?? []).filter((entry) =>
    rest.every((list) => list.some((other) => entryKey(other) === entryKey(entry))),
  );
}

function unusedFindings(policyPath: string, entries: UnusedEntry[], now: Date): Finding[] {
  const ignore: IgnoreEntry[] = entries.map((e) => ({
    rule: e.rule,
    ...(e.target !== undefined ? { target: e.target } : {}),
    reason: '',
    source: { file: policyPath, line: e.line, column: 1 },
  }));
  const target: CertificateTarget = {
    type: 'file',
    name: policyPath,
    path: policyPath,
    usage: 'server',
    source: { file: policyPath, line: 1, column: 1 },
    settings: DEFAULT_SETTINGS,
  };
  const facts = {
    target,
    certificates: [],
    extraCertificates: [],
    problems: [],
    privateKeys: [],
    suppressions: { expired: [], unused: ignore },
  };
  return suppressionUnused.evaluate(facts, { now, settings: DEFAULT_SETTINGS }).map((v) => ({
    check: suppressionUnused.check,
    rule: suppressionUnused.id,
    severity: suppressionUnused.defaultSeverity,
    message: v.message,
    ...(v.details ? { details: v.details } : {}),
  }));
}

/**
 * A merged verdict is only as good as its inputs: the slices of each policy must all be there,
 * once each, cut the same way. A missing slice would silently drop targets and open the gate.
 */
export function shardSetProblems(reports: readonly Report[]): string[] {
  const problems: string[] = [];
  const byPolicy = new Map<string, Report[]>();
  for (const report of reports) {
    const group = byPolicy.get(report.policy.path) ?? [];
    group.push(report);
    byPolicy.set(report.policy.path, group);
  }
  for (const [policy, group] of byPolicy) {
    const sharded = group.filter((r) => r.shard);
    if (sharded.length === 0) {
      if (group.length > 1)
        problems.push(`${group.length} reports of ${policy} are not shards: give it once`);
      continue;
    }
    if (sharded.length < group.length) {
      problems.push(`${policy}: a whole-policy report cannot be merged with shards of it`);
      continue;
    }
    const counts = [...new Set(sharded.map((r) => r.shard!.count))];
    if (counts.length > 1) {
      problems.push(`${policy}: shards cut ${counts.join(' and ')} ways cannot be merged`);
      continue;
    }
    const count = counts[0]!;
    const seen = sharded.map((r) => r.shard!.index);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.includes(i));
    const repeated = [...new Set(seen.filter((i, at) => seen.indexOf(i) !== at))];
    if (missing.length > 0) {
      problems.push(
        `${policy}: shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing; ` +
          'a missing slice would drop its targets from the verdict',
      );
    }
    if (repeated.length > 0) {
      problems.push(
        `${policy}: shard ${repeated.map((i) => `${i}/${count}`).join(', ')} given twice`,
      );
    }
  }
  return problems;
}

/** `failOn` overrides the slices' own decisions, like `check --fail-on`. */
export function mergeReports(reports: readonly Report[], failOn?: FailOn): Report {
  const [first] = reports;
  if (!first) throw new ConfigurationError('merge: give at least one JSON report');
  const problems = shardSetProblems(reports);
  if (problems.length > 0) {
    throw new ConfigurationError(problems.map((message) => ({ message: `merge: ${message}` })));
  }
  const policyPath = first.policy.path;
  const byKey = new Map<string, TargetReport>();
  for (const report of reports) {
    for (const target of report.targets) {
      const key = `${target.type}\u0000${target.name}`;
      const seen = byKey.get(key);
      if (!seen) {
        byKey.set(key, structuredClone(target));
      } else if (target.name === policyPath) {
        seen.findings.push(...target.findings);
      }
    }
  }
  const now = new Date(first.evaluatedAt);
  const unused = unusedFindings(policyPath, unusedEverywhere(reports), now);
  if (unused.length > 0) {
    const key = `file\u0000${policyPath}`;
    const policyTarget = byKey.get(key) ?? {
      type: 'file' as const,
      name: policyPath,
      policyFile: true as const,
      status: 'pass' as const,
      checks: ['policy' as const],
      facts: {},
      findings: [],
    };
    policyTarget.findings.push(...unused);
    byKey.set(key, policyTarget);
  }
  // Policy order, as one unsharded run would list them (slices deal targets round-robin).
  const targets = [...byKey.values()].sort(
    (a, b) =>
      (a.source?.line ?? Number.MAX_SAFE_INTEGER) - (b.source?.line ?? Number.MAX_SAFE_INTEGER) ||
      a.name.localeCompare(b.name),
  );
  for (const target of targets) {
    if (failOn) target.failOn = failOn;
    target.findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    target.status = verdictOf(target.findings);
  }
  const all = targets.flatMap((t) => t.findings);
  const rules = new Map<string, RuleDescriptor>();
  for (const report of reports) for (const rule of report.rules ?? []) rules.set(rule.id, rule);
  if (unused.length > 0) {
    const { id, check, description, citation, defaultSeverity } = suppressionUnused;
    rules.set(id, { id, check, description, citation, defaultSeverity });
  }
  const verdict = worstVerdict(targets.map((t) => t.status));
  const count = (severity: Finding['severity']) =>
    all.filter((f) => !f.suppressed && f.severity === severity).length;
  return {
    tool: first.tool,
    evaluatedAt: first.evaluatedAt,
    policy: failOn ? { ...first.policy, failOn } : first.policy,
    verdict,
    gateClosed: gateIsClosed(targets, failOn ?? first.policy.failOn),
    summary: {
      targets: targets.filter((target) => !target.policyFile).length,
      errors: count('error'),
      warnings: count('warning'),
      notices: count('notice'),
      suppressed: all.filter((f) => f.suppressed).length,
    },
    targets,
    rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)),
    ...(first.notes ? { notes: first.notes } : {}),
  };
}
