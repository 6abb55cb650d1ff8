import type { Rule } from '../types.js';

/** Every `signature.*` rule, in report order. */
export const signatureRules: readonly Rule[] = [];
