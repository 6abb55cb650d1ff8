// The explicit rule registry: every rule tls-gate knows, family by family.
import type { Rule } from './types.js';
import { chainRules } from './chain/index.js';
import { hostnameRules } from './hostname/index.js';
import { expiryRules } from './expiry/index.js';
import { protocolRules } from './protocol/index.js';
import { cipherRules } from './cipher/index.js';
import { keyRules } from './key/index.js';
import { signatureRules } from './signature/index.js';
import { revocationRules } from './revocation/index.js';
import { connectionRules } from './connection/index.js';
import { policyRules } from './policy/index.js';
import { hstsRules } from './hsts/index.js';
import { fileRules } from './file/index.js';
import { ctRules } from './ct/index.js';

export const ALL_RULES: readonly Rule[] = [
  ...fileRules,
  ...connectionRules,
  ...chainRules,
  ...hostnameRules,
  ...expiryRules,
  ...protocolRules,
  ...cipherRules,
  ...keyRules,
  ...signatureRules,
  ...revocationRules,
  ...hstsRules,
  ...ctRules,
  ...policyRules,
];

const BY_ID = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
