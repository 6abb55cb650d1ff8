import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const clientCertificateRequired = defineRule({
  id: 'connection.client-certificate-required',
  check: 'connection',
  description:
    'The server requires a client certificate (mutual TLS) and the policy configures none for this host.',
  citation: 'RFC 8446 §4.3.2 and §4.4.2.4 (certificate_required); RFC 5246 §7.4.4.',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Set `client_cert` and `client_key` (and `passphrase_env` for an encrypted key) for this host in the policy. A certificate that is configured but refused is reported as connection.client-certificate-rejected instead.',
  evaluate: (facts) =>
    failureViolations(
      facts,
      ['client-certificate-required'],
      (where, message) =>
        `${where} requires a client certificate and the policy configures none (${message}); set client_cert and client_key for this host`,
    ),
});
