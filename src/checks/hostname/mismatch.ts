import { OID } from '../../x509/certificate.js';
import { matchHostname } from '../../x509/hostname.js';
import { defineRule } from '../types.js';
import { DEFAULT_MAX_SAN_COUNT } from './too-many-sans.js';

const SHOWN_SANS = 10;

export const mismatch = defineRule({
  id: 'hostname.mismatch',
  check: 'hostname',
  description: 'The host name is not covered by any DNS or IP subjectAltName of the certificate.',
  citation:
    'RFC 6125 §6.4 (DNS-ID matching; wildcard only as the whole left-most label, §6.4.3), RFC 9525; IP addresses only against iPAddress SANs (RFC 5280 §4.2.1.6).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate with the host name in its subjectAltName, or fix `host`/`hostname` in the policy.',
  evaluate(facts, ctx) {
    const leaf = facts.certificates[0];
    const hostname = facts.expectedHostname;
    if (!leaf || hostname === undefined) return [];
    // Without a SAN extension hostname.no-san reports the cause; one finding is enough.
    if (!leaf.facts.extensions.some((e) => e.oid === OID.subjectAltName)) return [];
    const match = matchHostname(leaf.facts, hostname);
    if (match.matched) return [];
    const sans = [
      ...leaf.facts.dnsNames.map((name) => `DNS:${name}`),
      ...leaf.facts.ipAddresses.map((ip) => `IP:${ip}`),
    ];
    const shown = sans.slice(0, SHOWN_SANS).join(', ');
    const more = sans.length > SHOWN_SANS ? ` (+${sans.length - SHOWN_SANS} more)` : '';
    // Matching used every SAN; the report lists at most limits.max_san_count of them.
    const max = ctx.limits?.maxSanCount ?? DEFAULT_MAX_SAN_COUNT;
    return [
      {
        message: `the certificate does not match "${hostname}": ${match.reason}; SANs: ${shown || 'none'}${more}`,
        certificate: leaf,
        details: {
          hostname,
          sans: sans.slice(0, max),
          ...(sans.length > max ? { sanCount: sans.length } : {}),
        },
      },
    ];
  },
});
