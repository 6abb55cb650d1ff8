import type { Rule } from '../types.js';

/** Every `key.*` rule, in report order. */
export const keyRules: readonly Rule[] = [];
