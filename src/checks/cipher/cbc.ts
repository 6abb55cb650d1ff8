import { defineRule } from '../types.js';
import { categoryViolations } from './category.js';

export const cipherCbc = defineRule({
  id: 'cipher.cbc',
  check: 'cipher',
  description:
    'The server accepts CBC-mode suites (MAC-then-encrypt: Lucky13 and padding-oracle attacks); AEAD suites are preferred.',
  citation: 'RFC 9325 §4.2 (recommended suites are all AEAD); Mozilla intermediate configuration.',
  defaultSeverity: 'warning',
  appliesTo: ['host'],
  help: 'Offer only AEAD suites (AES-GCM, ChaCha20-Poly1305) with ECDHE; keep CBC only if very old clients must connect.',
  evaluate: (facts) => categoryViolations(facts, 'cbc', 'CBC-mode suites'),
});
