import type { Rule } from '../types.js';
import { tooFewScts } from './too-few-scts.js';

/** Every `ct.*` rule, in report order. */
export const ctRules: readonly Rule[] = [tooFewScts];
