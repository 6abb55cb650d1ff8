import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const clientCertificateRequired = defineRule({
  id: 'connection.client-certificate-required',
  check: 'connection',
  description:
    'The server requires a client certificate (mutual TLS) and the handshake failed without one.',
  citation: 'RFC 8446 §4.3.2 and §4.4.2.4 (certificate_required); RFC 5246 §7.4.4.',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Set `client_cert` and `client_key` (and `passphrase_env` for an encrypted key) for this host in the policy.',
  evaluate: (facts) =>
    failureViolations(facts, ['client-certificate-required'], (where, message) =>
      facts.target.type === 'host' && facts.target.clientCert
        ? `${where} did not accept the client certificate from client_cert: ${message}`
        : `${where} requires a client certificate: ${message}; configure client_cert and client_key for this host`,
    ),
});
