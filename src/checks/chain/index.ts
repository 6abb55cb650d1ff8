import type { Rule } from '../types.js';

/** Every `chain.*` rule, in report order. */
export const chainRules: readonly Rule[] = [];
