// Mozilla Server Side TLS profiles as policy settings. A profile is a base layer under the
// policy's own `defaults` (DEFAULT ← profile ← defaults ← target), pinned to a guideline version so
// an upgrade of tls-gate never changes what a pinned profile means.
import type { Policy, TargetSettings } from './types.js';

type ProfileName = NonNullable<Policy['profile']>['name'];
type ProfileLayer = Pick<TargetSettings, 'minProtocol' | 'maxValidityDays' | 'rules' | 'minDhBits'>;

/**
 * Mozilla Server Side TLS guidelines 5.6 and 5.7 (ssl-config.mozilla.org/guidelines/5.7.json):
 * - modern: TLS 1.3 only.
 * - intermediate: TLS 1.2 and 1.3, ECDHE/DHE with AEAD suites only, DH ≥ 2048 bits.
 * - old: TLS 1.0–1.3, CBC suites, static RSA and 3DES (DES-CBC3-SHA) allowed for old clients,
 *   DH groups from 1024 bits.
 * All three recommend 90 days and allow at most 366 days of certificate lifetime. 5.6 and 5.7
 * differ only in cipher ordering and ChaCha20 DHE suites, which no tls-gate rule distinguishes.
 */
const MOZILLA: Record<ProfileName, ProfileLayer> = {
  'mozilla-modern': {
    minProtocol: 'TLSv1.3',
    maxValidityDays: 366,
    rules: { 'cipher.cbc': 'error', 'cipher.no-forward-secrecy': 'error' },
  },
  'mozilla-intermediate': {
    minProtocol: 'TLSv1.2',
    maxValidityDays: 366,
    rules: { 'cipher.cbc': 'error', 'cipher.no-forward-secrecy': 'error' },
  },
  'mozilla-old': {
    minProtocol: 'TLSv1',
    maxValidityDays: 366,
    minDhBits: 1024,
    // Mozilla's old profile keeps DES-CBC3-SHA for old clients: 3DES drops to a warning, while
    // single DES and export suites (in no Mozilla profile) stay errors.
    rules: { 'cipher.cbc': 'off', 'cipher.no-forward-secrecy': 'off', 'cipher.3des': 'warning' },
  },
};

/** The settings a profile implies, layered on `base`. */
export function applyProfile(
  base: TargetSettings,
  profile: NonNullable<Policy['profile']>,
): TargetSettings {
  const layer = MOZILLA[profile.name];
  return {
    ...base,
    minProtocol: layer.minProtocol,
    maxValidityDays: layer.maxValidityDays,
    rules: { ...base.rules, ...layer.rules },
    ...(layer.minDhBits !== undefined ? { minDhBits: layer.minDhBits } : {}),
  };
}
