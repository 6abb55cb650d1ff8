import type { Rule } from '../types.js';

/** Every `connection.*` rule, in report order. */
export const connectionRules: readonly Rule[] = [];
