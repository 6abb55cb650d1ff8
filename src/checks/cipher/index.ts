import type { Rule } from '../types.js';

/** Every `cipher.*` rule, in report order. */
export const cipherRules: readonly Rule[] = [];
