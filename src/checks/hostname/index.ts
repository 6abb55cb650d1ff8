import type { Rule } from '../types.js';
import { noSan } from './no-san.js';
import { mismatch } from './mismatch.js';
import { invalidSan } from './invalid-san.js';
import { tooManySans } from './too-many-sans.js';

/** Every `hostname.*` rule, in report order. */
export const hostnameRules: readonly Rule[] = [noSan, mismatch, invalidSan, tooManySans];
