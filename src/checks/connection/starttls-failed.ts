import { defineRule } from '../types.js';
import { failureViolations } from './failure.js';

export const starttlsFailed = defineRule({
  id: 'connection.starttls-failed',
  check: 'connection',
  description:
    'The plaintext STARTTLS dialogue (SMTP, IMAP, POP3, FTP, PostgreSQL) did not end in an upgrade to TLS.',
  citation:
    'RFC 3207 (SMTP), RFC 2595 (IMAP, POP3), RFC 4217 (FTP), PostgreSQL protocol §55.2.10 (SSLRequest).',
  defaultSeverity: 'error',
  appliesTo: ['host'],
  help: 'Check that `starttls:` names the protocol the port speaks and that the server offers TLS (SMTP: STARTTLS in the EHLO reply; PostgreSQL: ssl = on). A server that answers in TLS right away needs no `starttls:` at all.',
  evaluate: (facts) =>
    failureViolations(facts, ['starttls'], (where, message) => {
      const protocol = facts.target.type === 'host' ? facts.target.starttls : undefined;
      return `STARTTLS${protocol ? ` (${protocol})` : ''} with ${where} failed: ${message}`;
    }),
});
