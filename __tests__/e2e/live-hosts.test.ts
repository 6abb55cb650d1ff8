// Issue 5 "done when", through the bundle as a user runs it: loopback servers (node:tls with
// factory chains and chosen versions/suites/groups; raw fakes for what OpenSSL 3 cannot serve), one
// policy per group of servers, `node dist/cli.js check --format json`, and for every rule of the
// connection, protocol and cipher families and the two key-exchange rules: it appears on its
// failing server and not on its passing one. Then the served-chain rules, and the bounds: a hung
// server and a closed port end within their timeouts in the same run as healthy hosts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDiffieHellman } from 'node:crypto';
import net from 'node:net';
import { ALL_RULES } from '../../src/checks/index.js';
import type { Report } from '../../src/model.js';
import {
  generateKey,
  issueCertificate,
  makeChain,
  tlsServerOptions,
  type Chain,
} from '../helpers/pki.js';
import {
  closedPort,
  dhParamsPem,
  startFakeServer,
  startHttpServer,
  startNetServer,
  startTlsServer,
  type TestServer,
} from '../helpers/tls-servers.js';
import {
  check,
  describeFindings,
  policyYaml,
  rulesOf,
  targetNamed,
  workspace,
  type HostEntry,
} from './harness.js';

const ws = workspace('e2e-hosts');
const servers: TestServer[] = [];
const ec = makeChain({ hostname: 'localhost', name: 'E2E EC' });
const rsa = makeChain({ hostname: 'localhost', keySpec: { type: 'rsa' }, name: 'E2E RSA' });
const legacy = { ...ec.serverOptions, ciphers: 'DEFAULT:@SECLEVEL=0' };
const tls12 = { maxVersion: 'TLSv1.2' } as const;
// Node's default suite list includes CBC suites (HIGH), which cipher.cbc rightly warns about: the
// healthy servers offer AEAD suites only under TLS 1.2 (TLS 1.3 suites are all AEAD).
const healthy = {
  ...ec.serverOptions,
  ciphers:
    'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305',
};

async function serve(started: Promise<TestServer>): Promise<TestServer> {
  const server = await started;
  servers.push(server);
  return server;
}

/** A raw fake that accepts one suite over TLS 1.0 and 1.2, sending the RSA chain. */
const fakeSuite = (suite: number) =>
  startFakeServer({
    kind: 'hello',
    versions: [0x0301, 0x0303],
    suites: [suite],
    certificates: [rsa.leaf.der, rsa.intermediate.der],
  });

// --- group 1: connection, protocol, cipher, key exchange -------------------------------------

/** Server name → how to start it, and extra policy keys for its entry. */
const GROUP1: Record<string, { start: () => Promise<TestServer | number>; extra?: string[] }> = {
  healthy: { start: () => startTlsServer(healthy) },
  refused: { start: () => closedPort() },
  reset: { start: () => startFakeServer({ kind: 'reset' }) },
  hung: { start: () => startFakeServer({ kind: 'silent' }), extra: ['timeout_ms: 500'] },
  http: { start: () => startHttpServer() },
  alert: { start: () => startFakeServer({ kind: 'alert', code: 40 }) },
  mtls: {
    start: () =>
      startTlsServer({
        ...ec.serverOptions,
        requestCert: true,
        rejectUnauthorized: true,
        ca: ec.trustPem,
      }),
  },
  tls13only: { start: () => startTlsServer({ ...healthy, minVersion: 'TLSv1.3' }) },
  tls13required: {
    start: () => startTlsServer({ ...healthy, minVersion: 'TLSv1.3' }),
    extra: ['min_protocol: TLSv1.3'],
  },
  tls12under13: { start: () => startTlsServer(healthy), extra: ['min_protocol: TLSv1.3'] },
  tls12only: { start: () => startTlsServer({ ...healthy, ...tls12 }) },
  tls10only: {
    start: () => startTlsServer({ ...legacy, minVersion: 'TLSv1', maxVersion: 'TLSv1' }),
  },
  tls11only: {
    start: () => startTlsServer({ ...legacy, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' }),
  },
  ssl3only: {
    start: () =>
      startFakeServer({
        kind: 'hello',
        versions: [0x0300],
        suites: [0x002f, 0x000a],
        certificates: [rsa.leaf.der, rsa.intermediate.der],
      }),
  },
  aead: {
    start: () =>
      startTlsServer({ ...ec.serverOptions, ...tls12, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }),
  },
  null: {
    start: () =>
      startTlsServer({ ...rsa.serverOptions, ...tls12, ciphers: 'NULL-SHA256:@SECLEVEL=0' }),
  },
  anonymous: {
    start: () =>
      startTlsServer({ ...ec.serverOptions, ...tls12, ciphers: 'AECDH-AES128-SHA:@SECLEVEL=0' }),
  },
  cbc: {
    start: () =>
      startTlsServer({ ...ec.serverOptions, ...tls12, ciphers: 'ECDHE-ECDSA-AES128-SHA' }),
  },
  staticRsa: {
    start: () => startTlsServer({ ...rsa.serverOptions, ...tls12, ciphers: 'AES128-GCM-SHA256' }),
  },
  export: { start: () => fakeSuite(0x0003) }, // TLS_RSA_EXPORT_WITH_RC4_40_MD5
  rc4: { start: () => fakeSuite(0x0005) }, // TLS_RSA_WITH_RC4_128_SHA
  des: { start: () => fakeSuite(0x0009) }, // TLS_RSA_WITH_DES_CBC_SHA
  tripleDes: { start: () => fakeSuite(0x000a) }, // TLS_RSA_WITH_3DES_EDE_CBC_SHA
  dh1024: {
    start: () =>
      startTlsServer({
        ...rsa.serverOptions,
        ...tls12,
        ciphers: 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
        dhparam: dhParamsPem(getDiffieHellman('modp2').getPrime()),
      }),
  },
  dh2048: {
    start: () =>
      startTlsServer({
        ...rsa.serverOptions,
        ...tls12,
        ciphers: 'DHE-RSA-AES128-GCM-SHA256',
        dhparam: dhParamsPem(getDiffieHellman('modp14').getPrime()),
      }),
  },
  dh512: {
    start: () =>
      startFakeServer({
        kind: 'hello',
        versions: [0x0303],
        suites: [0x009e, 0x0033],
        certificates: [rsa.leaf.der, rsa.intermediate.der],
        keyExchange: { dhPrimeBits: 512 },
      }),
  },
  p224: {
    start: () =>
      startTlsServer({
        ...ec.serverOptions,
        ...tls12,
        ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0',
        ecdhCurve: 'P-224',
      }),
  },
  p256: {
    start: () =>
      startTlsServer({
        ...ec.serverOptions,
        ...tls12,
        ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
        ecdhCurve: 'P-256',
      }),
  },
};

/**
 * Every rule of the live-host families: the servers it must fire on, and passing servers it must
 * stay quiet on (each passing server is the closest healthy configuration to a failing one).
 */
const EXPECTED: Record<string, { failing: string[]; passing: string[] }> = {
  'connection.unreachable': { failing: ['refused', 'reset'], passing: ['healthy', 'hung'] },
  'connection.timeout': { failing: ['hung'], passing: ['healthy', 'refused'] },
  'connection.not-tls': { failing: ['http'], passing: ['healthy', 'alert'] },
  'connection.handshake-failed': { failing: ['alert'], passing: ['healthy', 'http'] },
  'connection.client-certificate-required': { failing: ['mtls'], passing: ['healthy'] },
  'protocol.sslv3': { failing: ['ssl3only'], passing: ['healthy', 'tls10only'] },
  'protocol.tls10': { failing: ['tls10only'], passing: ['healthy', 'tls11only'] },
  'protocol.tls11': { failing: ['tls11only'], passing: ['healthy', 'tls10only'] },
  'protocol.below-minimum': { failing: ['tls12under13'], passing: ['tls13required', 'healthy'] },
  'protocol.no-modern': {
    failing: ['tls10only', 'tls11only', 'ssl3only'],
    passing: ['healthy', 'tls12only', 'tls13only'],
  },
  'cipher.null': { failing: ['null'], passing: ['healthy', 'aead'] },
  'cipher.anonymous': { failing: ['anonymous'], passing: ['healthy', 'aead'] },
  'cipher.export': { failing: ['export'], passing: ['healthy', 'rc4'] },
  // The EXPORT suite served is RC4 too: both findings are true there.
  'cipher.rc4': { failing: ['rc4', 'export'], passing: ['healthy', 'des'] },
  'cipher.des': { failing: ['des'], passing: ['healthy', 'tripleDes'] },
  'cipher.3des': { failing: ['tripleDes'], passing: ['healthy', 'des'] },
  'cipher.cbc': { failing: ['cbc'], passing: ['healthy', 'aead'] },
  'cipher.no-forward-secrecy': { failing: ['staticRsa'], passing: ['healthy', 'aead', 'dh2048'] },
  'key.weak-dh-group': { failing: ['dh1024', 'dh512'], passing: ['dh2048', 'healthy'] },
  'key.weak-ecdh-curve': { failing: ['p224'], passing: ['p256', 'healthy'] },
};

/** Passing servers that must raise no finding of any family (their chains are valid too). */
const CLEAN = ['healthy', 'tls13only', 'tls13required', 'tls12only', 'aead', 'dh2048', 'p256'];

/** Servers that send the RSA chain (the rest send the EC one). */
const RSA_SERVERS = [
  'ssl3only',
  'null',
  'staticRsa',
  'export',
  'rc4',
  'des',
  'tripleDes',
  'dh1024',
  'dh2048',
  'dh512',
];

/** connection.* rules of the mTLS and STARTTLS features (issue 6): proven by their own tests. */
// Covered elsewhere: the mTLS/STARTTLS rules in __tests__/probe, probes-incomplete in `bounds`.
const ISSUE_6_RULES = [
  'connection.client-certificate-rejected',
  'connection.client-credentials-unusable',
  'connection.starttls-failed',
  'connection.probes-incomplete',
];

const LIVE_FAMILIES = [
  'connection',
  'protocol',
  'cipher',
  'key.weak-dh-group',
  'key.weak-ecdh-curve',
];

// --- group 2: the served chain ---------------------------------------------------------------

const deep = (() => {
  const key = (slot: number) => generateKey({ type: 'ec' }, 50 + slot);
  const root = issueCertificate({
    subject: 'CN=E2E Deep Root,O=tls-gate tests',
    key: key(0),
    ca: true,
  });
  const upper = issueCertificate({
    subject: 'CN=E2E Deep Upper CA,O=tls-gate tests',
    key: key(1),
    issuer: root,
    ca: true,
  });
  const lower = issueCertificate({
    subject: 'CN=E2E Deep Lower CA,O=tls-gate tests',
    key: key(2),
    issuer: upper,
    ca: true,
    pathLength: 0,
  });
  const leaf = issueCertificate({
    subject: 'CN=localhost',
    key: key(3),
    issuer: lower,
    sans: { dns: ['localhost'] },
  });
  return { root, upper, lower, leaf };
})();
const unrelated = issueCertificate({
  subject: 'CN=E2E Unrelated,O=elsewhere',
  sans: { dns: ['x.test'] },
});
const DAY = 86_400_000;
const expiredLeaf = issueCertificate({
  subject: 'CN=localhost',
  issuer: ec.intermediate,
  sans: { dns: ['localhost'] },
  notBefore: new Date(Date.now() - 100 * DAY),
  notAfter: new Date(Date.now() - 10 * DAY),
});
const otherNameLeaf = issueCertificate({
  subject: 'CN=other.example',
  issuer: ec.intermediate,
  sans: { dns: ['other.example'] },
});

/** Served chain → the rules it must raise; `good` must raise no chain/hostname/expiry finding. */
const CHAIN_CASES: Record<
  string,
  { cert: string; key: string; trust: Chain | string; rules: string[] }
> = {
  good: { ...healthy, trust: ec, rules: [] },
  incomplete: { ...tlsServerOptions(ec.leaf), trust: ec, rules: ['chain.incomplete'] },
  rootSent: {
    ...tlsServerOptions(ec.leaf, [ec.intermediate, ec.root]),
    trust: ec,
    rules: ['chain.root-sent'],
  },
  wrongOrder: {
    ...tlsServerOptions(deep.leaf, [deep.upper, deep.lower]),
    trust: deep.root.pem,
    rules: ['chain.wrong-order'],
  },
  extra: {
    ...tlsServerOptions(ec.leaf, [ec.intermediate, unrelated]),
    trust: ec,
    rules: ['chain.extra-certificates'],
  },
  mismatch: {
    ...tlsServerOptions(otherNameLeaf, [ec.intermediate]),
    trust: ec,
    rules: ['hostname.mismatch'],
  },
  expired: {
    ...tlsServerOptions(expiredLeaf, [ec.intermediate]),
    trust: ec,
    rules: ['expiry.expired'],
  },
};

// --- runs ------------------------------------------------------------------------------------

let group1: Report;
let group1Names: Record<string, string>;
let group2: Report;
let group2Names: Record<string, string>;
let bounded: { report: Report; wallMs: number; names: Record<string, string> };

beforeAll(async () => {
  const ecRoot = ws.write('ec-root.pem', ec.trustPem);
  const rsaRoot = ws.write('rsa-root.pem', rsa.trustPem);

  // Group 1: one policy, one run, every server in it.
  const entries: HostEntry[] = [];
  group1Names = {};
  for (const [name, spec] of Object.entries(GROUP1)) {
    const started = await spec.start();
    const port = typeof started === 'number' ? started : (servers.push(started), started.port);
    group1Names[name] = `localhost:${port}`;
    const usesRsa = RSA_SERVERS.includes(name);
    entries.push({ port, trust: usesRsa ? rsaRoot : ecRoot, extra: spec.extra });
  }
  const policy1 = ws.write('group1.yml', policyYaml({ hosts: entries }));

  // Group 2: served chains.
  const chainEntries: HostEntry[] = [];
  group2Names = {};
  for (const [name, c] of Object.entries(CHAIN_CASES)) {
    const server = await serve(startTlsServer({ key: c.key, cert: c.cert }));
    const trustPem = typeof c.trust === 'string' ? c.trust : c.trust.trustPem;
    chainEntries.push({ port: server.port, trust: ws.write(`chain-${name}-root.pem`, trustPem) });
    group2Names[name] = `localhost:${server.port}`;
  }
  const policy2 = ws.write('group2.yml', policyYaml({ hosts: chainEntries }));

  // The bounds run: a hung server and a closed port among healthy hosts.
  const names: Record<string, string> = {};
  const boundEntries: HostEntry[] = [];
  const hung = await serve(startFakeServer({ kind: 'silent' }));
  boundEntries.push({ port: hung.port, trust: ecRoot });
  names.hung = `localhost:${hung.port}`;
  // A connection limiter: the first connection reaches a healthy server, later ones hang.
  const limiter = await serve(startLimiter((await serve(startTlsServer(healthy))).port));
  boundEntries.push({ port: limiter.port, trust: ecRoot });
  names.limiter = `localhost:${limiter.port}`;
  const refused = await closedPort();
  boundEntries.push({ port: refused, trust: ecRoot });
  names.refused = `localhost:${refused}`;
  for (let i = 0; i < 3; i++) {
    const server = await serve(startTlsServer(healthy));
    boundEntries.push({ port: server.port, trust: ecRoot });
    names[`healthy${i}`] = `localhost:${server.port}`;
  }
  const policy3 = ws.write(
    'bounds.yml',
    policyYaml({ defaults: ['timeout_ms: 500'], hosts: boundEntries }),
  );

  const [r1, r2] = await Promise.all([check(policy1), check(policy2)]);
  // Alone, so its wall time is not the other runs' CPU time.
  const r3 = await check(policy3);
  group1 = r1.report;
  group2 = r2.report;
  bounded = { report: r3.report, wallMs: r3.wallMs, names };
}, 60_000);

/** Forwards the first connection to `port`; accepts every later one and never answers. */
function startLimiter(port: number): Promise<TestServer> {
  let accepted = 0;
  return startNetServer((socket) => {
    if (accepted++ > 0) return;
    const upstream = net.connect(port, '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  });
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  ws.remove();
});

describe('connection, protocol, cipher and key-exchange rules through dist/cli.js', () => {
  it('covers every rule of those families', () => {
    const live = ALL_RULES.map((r) => r.id).filter(
      (id) =>
        LIVE_FAMILIES.some((p) => id === p || id.startsWith(`${p}.`)) &&
        !ISSUE_6_RULES.includes(id),
    );
    expect(Object.keys(EXPECTED).sort()).toEqual(live.sort());
  });

  describe.each(Object.entries(EXPECTED))('%s', (rule, { failing, passing }) => {
    it.each(failing)('fires on the %s server', (name) => {
      const target = targetNamed(group1, group1Names[name]!);
      expect({ name, rules: rulesOf(target) }).toEqual({
        name,
        rules: expect.arrayContaining([rule]),
      });
    });
    it.each(passing)('stays quiet on the %s server', (name) => {
      const target = targetNamed(group1, group1Names[name]!);
      expect({ name, rules: rulesOf(target) }).not.toEqual({
        name,
        rules: expect.arrayContaining([rule]),
      });
    });
  });

  it.each(CLEAN)('the %s server raises nothing at all', (name) => {
    expect(describeFindings(targetNamed(group1, group1Names[name]!))).toEqual([]);
  });
});

describe('served-chain rules through dist/cli.js', () => {
  it.each(Object.entries(CHAIN_CASES))('%s', (name, { rules }) => {
    const target = targetNamed(group2, group2Names[name]!);
    const found = rulesOf(target, ['chain', 'hostname', 'expiry']);
    expect({ name, found }).toEqual({ name, found: rules });
  });
});

describe('bounds', () => {
  it('a hung server and a closed port finish within their timeouts beside healthy hosts', () => {
    const { report, wallMs, names } = bounded;
    expect(rulesOf(targetNamed(report, names.hung!))).toEqual(['connection.timeout']);
    expect(rulesOf(targetNamed(report, names.refused!))).toEqual(['connection.unreachable']);
    for (const i of [0, 1, 2]) {
      expect(describeFindings(targetNamed(report, names[`healthy${i}`]!))).toEqual([]);
    }
    // timeout_ms 500 plus Node start-up: well under the 5 s default timeout.
    expect(targetNamed(report, names.hung!).durationMs).toBeLessThan(1500);
    // The limiter's probes stall: bounded by the host deadline (3 × timeout_ms), and the report
    // says which questions went unanswered instead of passing as if they had been asked.
    const limiter = targetNamed(report, names.limiter!);
    expect(limiter.durationMs).toBeLessThan(3 * 500 + 500);
    expect(limiter.facts.protocol).toBe('TLSv1.3');
    expect(limiter.facts['probeNotes']).toEqual(
      expect.arrayContaining([expect.stringMatching(/TLS 1\.0|TLSv1 |SSLv3/)]),
    );
    expect(rulesOf(limiter)).toEqual(['connection.probes-incomplete']);
    for (const i of [0, 1, 2]) {
      expect(rulesOf(targetNamed(report, names[`healthy${i}`]!))).not.toContain(
        'connection.probes-incomplete',
      );
    }
    expect(wallMs).toBeLessThan(2500);
  });
});
