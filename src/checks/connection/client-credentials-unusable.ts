import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const clientCredentialsUnusable = defineRule({
  id: 'connection.client-credentials-unusable',
  check: 'connection',
  description:
    'The client certificate the policy configures (client_cert, client_key, passphrase_env) cannot be loaded, so the host was not probed.',
  citation: 'tls-gate policy: a configuration the gate cannot use must not pass silently.',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'client_cert and client_key are PEM files; an encrypted key needs `passphrase_env` naming an environment variable that is set (in GitHub Actions, map the secret into the step `env:`), and the key must belong to the certificate.',
  evaluate: (facts) =>
    failureViolations(
      facts,
      ['client-credentials'],
      (where, message) => `the client certificate for ${where} is unusable: ${message}`,
    ),
});
