import { defineRule } from '../types.js';
import { signedWith } from './weak.js';

export const sha1 = defineRule({
  id: 'signature.sha1',
  check: 'signature',
  description: 'A certificate below the trust anchor is signed with SHA-1.',
  citation:
    'CA/B Forum BR §7.1.3.2 (no SHA-1 since 2016), RFC 9155 (SHA-1 signatures deprecated in TLS 1.2), SHAttered (2017) and chosen-prefix collisions (2020).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate (or intermediate) with a SHA-256 signature.',
  evaluate: (facts) =>
    signedWith(facts, ['sha1'], 'SHA-1 collisions are practical; clients reject it'),
});
