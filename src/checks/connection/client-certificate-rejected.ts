import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const clientCertificateRejected = defineRule({
  id: 'connection.client-certificate-rejected',
  check: 'connection',
  description:
    'The server refused the client certificate from client_cert (unknown CA, expired, revoked, or not allowed).',
  citation: 'RFC 8446 §4.4.2.4 and §6.2; RFC 5246 §7.4.6 (client Certificate) and §7.2.2.',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'unknown_ca: the server does not trust the CA that issued the client certificate; certificate_expired / certificate_revoked: renew it; bad_certificate or certificate_unknown: check the key usage (clientAuth) and that the chain file includes the intermediates.',
  evaluate: (facts) =>
    failureViolations(
      facts,
      ['client-certificate-rejected'],
      (where, message) => `${where} rejected the client certificate from client_cert: ${message}`,
    ),
});
