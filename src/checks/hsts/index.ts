import type { Rule } from '../types.js';

/** Every `hsts.*` rule, in report order. */
export const hstsRules: readonly Rule[] = [];
