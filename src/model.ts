// The report model: the JSON contract (shared/contract.md §3) plus facts. Every renderer reads
// this and nothing else.

export type Severity = 'error' | 'warning' | 'notice';
/** A severity a policy may assign to a rule; `off` disables it. */
export type RuleSeverity = Severity | 'off';
export type Verdict = 'pass' | 'warn' | 'fail';
export type FailOn = 'error' | 'warning' | 'never';
export type TargetType = 'host' | 'file';

/** `findings[].check`: the family of a rule, the part of its id before the dot. */
export type CheckFamily =
  | 'chain'
  | 'hostname'
  | 'expiry'
  | 'protocol'
  | 'cipher'
  | 'key'
  | 'signature'
  | 'revocation'
  | 'connection'
  | 'policy'
  | 'hsts'
  | 'file'
  | 'ct';

export const CHECK_FAMILIES: readonly CheckFamily[] = [
  'chain',
  'hostname',
  'expiry',
  'protocol',
  'cipher',
  'key',
  'signature',
  'revocation',
  'connection',
  'policy',
  'hsts',
  'file',
  'ct',
];

/** Where a target is declared in the policy file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Finding {
  check: CheckFamily;
  /** `<check>.<kebab-case-name>`, stable across releases. */
  rule: string;
  severity: Severity;
  message: string;
  /** Set when an `ignore:` entry matched; severity is then `notice`. */
  suppressed?: boolean;
  reason?: string;
  /** Severity the finding had before a suppression lowered it. */
  originalSeverity?: Severity;
  /** Position in the presented chain (0 = leaf) when the finding is about one certificate. */
  certificate?: { index: number; subject: string; sha256: string };
  /** Machine-readable facts behind the message (dates, sizes, names). */
  details?: Record<string, unknown>;
}

/** A short description of one certificate for reports (dates as ISO strings). */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  dnsNames: string[];
  ipAddresses: string[];
  publicKey: string;
  signatureAlgorithm: string;
  sha256: string;
}

export interface TargetFactsSummary {
  /** Leaf certificate, when one was read or served. */
  leaf?: CertificateSummary;
  /** Certificates as presented (file or server order), leaf first. */
  presented?: CertificateSummary[];
  /** The validated path, leaf first, ending at the trust anchor; absent when none validated. */
  path?: string[];
  trustStore?: string;
  /** Live hosts only. */
  address?: string;
  protocol?: string;
  cipher?: string;
  keyExchange?: string;
  protocols?: Record<string, boolean>;
  timings?: Record<string, number>;
  [key: string]: unknown;
}

export interface TargetReport {
  type: TargetType;
  /** `host:port` for hosts; the path as written in the policy (or matched by a glob) for files. */
  name: string;
  status: Verdict;
  source?: SourceLocation;
  /**
   * Set on the entry that carries findings about the policy file itself (expired or unused
   * suppressions): it is not one of the policy's targets and is not counted as one.
   */
  policyFile?: true;
  /** Check families evaluated for this target (JUnit test cases, "what was checked"). */
  checks?: CheckFamily[];
  /** The target's effective `fail_on` (per-target override or the policy default). */
  failOn?: FailOn;
  facts: TargetFactsSummary;
  findings: Finding[];
  durationMs?: number;
}

export interface RuleDescriptor {
  id: string;
  check: CheckFamily;
  description: string;
  citation: string;
  defaultSeverity: Severity;
  help?: string;
}

export interface Report {
  tool: { name: 'tls-gate'; version: string; rulesVersion: number };
  /** The instant every check was evaluated at (ISO-8601). */
  evaluatedAt: string;
  /** `profile` is the Mozilla profile applied, with the guideline version it was pinned to. */
  policy: { path: string; failOn: FailOn; profile?: string };
  verdict: Verdict;
  /** True when the exit code is 1: `fail_on` applied to the verdict. */
  gateClosed: boolean;
  summary: {
    targets: number;
    errors: number;
    warnings: number;
    notices: number;
    suppressed: number;
  };
  targets: TargetReport[];
  /** Metadata of every rule that produced a finding (SARIF rules, help links). */
  rules: RuleDescriptor[];
  /** Notes about the run itself, e.g. a newer rules_version being available. */
  notes?: string[];
  /** Set by `check --shard I/N`: this report covers one deterministic slice of the targets. */
  shard?: { index: number; count: number };
  /**
   * Sharded runs only: ignore entries that matched nothing in this slice. `merge` reports an
   * entry as unused only when no slice used it.
   */
  unusedSuppressions?: { rule: string; target?: string; line: number }[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, notice: 1 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** `fail` if any unsuppressed error, else `warn` if any warning, else `pass`. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  let verdict: Verdict = 'pass';
  for (const finding of findings) {
    if (finding.suppressed) continue;
    if (finding.severity === 'error') return 'fail';
    if (finding.severity === 'warning') verdict = 'warn';
  }
  return verdict;
}

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('warn')) return 'warn';
  return 'pass';
}

/** Whether `fail_on` closes the gate for a verdict (contract §3). */
export function gateClosedFor(verdict: Verdict, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warning') return verdict !== 'pass';
  return verdict === 'fail';
}

export function familyOf(ruleId: string): CheckFamily {
  return ruleId.slice(0, ruleId.indexOf('.')) as CheckFamily;
}
