import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherDes = defineRule({
  id: 'cipher.des',
  check: 'cipher',
  description:
    'The server accepts single DES or triple DES suites (56-bit keys or 64-bit blocks: Sweet32).',
  citation:
    'RFC 9325 §4.1 (no suites below 112 bits); NIST SP 800-131A Rev. 2 (3DES disallowed after 2023); CVE-2016-2183 (Sweet32).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Remove DES and 3DES suites from the server cipher list (OpenSSL: add `!DES:!3DES`).',
  evaluate: (facts) => categoryViolations(facts, 'des', 'DES or 3DES suites'),
});
