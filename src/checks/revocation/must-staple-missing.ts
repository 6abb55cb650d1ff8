import { defineRule } from '../types.js';
import { activeRevocation } from './shared.js';

export const mustStapleMissing = defineRule({
  id: 'revocation.must-staple-missing',
  check: 'revocation',
  description:
    'The certificate demands OCSP stapling (TLS feature status_request) but the server stapled no response',
  citation:
    'RFC 7633 §4.2.3: a client that sees the status_request feature and no stapled OCSP response must reject the connection (Firefox does).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Enable OCSP stapling on the server (e.g. nginx `ssl_stapling on`, Apache `SSLUseStapling on`), or issue the certificate without must-staple.',
  evaluate(facts) {
    const revocation = activeRevocation(facts);
    if (!revocation?.mustStaple || revocation.stapled) return [];
    const leaf = facts.certificates[0];
    return [
      {
        message:
          'the certificate has the must-staple extension but the server sent no OCSP response; clients that honour it refuse the connection',
        ...(leaf ? { certificate: leaf } : {}),
      },
    ];
  },
});
