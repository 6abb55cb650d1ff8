import type { Rule } from '../types.js';

/** Every `policy.*` rule, in report order. */
export const policyRules: readonly Rule[] = [];
