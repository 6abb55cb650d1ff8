import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

// Apart from cipher.des so a profile for old clients (mozilla-old) can lower 3DES alone.
export const cipherTripleDes = defineRule({
  id: 'cipher.3des',
  check: 'cipher',
  description:
    'The server accepts 3DES suites; their 64-bit blocks let an attacker recover plaintext from long connections (Sweet32).',
  citation:
    'CVE-2016-2183 (Sweet32); NIST SP 800-131A Rev. 2 (3DES encryption disallowed after 2023).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Remove 3DES suites from the server cipher list (OpenSSL: add `!3DES`).',
  evaluate: (facts) => categoryViolations(facts, '3des', '3DES suites'),
});
