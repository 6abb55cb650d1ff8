import type { Rule } from '../types.js';
import { unreadable } from './unreadable.js';
import { unparseable } from './unparseable.js';
import { noCertificate } from './no-certificate.js';
import { privateKeyPresent } from './private-key-present.js';

/** Every `file.*` rule, in report order. */
export const fileRules: readonly Rule[] = [
  unreadable,
  unparseable,
  noCertificate,
  privateKeyPresent,
];
