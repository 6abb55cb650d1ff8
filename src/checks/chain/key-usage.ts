import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const keyUsage = defineRule({
  id: 'chain.key-usage',
  check: 'chain',
  description: 'keyUsage forbids the use the chain needs',
  citation:
    'RFC 5280 §4.2.1.3, §6.1.4(n): issuers need keyCertSign when keyUsage is present; the leaf needs digitalSignature (ECDSA/EdDSA/DSA keys, and every key for client auth) or digitalSignature/keyEncipherment (RSA servers), per RFC 5246 §7.4.2 and RFC 8446 §4.4.2.2.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue with the key usage the key type and TLS role need.',
  evaluate: (facts) => chainViolations(facts, 'key-usage'),
});
