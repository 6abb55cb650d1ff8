import { defineRule } from '../types.js';

export const pairUnverifiable = defineRule({
  id: 'key.pair-unverifiable',
  check: 'key',
  description:
    'The private key could not be read, so tls-gate cannot tell whether it matches the certificate (an encrypted key without password_env is a notice).',
  citation:
    'A key that cannot be read cannot be shown to match (RFC 5280 §4.1.2.7); encrypted keys are good practice, so they only lower confidence (notice) unless password_env names the passphrase.',
  defaultSeverity: 'warning',
  appliesTo: ['file'],
  help: 'For an encrypted key set password_env to the variable holding its passphrase; otherwise fix the key file (PEM PKCS#8, PKCS#1 or SEC1).',
  evaluate(facts) {
    const pair = facts.keyPair;
    if (pair?.status !== 'encrypted' && pair?.status !== 'unreadable') return [];
    const encrypted = pair.status === 'encrypted';
    return [
      {
        message: `cannot check that ${pair.source} matches the certificate: ${pair.detail ?? (encrypted ? 'the key is encrypted' : 'the key is unreadable')}`,
        ...(encrypted ? { severity: 'notice' as const } : {}),
        details: { keySource: pair.source, status: pair.status },
      },
    ];
  },
});
