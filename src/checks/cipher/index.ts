import type { Rule } from '../types.js';
import { cipherNull } from './null.js';
import { cipherAnonymous } from './anonymous.js';
import { cipherExport } from './export.js';
import { cipherRc4 } from './rc4.js';
import { cipherDes } from './des.js';
import { cipherTripleDes } from './3des.js';
import { cipherCbc } from './cbc.js';
import { cipherNoForwardSecrecy } from './no-forward-secrecy.js';

/** Every `cipher.*` rule, in report order. */
export const cipherRules: readonly Rule[] = [
  cipherNull,
  cipherAnonymous,
  cipherExport,
  cipherRc4,
  cipherDes,
  cipherTripleDes,
  cipherCbc,
  cipherNoForwardSecrecy,
];
