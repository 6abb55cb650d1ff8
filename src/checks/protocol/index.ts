import type { Rule } from '../types.js';

/** Every `protocol.*` rule, in report order. */
export const protocolRules: readonly Rule[] = [];
