// Hostile servers against the real gate: each test runs runGate over a policy holding a healthy
// loopback host and one hostile target, and checks that the run ends within a bound derived from
// timeout_ms, that the hostile target gets a clear finding, that the healthy host's findings are
// exactly what it gets alone, and (for the big ones) that memory stays bounded.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { HOST_DEADLINE_FACTOR, runGate } from '../../src/gate.js';
import { MAX_REVOCATION_URLS_PER_ROUTE } from '../../src/limits.js';
import { silentLogger } from '../../src/logger.js';
import type { TargetReport } from '../../src/model.js';
import { parsePolicyText } from '../../src/policy/load.js';
import { startRevocationServer, type RevocationServer } from '../helpers/ocsp-responder.js';
import {
  generateKey,
  issueCertificate,
  makeChain,
  tlsServerOptions,
  type IssuedCert,
} from '../helpers/pki.js';
import {
  startFakeServer,
  startHttpServer,
  startTlsServer,
  type FakeBehavior,
  type TestServer,
} from '../helpers/tls-servers.js';
import { healthyRules, hostItem, startHarness, type Harness } from './gate-harness.js';

const TIMEOUT_MS = 400;
/** Probe deadline, then at most two OCSP and two CRL fetches of timeout_ms each, plus slack. */
const BOUND_MS = (HOST_DEADLINE_FACTOR + 2 * MAX_REVOCATION_URLS_PER_ROUTE) * TIMEOUT_MS + 1500;
const MEMORY_LIMIT = 200 * 1024 * 1024;

let harness: Harness;
let revocation: RevocationServer;
const servers: TestServer[] = [];

beforeAll(async () => {
  harness = await startHarness(TIMEOUT_MS);
  revocation = await startRevocationServer();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await revocation.close();
  await harness.close();
});

async function serve(start: Promise<TestServer>): Promise<TestServer> {
  const server = await start;
  servers.push(server);
  return server;
}

function errorRules(target: TargetReport): string[] {
  return target.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
}

/** Runs the gate with the hostile host at `port` and the common assertions. */
async function gateAgainst(port: number, extra: string[] = []) {
  const run = await harness.run({ hosts: hostItem(port, extra) });
  expect(run.elapsedMs).toBeLessThan(BOUND_MS);
  expect(healthyRules(run, harness)).toEqual(harness.healthyBaseline);
  expect(run.report.gateClosed).toBe(true);
  return { run, hostile: run.target(`localhost:${port}`) };
}

const HELLO: Extract<FakeBehavior, { kind: 'hello' }> = {
  kind: 'hello',
  versions: [0x0303],
  suites: [0xc02f, 0x002f],
};

describe('servers that do not speak TLS properly', () => {
  it('garbage bytes instead of a ServerHello', async () => {
    const server = await serve(startFakeServer({ kind: 'garbage' }));
    const { hostile } = await gateAgainst(server.port);
    expect(errorRules(hostile)).toContain('connection.not-tls');
  });

  it('a valid ServerHello, then silence', async () => {
    const server = await serve(startFakeServer({ ...HELLO, stall: true }));
    const { hostile } = await gateAgainst(server.port);
    expect(errorRules(hostile)).toContain('connection.timeout');
  });

  it('accepts TCP and never answers', async () => {
    const server = await serve(startFakeServer({ kind: 'silent' }));
    const { run, hostile } = await gateAgainst(server.port);
    expect(errorRules(hostile)).toEqual(['connection.timeout']);
    // Every connection waits timeout_ms at most, and they all run at once.
    expect(run.elapsedMs).toBeLessThan(TIMEOUT_MS * 2 + 1000);
  });

  it('resets the connection mid-handshake', async () => {
    const server = await serve(startFakeServer({ kind: 'reset' }));
    const { hostile } = await gateAgainst(server.port);
    expect(errorRules(hostile)).toEqual(['connection.unreachable']);
    expect(hostile.findings[0]?.message).toMatch(/reset/i);
  });

  it('an HTTP server on the TLS port', async () => {
    const server = await serve(startHttpServer());
    const { hostile } = await gateAgainst(server.port);
    expect(errorRules(hostile)).toEqual(['connection.not-tls']);
  });

  it('a 10 MB Certificate message is read up to its limit, not buffered', async () => {
    const server = await serve(
      startFakeServer({ ...HELLO, certificates: [Buffer.alloc(10 * 1024 * 1024, 0x30)] }),
    );
    const { run, hostile } = await gateAgainst(server.port);
    expect(errorRules(hostile)).toContain('connection.handshake-failed');
    expect(run.rssGrowthBytes).toBeLessThan(MEMORY_LIMIT);
  });

  it('closes the connection right after the handshake', async () => {
    const chain = makeChain({ hostname: 'localhost', name: 'Closer', slot: 8 });
    const trust = harness.file('closer-root.pem', chain.trustPem);
    const server = tls.createServer(chain.serverOptions, (socket) => socket.destroy());
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const run = await harness.run({ hosts: hostItem(port, [`trust: ${trust}`]) });
      expect(run.elapsedMs).toBeLessThan(BOUND_MS);
      const hostile = run.target(`localhost:${port}`);
      // Nothing is wrong with it as far as TLS goes: it is judged like the healthy host.
      expect(hostile.facts.protocol).toBe('TLSv1.3');
      expect(errorRules(hostile)).toEqual([]);
      expect(healthyRules(run, harness)).toEqual(harness.healthyBaseline);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('hostile certificates and chains', () => {
  it('a leaf with 5,000 SANs', async () => {
    const chain = makeChain({
      hostname: 'localhost',
      name: 'Sans',
      slot: 9,
      leaf: { sans: { dns: Array.from({ length: 5000 }, (_, i) => `h${i}.x`) } },
    });
    const trust = harness.file('sans-root.pem', chain.trustPem);
    const server = await serve(startTlsServer(chain.serverOptions));
    const { hostile } = await gateAgainst(server.port, [`trust: ${trust}`]);
    expect(errorRules(hostile)).toEqual(['hostname.mismatch']);
  });

  it('a 50-deep chain', async () => {
    const key = generateKey({ type: 'ec' }, 40);
    const root = issueCertificate({ subject: 'CN=Deep 0', key, ca: true });
    const cas: IssuedCert[] = [root];
    for (let depth = 1; depth <= 50; depth++) {
      cas.push(
        issueCertificate({ subject: `CN=Deep ${depth}`, key, issuer: cas.at(-1)!, ca: true }),
      );
    }
    const leaf = issueCertificate({
      subject: 'CN=localhost',
      key: generateKey({ type: 'ec' }, 41),
      issuer: cas.at(-1)!,
      sans: { dns: ['localhost'] },
    });
    const trust = harness.file('deep-root.pem', root.pem);
    const server = await serve(startTlsServer(tlsServerOptions(leaf, cas.slice(1).reverse())));
    const { hostile } = await gateAgainst(server.port, [`trust: ${trust}`]);
    expect(errorRules(hostile)).toContain('chain.too-long');
  });

  it('a chain with a loop (A signed by B, B signed by A)', async () => {
    const keyA = generateKey({ type: 'ec' }, 42);
    const keyB = generateKey({ type: 'ec' }, 43);
    const selfA = issueCertificate({ subject: 'CN=Loop A', key: keyA, ca: true });
    const b = issueCertificate({ subject: 'CN=Loop B', key: keyB, issuer: selfA, ca: true });
    const a = issueCertificate({ subject: 'CN=Loop A', key: keyA, issuer: b, ca: true });
    const leaf = issueCertificate({
      subject: 'CN=localhost',
      key: generateKey({ type: 'ec' }, 44),
      issuer: a,
      sans: { dns: ['localhost'] },
    });
    const server = await serve(startTlsServer(tlsServerOptions(leaf, [a, b, a, b])));
    // Trusting only the healthy root: the loop can never reach an anchor.
    const { hostile } = await gateAgainst(server.port, ['trust: healthy-root.pem']);
    expect(errorRules(hostile).some((rule) => rule.startsWith('chain.'))).toBe(true);
  });
});

describe('revocation URLs that misbehave', () => {
  const revocationHost = async (name: string, ocsp: string[], crl: string[], slot: number) => {
    const chain = makeChain({ hostname: 'localhost', name, slot, leaf: { ocsp, crl } });
    const trust = harness.file(`${name}-root.pem`, chain.trustPem);
    const server = await serve(startTlsServer(chain.serverOptions));
    return gateAgainst(server.port, [`trust: ${trust}`, 'revocation: hard-fail']);
  };
  const unavailable = (hostile: TargetReport) =>
    hostile.findings.find((f) => f.rule === 'revocation.unavailable');

  it('redirect forever', async () => {
    const loop = revocation.route('/loop', { redirect: '/loop' });
    const { hostile } = await revocationHost('Redirect', [loop], [loop], 10);
    expect(unavailable(hostile)?.severity).toBe('error');
    expect(unavailable(hostile)?.message).toMatch(/redirects/);
  });

  it('stall, on more URLs than are ever asked', async () => {
    const stall = Array.from({ length: 20 }, (_, i) =>
      revocation.route(`/stall-${i}`, { hang: true }),
    );
    const { hostile } = await revocationHost('Stall', stall, stall, 11);
    expect(unavailable(hostile)?.message).toMatch(/timed out/);
    const asked = revocation.requests.filter((r) => r.path.startsWith('/stall-'));
    expect(asked.length).toBeLessThanOrEqual(2 * MAX_REVOCATION_URLS_PER_ROUTE);
  });

  it('return gigabytes: streamed and cut at the limit', async () => {
    const huge = revocation.route('/huge', { streamBytes: 4 * 1024 ** 3 });
    const hugeCrl = revocation.route('/huge.crl', { streamBytes: 4 * 1024 ** 3 });
    const { run, hostile } = await revocationHost('Huge', [huge], [hugeCrl], 12);
    expect(unavailable(hostile)?.message).toMatch(/more than \d+ bytes/);
    expect(run.rssGrowthBytes).toBeLessThan(MEMORY_LIMIT);
  });
});

describe('the per-host hard deadline', () => {
  it('abandons a prober that never returns and reports a timeout', async () => {
    const policy = await parsePolicyText(
      'version: 1\ndefaults: { timeout_ms: 100 }\nhosts:\n  - host: stuck.example\n  - host: fine.example\n',
      'tls-gate.yml',
      '/nowhere/tls-gate.yml',
    );
    const started = performance.now();
    const report = await runGate(policy, {
      now: new Date(),
      logger: silentLogger,
      probe: (target) =>
        target.host === 'stuck.example'
          ? new Promise(() => {})
          : Promise.resolve({
              servedChain: [],
              protocols: {},
              timings: {},
              failure: { kind: 'refused', message: 'connection refused' },
            }),
    });
    expect(performance.now() - started).toBeLessThan(HOST_DEADLINE_FACTOR * 100 + 1000);
    const stuck = report.targets.find((t) => t.name === 'stuck.example:443')!;
    expect(stuck.findings.map((f) => f.rule)).toEqual(['connection.timeout']);
    expect(stuck.findings[0]?.message).toMatch(/abandoned/);
    const fine = report.targets.find((t) => t.name === 'fine.example:443')!;
    expect(fine.findings.map((f) => f.rule)).toEqual(['connection.unreachable']);
  });

  it('a slow-drip server is cut at timeout_ms, not kept alive by each byte', async () => {
    // Answers every hello one byte at a time, often enough to defeat an idle timeout.
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      const timer = setInterval(() => socket.write(Buffer.from([0x16])), TIMEOUT_MS / 4);
      socket.on('close', () => {
        clearInterval(timer);
        sockets.delete(socket);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const { run, hostile } = await gateAgainst(port);
      expect(errorRules(hostile).some((rule) => rule.startsWith('connection.'))).toBe(true);
      expect(run.elapsedMs).toBeLessThan(2 * TIMEOUT_MS + 1000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
