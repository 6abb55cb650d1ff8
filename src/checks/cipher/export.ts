import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherExport = defineRule({
  id: 'cipher.export',
  check: 'cipher',
  description: 'The server accepts EXPORT-grade suites, breakable in hours (FREAK, Logjam).',
  citation:
    'RFC 9325 §4.1 (MUST NOT negotiate cipher suites offering less than 112 bits of security); CVE-2015-0204 (FREAK), CVE-2015-4000 (Logjam).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Remove EXPORT suites from the server cipher list (OpenSSL: add `!EXPORT`) and upgrade the TLS library.',
  evaluate: (facts) => categoryViolations(facts, 'export', 'EXPORT-grade suites (40/56-bit keys)'),
});
