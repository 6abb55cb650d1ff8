import { defineRule } from '../types.js';
import { hstsSubject, quoted } from './facts.js';

export const hstsInvalid = defineRule({
  id: 'hsts.invalid',
  check: 'hsts',
  description:
    'The Strict-Transport-Security header does not parse, so browsers ignore it (the host has no HSTS).',
  citation:
    'RFC 6797 §6.1 (syntax: max-age required, no directive twice) and §8.1 (a UA ignores an invalid header and processes only the first).',
  defaultSeverity: 'warning',
  appliesTo: ['host'],
  help: 'Send exactly one header such as `Strict-Transport-Security: max-age=31536000; includeSubDomains`: directives separated by `;`, `max-age` in seconds, no directive twice, `includeSubDomains` without a value.',
  evaluate: (facts) => {
    const subject = hstsSubject(facts);
    if (!subject || subject.hsts.invalid === undefined) return [];
    const [first] = subject.hsts.headers;
    return [
      {
        message: `${subject.where} sent an invalid Strict-Transport-Security header ${quoted(first ?? '')}: ${subject.hsts.invalid}`,
        details: { header: first },
      },
    ];
  },
});
