import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherNoForwardSecrecy = defineRule({
  id: 'cipher.no-forward-secrecy',
  check: 'cipher',
  description:
    'The server accepts suites whose key exchange has no forward secrecy: a leaked server key decrypts all recorded traffic.',
  citation: 'RFC 9325 §4.1 (SHOULD NOT negotiate suites without forward secrecy).',
  defaultSeverity: 'warning',
  appliesTo: ['host'],
  help: 'Remove static RSA/DH suites (OpenSSL: add `!kRSA`), keep ECDHE and DHE suites.',
  evaluate: (facts) =>
    categoryViolations(
      facts,
      'no-forward-secrecy',
      'suites without forward secrecy (static RSA or static DH key exchange)',
    ),
});
