// Server identity per RFC 6125 §6.4 as browsers apply it: subjectAltName dNSName/iPAddress only
// (never the CN), a wildcard only as the whole left-most label covering exactly one label.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { CertificateFacts } from './types.js';

export interface HostnameMatch {
  matched: boolean;
  reason: string;
}

/** Canonical text of an IP literal (`[::1]` and `::0:1` both give `::1`), or undefined. */
export function canonicalIp(text: string): string | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const version = isIP(bare);
  if (version === 4) return bare;
  // WHATWG URL serialises IPv6 hosts in RFC 5952 form (lower case, longest zero run compressed).
  if (version === 6) return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return undefined;
}

function normalizeDns(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Whether a SAN dNSName (wildcards per RFC 6125 §6.4.3) covers the A-label host name. */
function dnsMatches(san: string, host: string): boolean {
  const pattern = normalizeDns(san);
  if (!pattern.startsWith('*.')) return !pattern.includes('*') && pattern === host;
  const suffix = pattern.slice(2);
  // `*.com` style wildcards would cover a whole public suffix: require two labels after the `*`.
  if (suffix.includes('*') || suffix.split('.').length < 2) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === suffix;
}

export function matchHostname(cert: CertificateFacts, hostname: string): HostnameMatch {
  if (cert.dnsNames.length === 0 && cert.ipAddresses.length === 0) {
    return {
      matched: false,
      reason: 'the certificate has no DNS or IP subjectAltName (clients ignore the CN)',
    };
  }
  const ip = canonicalIp(hostname.trim());
  if (ip !== undefined) {
    const matched = cert.ipAddresses.includes(ip);
    return {
      matched,
      reason: matched
        ? `IP address SAN ${ip} matches`
        : `no IP address SAN is ${ip} (IP addresses match only IP SANs, never DNS names)`,
    };
  }
  const host = domainToASCII(normalizeDns(hostname.trim()));
  if (host === '' || host.includes('*'))
    return { matched: false, reason: `"${hostname}" is not a valid host name` };
  const san = cert.dnsNames.find((name) => dnsMatches(name, host));
  if (san !== undefined) return { matched: true, reason: `DNS SAN ${san} matches ${host}` };
  return { matched: false, reason: `no DNS SAN matches ${host}` };
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why a dNSName SAN is malformed (RFC 5280 §4.2.1.6 preferred name syntax, BR §7.1.4.2), or undefined. */
export function dnsNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === '*') return 'is a bare wildcard';
  if (/[^\x21-\x7e]/.test(name)) return 'contains spaces or non-ASCII characters (use A-labels)';
  if (name.endsWith('.')) return 'ends with a dot';
  if (name.length > 253) return 'is longer than 253 characters';
  if (isIP(name)) return 'is an IP address (use an iPAddress SAN)';
  const labels = name.toLowerCase().split('.');
  const [first, ...rest] = labels;
  if (first === '*') {
    if (rest.length < 2) return 'wildcard covers a top-level domain';
  } else if (first?.includes('*')) {
    return 'has a partial wildcard (only a whole left-most `*` label is allowed)';
  }
  if (rest.some((label) => label.includes('*')))
    return 'has a wildcard that is not the left-most label';
  for (const label of first === '*' ? rest : labels) {
    if (label === '') return 'has an empty label';
    if (label.length > 63) return 'has a label longer than 63 characters';
    if (!LABEL.test(label)) return `has an invalid label "${label}"`;
  }
  return undefined;
}
