// The engine shared by the CLI and the Action: policy in, Report out. Collecting facts (I/O) and
// judging them (pure rules) stay separate; this module only orchestrates and summarises.
import { dirname } from 'node:path';
import { ALL_RULES } from './checks/index.js';
import { configuredSeverity, evaluateRules, rulesFor } from './checks/run.js';
import type { Rule, TargetFacts } from './checks/types.js';
import { collectFileFacts, collectHostFacts, type HostProber } from './collect.js';
import type { Logger } from './logger.js';
import {
  gateClosedFor,
  severityRank,
  verdictOf,
  worstVerdict,
  type CheckFamily,
  type FailOn,
  type Finding,
  type Report,
  type RuleDescriptor,
  type TargetFactsSummary,
  type TargetReport,
} from './model.js';
import type { CertificateTarget, Limits, Policy, Target } from './policy/types.js';
import { probeHost, type HostFacts } from './probe/index.js';
import { createHttpFetcher, type RevocationFetcher } from './revocation/index.js';
import { mapWithConcurrency } from './probe/pool.js';
import { RULES_VERSION, VERSION } from './version.js';
import { applySuppressions, type SuppressionAudit } from './suppress.js';
import { summarizeCertificate } from './x509/certificate.js';
import type { ParsedCertificate } from './x509/types.js';
import { DEFAULT_MAX_SAN_COUNT } from './checks/hostname/too-many-sans.js';

// Each host probe opens about eight connections at once, so 16 hosts keep ~128 sockets busy.
export const DEFAULT_CONCURRENCY = 16;
/**
 * A host's probe is abandoned this many `timeout_ms` after it starts, whatever is still running:
 * the name lookup and up to three rounds of probes each get `timeout_ms`, and the probe shortens
 * each of them to fit this deadline.
 */
export const HOST_DEADLINE_FACTOR = 3;
/** Time the prober gets past its own deadline to wrap up before the gate stops waiting. */
const ABANDON_GRACE_MS = 250;
/**
 * The whole run (`limits.run_timeout_ms`): ten minutes is far more than a sane policy needs (16
 * hosts at a time, each bounded by 3 × timeout_ms) and well inside a CI job's own limit.
 */
export const DEFAULT_RUN_TIMEOUT_MS = 10 * 60 * 1000;

export interface GateOptions {
  now: Date;
  logger: Logger;
  /** Most targets checked at once. */
  concurrency?: number;
  /** Overrides the policy's `defaults.fail_on` for the exit decision. */
  failOn?: FailOn;
  /** Injected in tests; defaults to the real prober. */
  probe?: HostProber;
  rules?: readonly Rule[];
  /** Injected in tests; defaults to a bounded HTTP fetcher shared by the whole run. */
  fetcher?: RevocationFetcher;
  /** Check only the I-th (1-based) of N deterministic slices of the targets. */
  shard?: { index: number; count: number };
}

/**
 * Deterministic slices: targets sorted by type and name, dealt round-robin. Every target lands in
 * exactly one slice, whatever order the policy lists them in.
 */
export function shardTargets<T extends { type: string; name: string }>(
  targets: readonly T[],
  shard: { index: number; count: number },
): T[] {
  const key = (t: T) => `${t.type}\u0000${t.name}`;
  return [...targets]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .filter((_, position) => position % shard.count === shard.index - 1);
}

/** A certificate for the report, listing at most `maxSans` names (hostname.too-many-sans says so). */
function certificateSummary(cert: ParsedCertificate, now: Date, maxSans: number) {
  const summary = summarizeCertificate(cert, now);
  summary.dnsNames = summary.dnsNames.slice(0, maxSans);
  summary.ipAddresses = summary.ipAddresses.slice(
    0,
    Math.max(0, maxSans - summary.dnsNames.length),
  );
  return summary;
}

function summarizeFacts(facts: TargetFacts, now: Date, maxSans: number): TargetFactsSummary {
  const summary: TargetFactsSummary = {};
  const [leaf] = facts.certificates;
  if (leaf) summary.leaf = certificateSummary(leaf, now, maxSans);
  if (facts.certificates.length > 1) {
    summary.presented = facts.certificates.map((cert) => certificateSummary(cert, now, maxSans));
  }
  if (facts.chain) {
    if (facts.chain.valid) summary.path = facts.chain.path.map((cert) => cert.facts.subject);
    summary.trustStore = facts.trustLabel ?? facts.chain.trustSource;
  }
  const host = facts.host;
  if (host) {
    if (host.address) summary.address = host.address;
    if (host.protocol) summary.protocol = host.protocol;
    if (host.cipher) summary.cipher = host.cipher;
    if (Object.keys(host.protocols).length > 0) {
      summary.protocols = host.protocols as Record<string, boolean>;
    }
    if (host.keyExchange) {
      const { type, name, bits } = host.keyExchange;
      summary.keyExchange = `${type}${name ? ` ${name}` : ''} (${bits} bits)`;
    }
    const accepted = Object.entries(host.cipherCategories ?? {})
      .filter(([, result]) => result?.accepted)
      .map(([category]) => category);
    if (host.cipherCategories) summary.weakCipherCategories = accepted;
    if (host.hsts) {
      summary.hsts = {
        status: host.hsts.status,
        ...(host.hsts.policy ? host.hsts.policy : {}),
        ...(host.hsts.invalid ? { invalid: host.hsts.invalid } : {}),
      };
    }
    if (host.servedChainSource) summary.servedChainSource = host.servedChainSource;
    summary.timings = host.timings;
    // Probes that got no answer leave their facts (versions, suites) unknown: say which.
    if (host.probeNotes?.length) summary.probeNotes = host.probeNotes;
  }
  return summary;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((finding, order) => ({ finding, order }))
    .sort(
      (a, b) =>
        severityRank(b.finding.severity) - severityRank(a.finding.severity) || a.order - b.order,
    )
    .map(({ finding }) => finding);
}

interface TargetRun extends GateOptions {
  probe: HostProber;
  fetcher: RevocationFetcher;
  limits: Partial<Limits>;
  policyDir: string;
  maxSanCount: number;
  /** `limits.run_timeout_ms` and the instant (ms since the epoch) it passes. */
  runTimeoutMs: number;
  runDeadline: number;
}

async function checkTarget(
  target: Target,
  rules: readonly Rule[],
  options: TargetRun,
): Promise<TargetReport> {
  const started = performance.now();
  const collectOptions = {
    now: options.now,
    probe: options.probe,
    fetcher: options.fetcher,
    limits: options.limits,
    policyDir: options.policyDir,
  };
  const facts =
    target.type === 'host'
      ? await collectHostFacts(target, collectOptions)
      : await collectFileFacts(target, collectOptions);
  return judgeTarget(target, facts, rules, options, started);
}

function judgeTarget(
  target: Target,
  facts: TargetFacts,
  rules: readonly Rule[],
  options: TargetRun,
  started: number,
): TargetReport {
  const findings = sortFindings(
    evaluateRules(rules, facts, {
      now: options.now,
      settings: target.settings,
      limits: { maxSanCount: options.maxSanCount },
    }),
  );
  const checks = familiesChecked(target, rules);
  const report: TargetReport = {
    type: target.type,
    name: target.name,
    status: verdictOf(findings),
    source: target.source,
    checks,
    failOn: options.failOn ?? target.settings.failOn,
    facts: summarizeFacts(facts, options.now, options.maxSanCount),
    findings,
    durationMs: Math.round(performance.now() - started),
  };
  return report;
}

function describeRules(rules: readonly Rule[], targets: readonly TargetReport[]): RuleDescriptor[] {
  const used = new Set(targets.flatMap((target) => target.findings.map((f) => f.rule)));
  return rules
    .filter((rule) => used.has(rule.id))
    .map((rule) => ({
      id: rule.id,
      check: rule.check,
      description: rule.description,
      citation: rule.citation,
      defaultSeverity: rule.defaultSeverity,
      ...(rule.help ? { help: rule.help } : {}),
    }));
}

/**
 * A target the run deadline caught: judged on facts that say so (connection.timeout for a host,
 * file.unreadable for a file), so severities, suppressions and the gate apply as usual.
 */
function deadlineReport(
  target: Target,
  rules: readonly Rule[],
  options: TargetRun,
  started: number,
  inFlight: boolean,
): TargetReport {
  const what = target.type === 'host' ? 'host' : 'file';
  const message = inFlight
    ? `the run deadline of ${options.runTimeoutMs} ms (limits.run_timeout_ms) passed while this ${what} was being checked; it was abandoned`
    : `the run deadline of ${options.runTimeoutMs} ms (limits.run_timeout_ms) passed before this ${what} was checked`;
  const facts: TargetFacts = {
    target,
    certificates: [],
    extraCertificates: [],
    problems: [],
    privateKeys: [],
  };
  if (target.type === 'host') {
    const total = Math.round(performance.now() - started);
    facts.host = {
      servedChain: [],
      protocols: {},
      timings: { total },
      failure: { kind: 'timeout', message },
    };
  } else {
    facts.unreadable = { message };
  }
  return judgeTarget(target, facts, rules, options, started);
}

/** Checks `target` unless the run deadline has passed, and stops waiting for it when it passes. */
async function checkTargetInRun(
  target: Target,
  rules: readonly Rule[],
  options: TargetRun,
): Promise<TargetReport> {
  const started = performance.now();
  const leftMs = options.runDeadline - Date.now();
  if (leftMs <= 0) return deadlineReport(target, rules, options, started, false);
  let timer: NodeJS.Timeout | undefined;
  const abandoned = new Promise<TargetReport>((resolve) => {
    timer = setTimeout(
      () => resolve(deadlineReport(target, rules, options, started, true)),
      leftMs,
    );
  });
  try {
    return await Promise.race([checkTarget(target, rules, options), abandoned]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `probe` under the host's hard deadline (or the run's, when that comes first). The real
 * prober is told the deadline and keeps it; should any prober still be running after it, the host
 * is reported as timed out and the gate moves on (every socket has its own timeout, so nothing is
 * left open for long).
 */
function withHostDeadline(probe: HostProber, runDeadline: number): HostProber {
  return async (target) => {
    const limitMs = Math.max(
      0,
      Math.min(HOST_DEADLINE_FACTOR * target.settings.timeoutMs, runDeadline - Date.now()),
    );
    let timer: NodeJS.Timeout | undefined;
    const abandoned = new Promise<HostFacts>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            servedChain: [],
            protocols: {},
            timings: { total: limitMs },
            failure: {
              kind: 'timeout',
              message: `the probe did not finish within ${limitMs} ms (${HOST_DEADLINE_FACTOR} × timeout_ms, or what was left of limits.run_timeout_ms) and was abandoned`,
            },
          }),
        limitMs + ABANDON_GRACE_MS,
      );
    });
    try {
      return await Promise.race([probe(target), abandoned]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * The check families that really ran for a target (JUnit test cases, the JSON `checks` list): a
 * family the policy switched off, or one with nothing to judge (HSTS not asked for, no expected
 * hostname for a file), must not show as passed.
 */
export function familiesChecked(target: Target, rules: readonly Rule[]): CheckFamily[] {
  const notRun = new Set<CheckFamily>();
  if (target.type === 'host') {
    if (!target.hsts) notRun.add('hsts');
    notRun.add('file');
  } else if (!target.hostname) {
    notRun.add('hostname');
  }
  if (target.settings.revocation === 'off') notRun.add('revocation');
  const families = new Set<CheckFamily>();
  for (const rule of rulesFor(rules, target.type)) {
    if (notRun.has(rule.check) || configuredSeverity(rule, target.settings) === 'off') continue;
    families.add(rule.check);
  }
  return [...families];
}

/** Each target's own `fail_on` decides for it; the policy's applies to targets without one. */
export function gateIsClosed(targets: readonly TargetReport[], failOn: FailOn): boolean {
  return targets.some((target) => gateClosedFor(target.status, target.failOn ?? failOn));
}

/**
 * Findings about the policy itself (stale or expired suppressions) are reported on a target named
 * after the policy file, so every renderer and annotation can place them.
 */
function policyTargetReport(
  policy: Policy,
  audit: SuppressionAudit,
  rules: readonly Rule[],
  now: Date,
): TargetReport | undefined {
  const target: CertificateTarget = {
    type: 'file',
    name: policy.displayPath,
    path: policy.path,
    usage: 'server',
    source: { file: policy.displayPath, line: 1, column: 1 },
    settings: policy.defaults,
  };
  const facts: TargetFacts = {
    target,
    certificates: [],
    extraCertificates: [],
    problems: [],
    privateKeys: [],
    suppressions: audit,
  };
  const findings = evaluateRules(rules, facts, { now, settings: policy.defaults });
  if (findings.length === 0) return undefined;
  const [first] = [...audit.expired, ...audit.unused];
  return {
    type: 'file',
    name: policy.displayPath,
    status: verdictOf(findings),
    source: first ? first.source : target.source,
    policyFile: true,
    checks: ['policy'],
    facts: {},
    findings: sortFindings(findings),
  };
}

/** Checks every target of the policy and returns the report with the gate's decision. */
export async function runGate(policy: Policy, options: GateOptions): Promise<Report> {
  const allRules = options.rules ?? ALL_RULES;
  const targetRules = allRules.filter((rule) => rule.check !== 'policy');
  // The loader always fills `limits`; a policy built by hand gets each bound's default.
  const limits: Partial<Limits> = policy.limits ?? {};
  const runTimeoutMs = limits.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const runDeadline = Date.now() + runTimeoutMs;
  const probe = withHostDeadline(
    options.probe ??
      ((target) =>
        probeHost(target, {
          logger: options.logger,
          deadline: Math.min(
            Date.now() + HOST_DEADLINE_FACTOR * target.settings.timeoutMs,
            runDeadline,
          ),
          ...(limits.maxFileBytes !== undefined ? { maxFileBytes: limits.maxFileBytes } : {}),
        })),
    runDeadline,
  );
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const selected = options.shard ? shardTargets(policy.targets, options.shard) : policy.targets;
  const fetcher =
    options.fetcher ??
    // One fetcher serves the whole run, so a CRL shared by many targets is fetched once; each
    // fetch carries its target's own timeout_ms.
    createHttpFetcher({
      timeoutMs: policy.defaults.timeoutMs,
      maxBytes: {
        ...(limits.maxOcspBytes !== undefined ? { ocsp: limits.maxOcspBytes } : {}),
        ...(limits.maxCrlBytes !== undefined ? { crl: limits.maxCrlBytes } : {}),
      },
    });
  const run: TargetRun = {
    ...options,
    probe,
    fetcher,
    limits,
    policyDir: dirname(policy.path),
    maxSanCount: limits.maxSanCount ?? DEFAULT_MAX_SAN_COUNT,
    runTimeoutMs,
    runDeadline,
  };
  const targets = await mapWithConcurrency(selected, concurrency, (target) =>
    checkTargetInRun(target, targetRules, run),
  );
  const audit = applySuppressions(targets, policy.ignore, options.now);
  for (const target of targets) {
    target.status = verdictOf(target.findings);
    options.logger.debug(`${target.name}: ${target.status} in ${target.durationMs} ms`);
  }
  // A slice cannot know whether another slice used an entry: `merge` decides that, and only the
  // first slice reports expired entries so merged reports do not repeat them.
  const reportedAudit: SuppressionAudit = options.shard
    ? { expired: options.shard.index === 1 ? audit.expired : [], unused: [] }
    : audit;
  const policyTarget = policyTargetReport(
    policy,
    reportedAudit,
    allRules.filter((rule) => rule.check === 'policy'),
    options.now,
  );
  if (policyTarget) targets.push(policyTarget);

  const all = targets.flatMap((target) => target.findings);
  const verdict = worstVerdict(targets.map((target) => target.status));
  const failOn = options.failOn ?? policy.defaults.failOn;
  return {
    tool: { name: 'tls-gate', version: VERSION, rulesVersion: RULES_VERSION },
    evaluatedAt: options.now.toISOString(),
    policy: {
      path: policy.displayPath,
      failOn,
      ...(policy.profile ? { profile: `${policy.profile.name}@${policy.profile.version}` } : {}),
    },
    verdict,
    gateClosed: gateIsClosed(targets, failOn),
    summary: {
      targets: targets.filter((target) => !target.policyFile).length,
      errors: all.filter((f) => !f.suppressed && f.severity === 'error').length,
      warnings: all.filter((f) => !f.suppressed && f.severity === 'warning').length,
      notices: all.filter((f) => !f.suppressed && f.severity === 'notice').length,
      suppressed: all.filter((f) => f.suppressed).length,
    },
    targets,
    rules: describeRules(allRules, targets),
    ...(policy.rulesVersion !== undefined && policy.rulesVersion < RULES_VERSION
      ? {
          notes: [
            `rules version ${RULES_VERSION} is available; this policy pins rules_version ` +
              `${policy.rulesVersion}. Review the changes, then raise rules_version.`,
          ],
        }
      : {}),
    ...(options.shard
      ? {
          shard: options.shard,
          unusedSuppressions: audit.unused.map((entry) => ({
            rule: entry.rule,
            ...(entry.target !== undefined ? { target: entry.target } : {}),
            line: entry.source.line,
          })),
        }
      : {}),
  };
}
