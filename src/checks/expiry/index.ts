import type { Rule } from '../types.js';

/** Every `expiry.*` rule, in report order. */
export const expiryRules: readonly Rule[] = [];
