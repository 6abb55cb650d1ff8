// The policy vocabulary (contract §2): every key and every word a value may take. The loader and
// the schema test both read these lists, so the two cannot drift apart unnoticed.
import type { FailOn, RuleSeverity } from '../model.js';
import type { CertificateUsage, RevocationMode, StartTlsProtocol } from './types.js';

/** Keys `defaults` sets and every target may override. */
export const SETTINGS_KEYS = [
  'expiry',
  'fail_on',
  'max_validity_days',
  'min_protocol',
  'timeout_ms',
  'revocation',
  'rules',
] as const;

export const TOP_LEVEL_KEYS = [
  'version',
  'defaults',
  'profile',
  'rules_version',
  'rules',
  'limits',
  'ignore',
  'hosts',
  'certificates',
] as const;

export const EXPIRY_KEYS = ['warn_days', 'fail_days', 'warn_percent_left'] as const;
export const IGNORE_KEYS = ['rule', 'target', 'reason', 'until'] as const;
export const HSTS_KEYS = ['min_age_days'] as const;
/** Keys of the top-level `limits:`; src/limits.ts holds each one's default and range. */
export const LIMITS_KEYS = [
  'run_timeout_ms',
  'max_file_bytes',
  'max_chain_certificates',
  'max_san_count',
  'max_ocsp_bytes',
  'max_crl_bytes',
] as const;
export type LimitKey = (typeof LIMITS_KEYS)[number];

export const HOST_KEYS = [
  'host',
  'port',
  'address',
  'trust',
  'starttls',
  'client_cert',
  'client_key',
  'passphrase_env',
  'hsts',
  ...SETTINGS_KEYS,
] as const;

export const CERTIFICATE_KEYS = [
  'path',
  'chain',
  'trust',
  'hostname',
  'key',
  'usage',
  'password_env',
  ...SETTINGS_KEYS,
] as const;

export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];
export const RULE_SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'notice', 'off'];
export const REVOCATION_MODES: readonly RevocationMode[] = ['soft-fail', 'hard-fail', 'off'];
export const CERTIFICATE_USAGES: readonly CertificateUsage[] = ['server', 'client'];

/** STARTTLS protocols and the port each one listens on by default (used when `port` is absent). */
export const STARTTLS_PORTS: Readonly<Record<StartTlsProtocol, number>> = {
  smtp: 25,
  imap: 143,
  pop3: 110,
  ftp: 21,
  postgres: 5432,
};
export const STARTTLS_PROTOCOLS = Object.keys(STARTTLS_PORTS) as StartTlsProtocol[];
export const DEFAULT_PORT = 443;

export type ProfileName = 'mozilla-modern' | 'mozilla-intermediate' | 'mozilla-old';
export const PROFILE_NAMES: readonly ProfileName[] = [
  'mozilla-modern',
  'mozilla-intermediate',
  'mozilla-old',
];
/** Versions of Mozilla's Server Side TLS guidelines this release knows, newest first. */
export const PROFILE_VERSIONS: readonly string[] = ['5.7', '5.6'];

/** HSTS max-age a host must announce when `hsts: {}` gives no `min_age_days` (about 6 months). */
export const DEFAULT_HSTS_MIN_AGE_DAYS = 180;
/** Upper bound for `timeout_ms`: ten minutes per host; anything longer is a mistake. */
export const MAX_TIMEOUT_MS = 600_000;
