import { defineRule } from '../types.js';
import { signedWith } from './weak.js';

export const weakHash = defineRule({
  id: 'signature.weak-hash',
  check: 'signature',
  description: 'A certificate below the trust anchor is signed with MD2 or MD4.',
  citation: 'RFC 6149 (MD2 to historic), RFC 6150 (MD4 to historic), CA/B Forum BR §7.1.3.2.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate (or intermediate) with a SHA-256 signature.',
  evaluate: (facts) => signedWith(facts, ['md2', 'md4'], 'the hash is broken'),
});
