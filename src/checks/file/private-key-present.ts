import { defineRule } from '../types.js';

export const privateKeyPresent = defineRule({
  id: 'file.private-key-present',
  check: 'file',
  description: 'A private key sits in the certificate file, next to the certificate.',
  citation:
    'CA/B Forum BR §6.1.1.3 and §4.9.1.1 (a disclosed private key is compromised); keys belong in a secret store.',
  defaultSeverity: 'warning',
  appliesTo: ['file'],
  help: 'Remove the key from the file and the repository history; rotate it if it was ever committed unencrypted.',
  evaluate: (facts) =>
    facts.privateKeys.map((key) => ({
      message: key.encrypted
        ? `the file contains a private key (${key.label}, encrypted; still keep it out of the repository)`
        : `the file contains an unencrypted private key (${key.label})`,
      details: { label: key.label, encrypted: key.encrypted },
    })),
});
