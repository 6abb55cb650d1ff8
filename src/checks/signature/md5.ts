import { defineRule } from '../types.js';
import { signedWith } from './weak.js';

export const md5 = defineRule({
  id: 'signature.md5',
  check: 'signature',
  description: 'A certificate below the trust anchor is signed with MD5.',
  citation:
    'RFC 6151 (MD5 collisions are practical; forged CA certificate, Sotirov et al. 2008), CA/B Forum BR §7.1.3.2.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate (or intermediate) with a SHA-256 signature.',
  evaluate: (facts) => signedWith(facts, ['md5'], 'MD5 collisions are practical'),
});
