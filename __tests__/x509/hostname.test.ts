import { describe, expect, it } from '@jest/globals';
import { issueCertificate } from '../helpers/pki.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { canonicalIp, dnsNameProblem, matchHostname } from '../../src/x509/hostname.js';

const facts = (sans: { dns?: string[]; ip?: string[] }, subject = 'CN=www.example.com') =>
  parseCertificate(issueCertificate({ subject, sans }).der, { kind: 'file', name: 't', index: 0 })
    .facts;

describe('matchHostname', () => {
  const cert = facts({
    dns: [
      'www.example.com',
      '*.api.example.com',
      'xn--bcher-kva.example',
      '*.com',
      'f*.example.org',
    ],
    ip: ['192.0.2.7', '2001:db8::1'],
  });

  it.each([
    ['www.example.com', true],
    ['WWW.Example.COM.', true],
    ['v1.api.example.com', true],
    ['api.example.com', false],
    ['a.b.api.example.com', false],
    ['example.com', false],
    ['anything.com', false],
    ['foo.example.org', false],
    ['bücher.example', true],
    ['192.0.2.7', true],
    ['2001:DB8:0::1', true],
    ['[2001:db8::1]', true],
    ['192.0.2.8', false],
    ['*.api.example.com', false],
  ])('%s → %s', (hostname, matched) => {
    expect(matchHostname(cert, hostname).matched).toBe(matched);
  });

  it('never falls back to the CN, and says why', () => {
    const cnOnly = facts({}, 'CN=www.example.com');
    expect(matchHostname(cnOnly, 'www.example.com')).toEqual({
      matched: false,
      reason: 'the certificate has no DNS or IP subjectAltName (clients ignore the CN)',
    });
  });

  it('matches IP host names only against IP SANs', () => {
    const dnsIp = facts({ dns: ['192.0.2.7'] });
    expect(matchHostname(dnsIp, '192.0.2.7')).toEqual({
      matched: false,
      reason: 'no IP address SAN is 192.0.2.7 (IP addresses match only IP SANs, never DNS names)',
    });
  });

  it('explains a DNS mismatch', () => {
    expect(matchHostname(cert, 'other.example.net').reason).toBe(
      'no DNS SAN matches other.example.net',
    );
  });
});

describe('canonicalIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::0:1', '::1'],
    ['[FE80:0:0:0:0:0:0:1]', 'fe80::1'],
    ['example.com', undefined],
  ])('%s → %s', (text, canonical) => expect(canonicalIp(text)).toBe(canonical));
});

describe('dnsNameProblem', () => {
  it.each([
    ['www.example.com', undefined],
    ['*.example.com', undefined],
    ['xn--bcher-kva.example', undefined],
    ['', 'is empty'],
    ['*', 'is a bare wildcard'],
    ['*.com', 'wildcard covers a top-level domain'],
    ['f*.example.com', 'has a partial wildcard (only a whole left-most `*` label is allowed)'],
    ['www.*.example.com', 'has a wildcard that is not the left-most label'],
    ['bad_name.example.com', 'has an invalid label "bad_name"'],
    ['-x.example.com', 'has an invalid label "-x"'],
    ['a..example.com', 'has an empty label'],
    ['www.example.com.', 'ends with a dot'],
    ['bücher.example', 'contains spaces or non-ASCII characters (use A-labels)'],
    ['10.0.0.1', 'is an IP address (use an iPAddress SAN)'],
    [`${'a'.repeat(64)}.example.com`, 'has a label longer than 63 characters'],
  ])('%j → %s', (name, problem) => expect(dnsNameProblem(name)).toBe(problem));
});
