import { defineRule } from '../types.js';

/** Default for `limits.max_san_count`: SANs per certificate judged and listed in reports. */
export const DEFAULT_MAX_SAN_COUNT = 1000;

export const tooManySans = defineRule({
  id: 'hostname.too-many-sans',
  check: 'hostname',
  description:
    'A certificate carries more subjectAltNames than `limits.max_san_count`; only that many are checked for syntax and listed in reports.',
  citation:
    'tls-gate policy: `limits.max_san_count` (default 1,000) bounds the work and report size a certificate can cause; hostname matching still uses every SAN.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Split the names over several certificates, or raise `limits.max_san_count` if such a certificate is intended.',
  evaluate(facts, ctx) {
    const max = ctx.limits?.maxSanCount ?? DEFAULT_MAX_SAN_COUNT;
    return facts.certificates.flatMap((cert, index) => {
      const { dnsNames, ipAddresses, emailAddresses, uris } = cert.facts;
      const count = dnsNames.length + ipAddresses.length + emailAddresses.length + uris.length;
      if (count <= max) return [];
      return [
        {
          message: `certificate #${index} (${cert.facts.subject}) has ${count} subjectAltNames, more than limits.max_san_count (${max}): hostname matching used all of them, but only the first ${max} are checked and listed`,
          certificate: cert,
          details: { sans: count, limit: max },
        },
      ];
    });
  },
});
