import type { Rule } from '../types.js';
import { revoked } from './revoked.js';
import { mustStapleMissing } from './must-staple-missing.js';
import { invalidResponse } from './invalid-response.js';
import { staleResponse } from './stale-response.js';
import { unavailable } from './unavailable.js';
import { noRevocationInfo } from './no-revocation-info.js';

/** Every `revocation.*` rule, in report order. */
export const revocationRules: readonly Rule[] = [
  revoked,
  mustStapleMissing,
  invalidResponse,
  staleResponse,
  unavailable,
  noRevocationInfo,
];
