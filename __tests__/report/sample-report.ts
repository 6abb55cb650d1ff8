// A hand-built Report every renderer is tested on: a passing file target, a failing host target
// with several findings (one suppressed) whose certificate subject is hostile, and an unreachable
// host without any certificate. The golden files in __tests__/golden are this report rendered.
import type { CertificateSummary, Report } from '../../src/model.js';

/** Tries HTML, a mention, a reference, both workflow-command forms, ANSI, table and link syntax. */
export const HOSTILE_SUBJECT =
  'CN=<img src=x>@admin #1 ::error::x ##[warning]\u001b[31m|[a](http://e)';

/** A line break followed by a workflow command, a C1 CSI, a bidi override and a backtick run. */
export const HOSTILE_MESSAGE_TAIL =
  '\n::error file=x::injected\r##[group]g \u009b2J \u202eevil ``x``';

const SITE_SHA256 = '1f'.repeat(32);
const HOSTILE_SHA256 = 'a0'.repeat(32);
const EVIL_CA_SHA256 = '5c'.repeat(32);

const siteLeaf: CertificateSummary = {
  subject: 'CN=www.example.com,O=Example Ltd',
  issuer: 'CN=Example Issuing CA,O=Example Ltd',
  serialNumber: '0a1b2c3d',
  notBefore: '2026-03-01T00:00:00.000Z',
  notAfter: '2026-08-30T00:00:00.000Z',
  daysLeft: 90,
  dnsNames: ['www.example.com', 'example.com'],
  ipAddresses: [],
  publicKey: 'EC P-256',
  signatureAlgorithm: 'ecdsa-with-SHA256',
  sha256: SITE_SHA256,
};

const hostileLeaf: CertificateSummary = {
  subject: HOSTILE_SUBJECT,
  issuer: 'CN=Evil CA',
  serialNumber: '01',
  notBefore: '2026-05-01T00:00:00.000Z',
  notAfter: '2026-06-04T12:00:00.000Z',
  daysLeft: 3,
  dnsNames: ['*.example.net', '@admin'],
  ipAddresses: ['192.0.2.10'],
  publicKey: 'RSA 2048',
  signatureAlgorithm: 'sha256WithRSAEncryption',
  sha256: HOSTILE_SHA256,
};

export function sampleReport(): Report {
  return {
    tool: { name: 'tls-gate', version: '1.2.3', rulesVersion: 1 },
    evaluatedAt: '2026-06-01T00:00:00.000Z',
    policy: { path: '.github/tls-gate.yml', failOn: 'error' },
    verdict: 'fail',
    gateClosed: true,
    summary: { targets: 3, errors: 3, warnings: 1, notices: 1, suppressed: 1 },
    targets: [
      {
        type: 'file',
        name: 'certs/site.pem',
        status: 'pass',
        source: { file: '.github/tls-gate.yml', line: 12, column: 5 },
        checks: ['file', 'chain', 'hostname', 'expiry', 'key', 'signature'],
        failOn: 'error',
        facts: {
          leaf: siteLeaf,
          presented: [siteLeaf],
          path: [siteLeaf.subject, siteLeaf.issuer, 'CN=Example Root CA,O=Example Ltd'],
          trustStore: 'certs/root.pem',
        },
        findings: [],
        durationMs: 3,
      },
      {
        type: 'host',
        name: 'api.example.com:443',
        status: 'fail',
        source: { file: '.github/tls-gate.yml', line: 4, column: 5 },
        checks: [
          'connection',
          'protocol',
          'cipher',
          'chain',
          'hostname',
          'expiry',
          'key',
          'signature',
          'revocation',
        ],
        failOn: 'error',
        facts: {
          leaf: hostileLeaf,
          presented: [hostileLeaf],
          trustStore: 'mozilla',
          address: '192.0.2.10',
          protocol: 'TLSv1.2',
          cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
          protocols: { 'TLSv1.3': false, 'TLSv1.2': true, TLSv1: true },
          timings: { handshakeMs: 4.25, connectMs: 1.5 },
        },
        findings: [
          {
            check: 'expiry',
            rule: 'expiry.expiring-soon',
            severity: 'warning',
            message: `${HOSTILE_SUBJECT} expires in 3 days (2026-06-04), below warn_days 30`,
            certificate: { index: 0, subject: HOSTILE_SUBJECT, sha256: HOSTILE_SHA256 },
            details: { warnDays: 30, daysLeft: 3 },
          },
          {
            check: 'protocol',
            rule: 'protocol.tls10',
            severity: 'notice',
            message: 'the server accepts TLS 1.0',
            suppressed: true,
            reason: 'vendor appliance @ops-team, replacement tracked in #42 [OPS-123](http://e)',
            originalSeverity: 'error',
          },
          {
            check: 'hostname',
            rule: 'hostname.mismatch',
            severity: 'error',
            message: `api.example.com is not among the names *.example.net, @admin${HOSTILE_MESSAGE_TAIL}`,
            certificate: { index: 0, subject: HOSTILE_SUBJECT, sha256: HOSTILE_SHA256 },
          },
          {
            check: 'revocation',
            rule: 'revocation.no-ocsp-url',
            severity: 'notice',
            message: 'the leaf names no OCSP responder; revocation was not checked',
          },
          {
            check: 'chain',
            rule: 'chain.untrusted-root',
            severity: 'error',
            message: 'the chain ends at CN=Evil CA, which is not a trust anchor',
            certificate: { index: 1, subject: 'CN=Evil CA', sha256: EVIL_CA_SHA256 },
          },
        ],
        durationMs: 42,
      },
      {
        type: 'host',
        name: 'legacy.example.org:8443',
        status: 'fail',
        source: { file: '.github/tls-gate.yml', line: 8, column: 5 },
        checks: ['connection'],
        failOn: 'warning',
        facts: { address: '198.51.100.7' },
        findings: [
          {
            check: 'connection',
            rule: 'connection.refused',
            severity: 'error',
            message: 'connection refused by 198.51.100.7:8443',
          },
        ],
        durationMs: 1,
      },
    ],
    rules: [
      {
        id: 'chain.untrusted-root',
        check: 'chain',
        description: 'The chain does not end at a trusted root.',
        citation: 'RFC 5280 §6.1',
        defaultSeverity: 'error',
        help: 'Serve the intermediates and make sure the root is in the trust store [see docs].\nWith `trust:` the policy names its own roots.',
      },
      {
        id: 'connection.refused',
        check: 'connection',
        description: 'The host refused the TCP connection.',
        citation: 'tls-gate: an unreachable host cannot be checked',
        defaultSeverity: 'error',
      },
      {
        id: 'expiry.expiring-soon',
        check: 'expiry',
        description: 'A certificate expires within warn_days.',
        citation: 'tls-gate policy: defaults.expiry.warn_days',
        defaultSeverity: 'warning',
        help: 'Renew the certificate.',
      },
      {
        id: 'hostname.mismatch',
        check: 'hostname',
        description: 'The leaf certificate does not cover the host name.',
        citation: 'RFC 6125 §6.4',
        defaultSeverity: 'error',
      },
      {
        id: 'protocol.tls10',
        check: 'protocol',
        description: 'The server accepts TLS 1.0.',
        citation: 'RFC 8996',
        defaultSeverity: 'error',
        help: 'Disable TLS 1.0 on the server.',
      },
      // revocation.no-ocsp-url is left out on purpose: renderers must cope with a rule without metadata.
    ],
    notes: ["rules_version 2 is available; pin rules_version: 1 to keep today's verdicts"],
  };
}
