import type { Rule } from '../types.js';
import { expired } from './expired.js';
import { notYetValid } from './not-yet-valid.js';
import { expiring } from './expiring.js';
import { validityTooLong } from './validity-too-long.js';
import { certManagerInvalidDuration } from './cert-manager-invalid-duration.js';
import { certManagerDurationTooLong } from './cert-manager-duration-too-long.js';
import { certManagerRenewBeforeDuration } from './cert-manager-renew-before-duration.js';
import { certManagerLateRenewal } from './cert-manager-late-renewal.js';

/** Every `expiry.*` rule, in report order. */
export const expiryRules: readonly Rule[] = [
  expired,
  notYetValid,
  expiring,
  validityTooLong,
  certManagerInvalidDuration,
  certManagerDurationTooLong,
  certManagerRenewBeforeDuration,
  certManagerLateRenewal,
];
