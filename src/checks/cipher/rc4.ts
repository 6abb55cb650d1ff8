import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherRc4 = defineRule({
  id: 'cipher.rc4',
  check: 'cipher',
  description: 'The server accepts RC4 suites; RC4 keystream biases allow plaintext recovery.',
  citation: 'RFC 7465 (Prohibiting RC4 Cipher Suites).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Remove RC4 suites from the server cipher list (OpenSSL: add `!RC4`).',
  evaluate: (facts) => categoryViolations(facts, 'rc4', 'RC4 suites'),
});
