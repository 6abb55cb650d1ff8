import type { Rule } from '../types.js';
import { expired } from './expired.js';
import { notYetValid } from './not-yet-valid.js';
import { expiring } from './expiring.js';
import { validityTooLong } from './validity-too-long.js';

/** Every `expiry.*` rule, in report order. */
export const expiryRules: readonly Rule[] = [expired, notYetValid, expiring, validityTooLong];
