import { defineRule } from '../types.js';
import { hstsSubject } from './facts.js';

export const hstsMissing = defineRule({
  id: 'hsts.missing',
  check: 'hsts',
  description:
    'The host, checked for HSTS because its policy entry has `hsts:`, sent no Strict-Transport-Security header in its answer to GET /.',
  citation: 'RFC 6797 §7.1 (an HSTS host sends the header in responses over secure transport).',
  defaultSeverity: 'warning',
  appliesTo: ['host'],
  help: "Opt-in: only hosts with `hsts:` (e.g. `hsts: { min_age_days: 180 }`) are checked, with one `GET /` (Host: the policy host) on the probe's TLS connection; redirects are not followed, so the answer to `/` itself must carry the header — including a redirect or an error page. Send e.g. `Strict-Transport-Security: max-age=31536000; includeSubDomains`.",
  evaluate: (facts) => {
    const subject = hstsSubject(facts);
    if (!subject || subject.hsts.headers.length > 0) return [];
    const { where, hsts } = subject;
    const details = { ...(hsts.status !== undefined ? { status: hsts.status } : {}) };
    if (hsts.error !== undefined) {
      return [{ message: `cannot check HSTS on ${where}: ${hsts.error}`, details }];
    }
    return [
      {
        message: `${where} sent no Strict-Transport-Security header (GET / answered ${hsts.status})`,
        details,
      },
    ];
  },
});
