// The contract between facts and rules. Rules are pure: facts + context in, violations out.
// No I/O, no clock (use ctx.now), never throw for a finding (the runner turns a throw into one).
import type { CheckFamily, Severity, TargetType } from '../model.js';
import type { Target, TargetSettings } from '../policy/types.js';
import type { HostFacts } from '../probe/types.js';
import type { RevocationFacts } from '../revocation/types.js';
import type { SuppressionAudit } from '../suppress.js';
import type { KeyPairFacts } from '../x509/formats/keypair.js';
import type { ManifestFacts } from '../x509/formats/manifest.js';
import type {
  ChainAnalysis,
  DecodeProblem,
  ParsedCertificate,
  PrivateKeyBlock,
} from '../x509/types.js';

export interface TargetFacts {
  target: Target;
  /** Certificates as presented (file order or served order), leaf first. */
  certificates: ParsedCertificate[];
  /** Extra untrusted intermediates from a certificate target's `chain` file. */
  extraCertificates: ParsedCertificate[];
  /** Set when the target's main file could not be read at all (missing, permissions). */
  unreadable?: DecodeProblem;
  /** Problems decoding the target's files (unparseable blocks, unusable chain or trust file). */
  problems: DecodeProblem[];
  privateKeys: PrivateKeyBlock[];
  /** Which trust anchors the path was built against (bundle name or trust file), for reports. */
  trustLabel?: string;
  /** Path-building result; undefined when there is no leaf to build from. */
  chain?: ChainAnalysis;
  /** Name the leaf must match: the host name for hosts, `hostname` for files. */
  expectedHostname?: string;
  /** Live hosts only. */
  host?: HostFacts;
  /** What checkRevocation found for the leaf; absent when it was not run (e.g. no issuer). */
  revocation?: RevocationFacts;
  /** The policy file's own target only: how its `ignore:` entries fared in this run. */
  suppressions?: SuppressionAudit;
  /** Whether the private key (`key:`, a Secret's tls.key, a PKCS#12 key) matches the leaf. */
  keyPair?: KeyPairFacts;
  /** Kubernetes manifest objects only: which object, and a cert-manager Certificate's spec. */
  manifest?: ManifestFacts;
}

export interface CheckContext {
  now: Date;
  settings: TargetSettings;
  /** The policy's `limits:` that rules apply (absent: each rule's default). */
  limits?: { maxSanCount?: number };
}

export interface Violation {
  message: string;
  /** Overrides the rule's default severity (e.g. expiry warn vs fail threshold). */
  severity?: Severity;
  certificate?: ParsedCertificate;
  details?: Record<string, unknown>;
}

export interface RuleMeta {
  /** `family.kebab-name` */
  id: string;
  check: CheckFamily;
  description: string;
  /** RFC section, CA/B Forum BR section, or the reason for the decision. */
  citation: string;
  defaultSeverity: Severity;
  /** Which targets the rule runs on. */
  appliesTo: readonly TargetType[];
  /** How to fix it, shown in SARIF help and Markdown. */
  help?: string;
}

export interface Rule extends RuleMeta {
  evaluate(facts: TargetFacts, ctx: CheckContext): Violation[];
}

/** Declares a rule; keeps rule files to their metadata and one function. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
