import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherDes = defineRule({
  id: 'cipher.des',
  check: 'cipher',
  description: 'The server accepts single DES suites; 56-bit keys fall to exhaustive search.',
  citation: 'RFC 9325 §4.1 (no suites below 112 bits of security; single DES has 56-bit keys).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Remove single DES suites from the server cipher list (OpenSSL: add `!DES`).',
  evaluate: (facts) => categoryViolations(facts, 'des', 'single DES suites'),
});
