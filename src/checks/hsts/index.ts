import type { Rule } from '../types.js';
import { hstsMissing } from './missing.js';
import { hstsInvalid } from './invalid.js';
import { hstsMaxAgeTooShort } from './max-age-too-short.js';

/** Every `hsts.*` rule, in report order. */
export const hstsRules: readonly Rule[] = [hstsMissing, hstsInvalid, hstsMaxAgeTooShort];
