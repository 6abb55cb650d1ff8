// The policy as the engine sees it after loading and validation (contract §2). Every path is
// already resolved to an absolute path; every target carries the source position of its entry.
import type { FailOn, RuleSeverity, SourceLocation } from '../model.js';

export type ProtocolName = 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const PROTOCOL_NAMES: readonly ProtocolName[] = [
  'SSLv3',
  'TLSv1',
  'TLSv1.1',
  'TLSv1.2',
  'TLSv1.3',
];

export type RevocationMode = 'soft-fail' | 'hard-fail' | 'off';
export type StartTlsProtocol = 'smtp' | 'imap' | 'pop3' | 'ftp' | 'postgres';
export type CertificateUsage = 'server' | 'client';

export interface ExpirySettings {
  warnDays: number;
  failDays: number;
  /** Warn when less than this percent of the certificate's lifetime is left. */
  warnPercentLeft?: number;
}

/** Settings that `defaults` sets and every target may override. */
export interface TargetSettings {
  expiry: ExpirySettings;
  failOn: FailOn;
  /** Undefined: the CA/B Forum schedule applies to certificates under public roots. */
  maxValidityDays?: number;
  minProtocol: ProtocolName;
  timeoutMs: number;
  revocation: RevocationMode;
  /** Rule id or family → severity override. */
  rules: Record<string, RuleSeverity>;
  /** Smallest acceptable DHE group; set by a profile (mozilla-old allows 1024), default 2048. */
  minDhBits?: number;
}

export interface HstsSettings {
  minAgeDays: number;
}

interface TargetBase {
  source: SourceLocation;
  settings: TargetSettings;
}

export interface HostTarget extends TargetBase {
  type: 'host';
  /** `host:port` */
  name: string;
  host: string;
  port: number;
  address?: string;
  /** Absolute path of a trust-anchor file; undefined → the bundled Mozilla roots. */
  trust?: string;
  starttls?: StartTlsProtocol;
  clientCert?: string;
  clientKey?: string;
  passphraseEnv?: string;
  hsts?: HstsSettings;
}

export interface CertificateTarget extends TargetBase {
  type: 'file';
  /** The path as written in the policy (or as a glob matched it), relative to the policy. */
  name: string;
  /** Absolute path of the file. */
  path: string;
  chain?: string;
  trust?: string;
  hostname?: string;
  key?: string;
  usage: CertificateUsage;
  passwordEnv?: string;
  /**
   * One object of a Kubernetes manifest (a TLS Secret or a cert-manager Certificate): the file's
   * entry expands to one target per object, named `path#namespace/name`.
   */
  manifestObject?: {
    /** 0-based YAML document index; `item` indexes `items` of a `kind: List`. */
    document: number;
    item?: number;
    kind: 'Secret' | 'Certificate';
    namespace: string;
    name: string;
  };
}

export type Target = HostTarget | CertificateTarget;

export interface IgnoreEntry {
  rule: string;
  target?: string;
  reason: string;
  /** Last day (inclusive, UTC) the suppression applies; ISO date `YYYY-MM-DD`. */
  until?: string;
  source: SourceLocation;
}

/**
 * Resource bounds for the whole run (top-level `limits:`); src/limits.ts lists the defaults the
 * loader fills in for keys the policy leaves out.
 */
export interface Limits {
  /** Whole run: targets not finished by then are reported, not waited for. */
  runTimeoutMs: number;
  /** Certificate, chain, trust, key and client-certificate files; larger ones are not read. */
  maxFileBytes: number;
  /** Certificates read from one list (served chain, certificate file, chain file). */
  maxChainCertificates: number;
  /** SANs per certificate judged and listed; hostname matching still uses all of them. */
  maxSanCount: number;
  maxOcspBytes: number;
  maxCrlBytes: number;
}

export interface Policy {
  /** Absolute path of the policy file. */
  path: string;
  /** The path as the user gave it (used in reports and annotations). */
  displayPath: string;
  version: 1;
  defaults: TargetSettings;
  profile?: { name: 'mozilla-modern' | 'mozilla-intermediate' | 'mozilla-old'; version: string };
  rulesVersion?: number;
  /** Always set by the loader; absent only in policies built by hand (then the defaults apply). */
  limits?: Limits;
  ignore: IgnoreEntry[];
  targets: Target[];
}

export const DEFAULT_SETTINGS: TargetSettings = {
  expiry: { warnDays: 30, failDays: 7 },
  failOn: 'error',
  minProtocol: 'TLSv1.2',
  timeoutMs: 5000,
  revocation: 'soft-fail',
  rules: {},
};
