import { dnsNameProblem } from '../../x509/hostname.js';
import { defineRule } from '../types.js';
import { DEFAULT_MAX_SAN_COUNT } from './too-many-sans.js';

export const invalidSan = defineRule({
  id: 'hostname.invalid-san',
  check: 'hostname',
  description:
    'A DNS subjectAltName is malformed (bad characters, empty labels, a wildcard that is not the whole left-most label, a bare `*`).',
  citation:
    'RFC 5280 §4.2.1.6 (preferred name syntax, RFC 1034 §3.5), RFC 6125 §6.4.3, CA/B Forum BR §7.1.4.2.',
  defaultSeverity: 'warning',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate with valid DNS names (A-labels for internationalised names, `*.` only as the first label).',
  evaluate(facts, ctx) {
    const leaf = facts.certificates[0];
    if (!leaf) return [];
    // Beyond limits.max_san_count only hostname.too-many-sans speaks, once.
    const max = ctx.limits?.maxSanCount ?? DEFAULT_MAX_SAN_COUNT;
    return leaf.facts.dnsNames.slice(0, max).flatMap((name) => {
      const problem = dnsNameProblem(name);
      return problem
        ? [{ message: `DNS SAN "${name}" ${problem}`, certificate: leaf, details: { san: name } }]
        : [];
    });
  },
});
