import type { Rule } from '../types.js';
import { md5 } from './md5.js';
import { sha1 } from './sha1.js';
import { weakHash } from './weak-hash.js';

/** Every `signature.*` rule, in report order. */
export const signatureRules: readonly Rule[] = [md5, sha1, weakHash];
