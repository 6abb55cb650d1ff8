import type { Rule } from '../types.js';
import { mismatch } from './mismatch.js';
import { pairUnverifiable } from './pair-unverifiable.js';
import { rsaTooSmall } from './rsa-too-small.js';
import { rsaWeakExponent } from './rsa-weak-exponent.js';
import { dsa } from './dsa.js';
import { ecCurve } from './ec-curve.js';
import { weakDhGroup } from './weak-dh-group.js';
import { weakEcdhCurve } from './weak-ecdh-curve.js';

/** Every `key.*` rule, in report order. */
export const keyRules: readonly Rule[] = [
  rsaTooSmall,
  rsaWeakExponent,
  dsa,
  ecCurve,
  weakDhGroup,
  weakEcdhCurve,
  mismatch,
  pairUnverifiable,
];
