// Issue 6 "done when" for revocation, through the bundle as a user runs it: a revoked leaf is
// caught by each route (a staple from node:tls, the OCSP responder in the leaf's AIA, the CRL in
// its distribution point), good answers raise nothing, an unreachable responder is a warning under
// soft-fail and an error under hard-fail, a must-staple leaf without a staple is an error, a
// stalled responder costs no more than timeout_ms, and 50 hosts sharing one CRL fetch it once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/model.js';
import {
  buildStapledOcspResponse,
  startRevocationServer,
  type RevocationServer,
} from '../helpers/ocsp-responder.js';
import { issueCertificate, makeChain, tlsServerOptions, type CertSpec } from '../helpers/pki.js';
import { closedPort, startTlsServer, type TestServer } from '../helpers/tls-servers.js';
import {
  check,
  describeFindings,
  policyYaml,
  rulesOf,
  targetNamed,
  workspace,
  type HostEntry,
} from './harness.js';

const TIMEOUT_MS = 1000;
const ca = makeChain({ name: 'E2E Revocation' });
// AEAD suites only, so the servers raise nothing but what their revocation status deserves.
const AEAD = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305';
const ws = workspace('e2e-revocation');
const servers: TestServer[] = [];
let responder: RevocationServer;

interface Case {
  leaf: Partial<CertSpec>;
  staple?: 'good' | 'revoked';
  extra?: string[];
  /** `rule:severity` of the revocation findings expected on this host. */
  expected: string[];
}

let cases: Record<string, Case>;
const names: Record<string, string> = {};
let report: Report;
let sharedRun: Report;
let sharedNames: string[];

function leafFor(name: string, spec: Partial<CertSpec>) {
  // The subject's O keeps serials apart (the factory derives them from the spec).
  return issueCertificate({
    subject: `CN=localhost,O=${name}`,
    issuer: ca.intermediate,
    sans: { dns: ['localhost'] },
    ...spec,
  });
}

beforeAll(async () => {
  responder = await startRevocationServer();
  const url = (path: string) => `${responder.url}${path}`;
  const dead = `http://127.0.0.1:${await closedPort()}`;
  cases = {
    'stapled revoked': {
      // The AIA responder would say good: only the staple can catch this one.
      leaf: { ocsp: [url('/ocsp/staple-only')] },
      staple: 'revoked',
      expected: ['revocation.revoked:error'],
    },
    'stapled good': {
      leaf: { ocsp: [url('/ocsp/staple-only')], mustStaple: true },
      staple: 'good',
      expected: [],
    },
    'OCSP revoked': {
      leaf: { ocsp: [url('/ocsp/revoked')] },
      expected: ['revocation.revoked:error'],
    },
    'OCSP good': { leaf: { ocsp: [url('/ocsp/good')] }, expected: [] },
    'CRL revoked': { leaf: { crl: [url('/ca.crl')] }, expected: ['revocation.revoked:error'] },
    'CRL good': { leaf: { crl: [url('/ca.crl')], serial: 0x1234n }, expected: [] },
    'responder unreachable, soft-fail': {
      leaf: { ocsp: [`${dead}/soft`] },
      expected: ['revocation.unavailable:warning'],
    },
    'responder unreachable, hard-fail': {
      leaf: { ocsp: [`${dead}/hard`] },
      extra: ['revocation: hard-fail'],
      expected: ['revocation.unavailable:error'],
    },
    'must-staple without a staple': {
      leaf: { ocsp: [url('/ocsp/good')], mustStaple: true },
      expected: ['revocation.must-staple-missing:error'],
    },
    'responder stalls': {
      leaf: { ocsp: [url('/ocsp/stall')] },
      expected: ['revocation.unavailable:warning'],
    },
  };

  const leaves = Object.fromEntries(
    Object.entries(cases).map(([name, c]) => [name, leafFor(name.replace(/\W+/g, '-'), c.leaf)]),
  );
  responder.ocsp('/ocsp/staple-only', { issuer: ca.intermediate, status: 'good' });
  responder.ocsp('/ocsp/good', { issuer: ca.intermediate, status: 'good' });
  responder.ocsp('/ocsp/revoked', { issuer: ca.intermediate, status: 'revoked', reason: 1 });
  responder.route('/ocsp/stall', { hang: true });
  responder.crl('/ca.crl', {
    issuer: ca.intermediate,
    revoked: [{ serial: leaves['CRL revoked']! }],
  });

  const trust = ws.write('root.pem', ca.trustPem);
  const hosts: HostEntry[] = [];
  for (const [name, c] of Object.entries(cases)) {
    const leaf = leaves[name]!;
    const staple =
      c.staple && buildStapledOcspResponse(leaf, ca.intermediate, { status: c.staple });
    const server = await startTlsServer(
      { ...tlsServerOptions(leaf, [ca.intermediate]), ciphers: AEAD },
      staple ? { ocsp: staple } : {},
    );
    servers.push(server);
    // timeout_ms per host, not in defaults: the fetches must honour the targets' own limits.
    hosts.push({
      port: server.port,
      trust,
      extra: [`timeout_ms: ${TIMEOUT_MS}`, ...(c.extra ?? [])],
    });
    names[name] = `localhost:${server.port}`;
  }
  const policy = ws.write('revocation.yml', policyYaml({ hosts }));

  // 50 hosts serving a leaf revoked on one shared CRL.
  const sharedLeaf = leafFor('shared', { crl: [url('/shared.crl')] });
  responder.crl('/shared.crl', { issuer: ca.intermediate, revoked: [{ serial: sharedLeaf }] });
  const sharedHosts: HostEntry[] = [];
  sharedNames = [];
  for (let i = 0; i < 50; i++) {
    const server = await startTlsServer({
      ...tlsServerOptions(sharedLeaf, [ca.intermediate]),
      ciphers: AEAD,
    });
    servers.push(server);
    sharedHosts.push({ port: server.port, trust });
    sharedNames.push(`localhost:${server.port}`);
  }
  const sharedPolicy = ws.write('shared-crl.yml', policyYaml({ hosts: sharedHosts }));

  const [main, shared] = await Promise.all([check(policy), check(sharedPolicy)]);
  report = main.report;
  sharedRun = shared.report;
}, 60_000);

afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), responder?.close()]);
  ws.remove();
});

function revocationFindings(name: string): string[] {
  return targetNamed(report, names[name]!)
    .findings.filter((f) => f.check === 'revocation')
    .map((f) => `${f.rule}:${f.severity}`)
    .sort();
}

describe('revocation through dist/cli.js', () => {
  const caseNames = [
    'stapled revoked',
    'stapled good',
    'OCSP revoked',
    'OCSP good',
    'CRL revoked',
    'CRL good',
    'responder unreachable, soft-fail',
    'responder unreachable, hard-fail',
    'must-staple without a staple',
    'responder stalls',
  ];

  it('covers the cases above', () => {
    expect(Object.keys(cases).sort()).toEqual([...caseNames].sort());
  });

  it.each(caseNames)('%s', (name) => {
    expect({ name, found: revocationFindings(name) }).toEqual({
      name,
      found: cases[name]!.expected,
    });
    // Nothing else: the chains are valid, the servers healthy.
    const other = describeFindings(targetNamed(report, names[name]!)).filter(
      (f) => !f.startsWith('revocation.'),
    );
    expect({ name, other }).toEqual({ name, other: [] });
  });

  it('takes the staple first and does not ask the responder when it decides', () => {
    expect(responder.requests.filter((r) => r.path === '/ocsp/staple-only')).toEqual([]);
  });

  it('asks each URL it needs once per run, OCSP by POST', () => {
    const asked = (path: string) => responder.requests.filter((r) => r.path === path);
    expect(asked('/ocsp/revoked').map((r) => r.method)).toEqual(['POST']);
    expect(asked('/ocsp/stall')).toHaveLength(1);
    // Two leaves (good, revoked) name the same CRL: one download serves both.
    expect(asked('/ca.crl').map((r) => r.method)).toEqual(['GET']);
    // The must-staple leaf without a staple still gets its status from the responder.
    expect(asked('/ocsp/good')).toHaveLength(2);
  });

  it('names the route that decided', () => {
    const message = (name: string) =>
      targetNamed(report, names[name]!).findings.find((f) => f.rule === 'revocation.revoked')!
        .message;
    expect(message('stapled revoked')).toMatch(/stapl/i);
    expect(message('OCSP revoked')).toMatch(/OCSP/);
    expect(message('CRL revoked')).toMatch(/CRL/);
  });

  it('gives up on a stalled responder after timeout_ms', () => {
    const target = targetNamed(report, names['responder stalls']!);
    expect(target.findings.find((f) => f.rule === 'revocation.unavailable')!.message).toMatch(
      /timed out/,
    );
    expect(target.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
    expect(target.durationMs).toBeLessThan(TIMEOUT_MS + 1500);
  });
});

describe('50 hosts sharing one CRL', () => {
  it('catches the revoked leaf on every host', () => {
    for (const name of sharedNames) {
      expect({ name, rules: rulesOf(targetNamed(sharedRun, name)) }).toEqual({
        name,
        rules: ['revocation.revoked'],
      });
    }
  });
  it('fetches the CRL once', () => {
    expect(responder.requests.filter((r) => r.path === '/shared.crl')).toHaveLength(1);
  });
});
