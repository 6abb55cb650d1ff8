import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherNull = defineRule({
  id: 'cipher.null',
  check: 'cipher',
  description:
    'The server accepts cipher suites with NULL encryption: traffic is sent in clear text.',
  citation: 'RFC 9325 §4.1 (MUST NOT negotiate NULL cipher suites).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Remove NULL/eNULL suites from the server cipher list (OpenSSL: add `!eNULL`).',
  evaluate: (facts) =>
    categoryViolations(facts, 'null', 'NULL-encryption suites (no confidentiality)'),
});
