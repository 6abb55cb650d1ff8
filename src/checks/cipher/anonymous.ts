import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherAnonymous = defineRule({
  id: 'cipher.anonymous',
  check: 'cipher',
  description:
    'The server accepts anonymous DH/ECDH suites: no certificate authenticates the server, so any attacker in the path can impersonate it.',
  citation:
    'RFC 5246 Appendix A.5 (anonymous suites are deprecated: open to man-in-the-middle attacks).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Remove anonymous suites from the server cipher list (OpenSSL: add `!aNULL`).',
  evaluate: (facts) =>
    categoryViolations(facts, 'anonymous', 'anonymous (unauthenticated) key exchange suites'),
});
