import type { Rule } from '../types.js';

/** Every `hostname.*` rule, in report order. */
export const hostnameRules: readonly Rule[] = [];
