import type { Rule } from '../types.js';

/** Every `file.*` rule, in report order. */
export const fileRules: readonly Rule[] = [];
