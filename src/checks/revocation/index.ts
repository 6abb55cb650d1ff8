import type { Rule } from '../types.js';

/** Every `revocation.*` rule, in report order. */
export const revocationRules: readonly Rule[] = [];
