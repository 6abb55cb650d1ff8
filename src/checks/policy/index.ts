import type { Rule } from '../types.js';
import { suppressionExpired } from './suppression-expired.js';
import { suppressionUnused } from './suppression-unused.js';

/** Every `policy.*` rule, in report order. */
export const policyRules: readonly Rule[] = [suppressionExpired, suppressionUnused];
