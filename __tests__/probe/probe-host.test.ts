import { afterAll, describe, expect, it } from '@jest/globals';
import { getDiffieHellman } from 'node:crypto';
import type { Socket } from 'node:net';
import { handshakeFailed } from '../../src/checks/connection/handshake-failed.js';
import { unreachable } from '../../src/checks/connection/unreachable.js';
import { opensslReason } from '../../src/probe/errors.js';
import { probeHost } from '../../src/probe/index.js';
import { generateKey, issueCertificate, makeChain } from '../helpers/pki.js';
import {
  closedPort,
  dhParamsPem,
  evaluateOnHost,
  hostTarget,
  startFakeServer,
  startHttpServer,
  startNetServer,
  startTlsServer,
  type TestServer,
} from '../helpers/tls-servers.js';

const chain = makeChain({ hostname: 'localhost' });
const rsaChain = makeChain({
  hostname: 'localhost',
  keySpec: { type: 'rsa', bits: 2048 },
  name: 'RSA',
});
const servers: TestServer[] = [];
async function serve(start: Promise<TestServer>): Promise<TestServer> {
  const server = await start;
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('probeHost against node:tls servers', () => {
  it('collects the negotiated facts and the served chain in order', async () => {
    const server = await serve(startTlsServer({ ...chain.serverOptions }));
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.failure).toBeUndefined();
    expect(facts.address).toBe('127.0.0.1');
    expect(facts.protocol).toBe('TLSv1.3');
    expect(facts.cipher).toMatch(/^TLS_/);
    expect(facts.protocols).toEqual({
      SSLv3: false,
      TLSv1: false,
      'TLSv1.1': false,
      'TLSv1.2': true,
      'TLSv1.3': true,
    });
    expect(facts.servedChainSource).toBe('wire');
    expect(facts.servedChain.map((der) => Buffer.from(der))).toEqual([
      chain.leaf.der,
      chain.intermediate.der,
    ]);
    expect(facts.keyExchange).toMatchObject({ type: 'ECDH', name: 'X25519', securityBits: 128 });
    expect(facts.ecdhGroup).toMatchObject({ type: 'ECDH', name: 'X25519' });
    expect(facts.cipherCategories).toMatchObject({
      null: { accepted: false },
      rc4: { accepted: false },
      des: { accepted: false },
      cbc: { accepted: true },
    });
    expect(facts.timings.total).toBeGreaterThan(0);
  });

  it('keeps the served order, the root and unrelated extra certificates exactly as sent', async () => {
    const stranger = issueCertificate({
      subject: 'CN=Unrelated',
      key: generateKey({ type: 'ec' }, 7),
    });
    const served = [chain.leaf, stranger, chain.root, chain.intermediate];
    const server = await serve(
      startTlsServer({ key: chain.leaf.key.keyPem, cert: served.map((c) => c.pem).join('') }),
    );
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.servedChain.map((der) => Buffer.from(der))).toEqual(served.map((c) => c.der));
  });

  it('falls back to the TLS stack chain for TLS 1.3-only servers', async () => {
    const server = await serve(startTlsServer({ ...chain.serverOptions, minVersion: 'TLSv1.3' }));
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.protocols).toMatchObject({ 'TLSv1.2': false, 'TLSv1.3': true });
    expect(facts.servedChainSource).toBe('tls-stack');
    expect(Buffer.from(facts.servedChain[0]!)).toEqual(chain.leaf.der);
    expect(facts.cipherCategories?.cbc).toEqual({ accepted: false });
  });

  it('sees TLS 1.0 on a legacy server and the DH group it uses', async () => {
    const server = await serve(
      startTlsServer({
        ...rsaChain.serverOptions,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1',
        ciphers: 'DHE-RSA-AES128-SHA:@SECLEVEL=0',
        dhparam: dhParamsPem(getDiffieHellman('modp2').getPrime()),
      }),
    );
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.failure).toBeUndefined();
    expect(facts.protocol).toBe('TLSv1');
    expect(facts.protocols).toEqual({
      SSLv3: false,
      TLSv1: true,
      'TLSv1.1': false,
      'TLSv1.2': false,
      'TLSv1.3': false,
    });
    expect(facts.dhGroup).toMatchObject({ type: 'DH', bits: 1024 });
    expect(facts.keyExchange).toMatchObject({ type: 'DH', bits: 1024 });
    expect(facts.cipherCategories?.cbc).toMatchObject({
      accepted: true,
      suite: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
      protocol: 'TLSv1',
    });
  });

  it('keeps the stapled OCSP response', async () => {
    const staple = Buffer.from('3003020100', 'hex');
    const stapling = await serve(startTlsServer({ ...chain.serverOptions }, { ocsp: staple }));
    const plain = await serve(startTlsServer({ ...chain.serverOptions }));
    const [a, b] = await Promise.all([
      probeHost(hostTarget(stapling.port)),
      probeHost(hostTarget(plain.port)),
    ]);
    expect(Buffer.from(a.stapledOcsp!)).toEqual(staple);
    expect(b.stapledOcsp).toBeUndefined();
  });

  it('reports a required client certificate (TLS 1.3 and TLS 1.2)', async () => {
    const options = {
      ...chain.serverOptions,
      requestCert: true,
      rejectUnauthorized: true,
      ca: chain.trustPem,
    };
    const tls13 = await serve(startTlsServer(options));
    const tls12 = await serve(startTlsServer({ ...options, maxVersion: 'TLSv1.2' }));
    const [a, b] = await Promise.all([
      probeHost(hostTarget(tls13.port)),
      probeHost(hostTarget(tls12.port)),
    ]);
    expect(a.failure).toMatchObject({
      kind: 'client-certificate-required',
      alert: 'certificate_required',
    });
    expect(b.failure).toMatchObject({ kind: 'client-certificate-required' });
    expect(b.clientCertificateRequested).toBe(true);
    // What the raw hellos learnt before client authentication still counts.
    expect(b.protocols['TLSv1.2']).toBe(true);
    expect(b.servedChain).toHaveLength(2);
  });
});

describe('probeHost failures are data', () => {
  it('refused', async () => {
    const facts = await probeHost(hostTarget(await closedPort()));
    expect(facts.failure).toMatchObject({ kind: 'refused' });
    expect(facts.protocols).toEqual({});
  });

  it('unresolvable name', async () => {
    // The resolver answers as getaddrinfo does for an unknown name; the suite sends no DNS query.
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND no-such-host.invalid'), {
      code: 'ENOTFOUND',
    });
    const facts = await probeHost(
      hostTarget(443, {
        host: 'no-such-host.invalid',
        address: undefined,
        settings: { timeoutMs: 1500 },
      }),
      { lookup: () => Promise.reject(notFound) },
    );
    expect(facts.failure?.kind).toBe('dns');
    expect(facts.failure?.message).toContain('does not resolve');
  });

  it('a silent server times out within the budget', async () => {
    const server = await serve(startFakeServer({ kind: 'silent' }));
    const started = Date.now();
    const facts = await probeHost(hostTarget(server.port, { settings: { timeoutMs: 300 } }));
    expect(facts.failure).toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('the deadline cuts the timeout short', async () => {
    const server = await serve(startFakeServer({ kind: 'silent' }));
    const started = Date.now();
    const facts = await probeHost(hostTarget(server.port, { settings: { timeoutMs: 5000 } }), {
      deadline: Date.now() + 200,
    });
    expect(facts.failure?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reset', async () => {
    const server = await serve(startFakeServer({ kind: 'reset' }));
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.failure).toMatchObject({ kind: 'reset' });
  });

  it.each([
    ['on accept', (socket: Socket) => socket.end()],
    ['after the ClientHello', (socket: Socket) => socket.once('data', () => socket.end())],
  ])('a plain close (FIN) %s is a failed handshake, not a reset', async (_when, onSocket) => {
    const server = await serve(startNetServer(onSocket));
    const target = hostTarget(server.port);
    const facts = await probeHost(target);
    expect(facts.failure).toEqual({
      kind: 'handshake',
      message: 'the server closed the connection before the TLS handshake finished',
    });
    expect(evaluateOnHost(unreachable, target, facts)).toEqual([]);
    expect(evaluateOnHost(handshakeFailed, target, facts)[0]!.message).toBe(
      `the TLS handshake with localhost:${server.port} failed: the server closed the connection before the TLS handshake finished`,
    );
  });

  it('plain HTTP on the port', async () => {
    const server = await serve(startHttpServer());
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.failure?.kind).toBe('not-tls');
    expect(facts.failure?.message).toMatch(/HTTP\/1\.1 400/);
  });

  it('garbage', async () => {
    const server = await serve(startFakeServer({ kind: 'garbage' }));
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.failure?.kind).toBe('not-tls');
  });

  it('a handshake alert', async () => {
    const server = await serve(startFakeServer({ kind: 'alert', code: 40 }));
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.failure).toMatchObject({ kind: 'handshake', alert: 'handshake_failure' });
    expect(facts.protocols).toMatchObject({ SSLv3: false, 'TLSv1.2': false, 'TLSv1.3': false });
  });
});

describe('probeHost against hostile servers', () => {
  it('stops reading a 10 MB Certificate message at its limit and still reports', async () => {
    const server = await serve(
      startFakeServer({
        kind: 'hello',
        versions: [0x0303],
        suites: [0xc02f, 0x002f],
        certificates: [Buffer.alloc(10 * 1024 * 1024, 0x30)],
      }),
    );
    const started = Date.now();
    const facts = await probeHost(hostTarget(server.port));
    expect(Date.now() - started).toBeLessThan(2000);
    // OpenSSL's reason alone: its full error text changes from run to run.
    expect(facts.failure).toEqual({ kind: 'handshake', message: 'excessive message size' });
    expect(facts.protocols['TLSv1.2']).toBe(true);
    expect(facts.servedChain).toEqual([]);
    expect(facts.probeNotes?.join('\n')).toMatch(/more than \d+ bytes|handshake message of/);
  });

  it('a ServerHello followed by silence ends at the timeout', async () => {
    const server = await serve(
      startFakeServer({ kind: 'hello', versions: [0x0303], suites: [0xc02f], stall: true }),
    );
    const started = Date.now();
    const facts = await probeHost(hostTarget(server.port, { settings: { timeoutMs: 300 } }));
    expect(facts.failure?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('probeHost against fake legacy servers', () => {
  it('SSLv3 with RC4 and a tiny DH group', async () => {
    const server = await serve(
      startFakeServer({
        kind: 'hello',
        versions: [0x0300],
        suites: [0x0005, 0x0016],
        certificates: [chain.leaf.der],
        keyExchange: { dhPrimeBits: 512 },
      }),
    );
    const facts = await probeHost(hostTarget(server.port));
    expect(facts.failure?.kind).toBe('handshake');
    expect(facts.protocols).toMatchObject({ SSLv3: true, TLSv1: false, 'TLSv1.2': false });
    expect(facts.cipherCategories?.rc4).toMatchObject({
      accepted: true,
      suite: 'TLS_RSA_WITH_RC4_128_SHA',
      protocol: 'SSLv3',
    });
    expect(facts.cipherCategories?.['3des']).toMatchObject({
      accepted: true,
      suite: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA',
    });
    expect(facts.cipherCategories?.des).toEqual({ accepted: false });
    expect(facts.cipherCategories?.null).toEqual({ accepted: false });
    expect(facts.dhGroup).toMatchObject({ type: 'DH', bits: 512 });
  });

  const desFake = (suites: number[], serverOrder = false) =>
    serve(startFakeServer({ kind: 'hello', versions: [0x0303], suites, serverOrder }));

  it('sees single DES and 3DES apart, whichever the server prefers', async () => {
    const [desOnly, tripleOnly, clientOrder, prefers3des] = await Promise.all(
      [
        desFake([0x0009]), // TLS_RSA_WITH_DES_CBC_SHA
        desFake([0x000a]), // TLS_RSA_WITH_3DES_EDE_CBC_SHA
        desFake([0x0009, 0x000a]),
        desFake([0x000a, 0x0009], true),
      ].map(async (server) => (await probeHost(hostTarget((await server).port))).cipherCategories),
    );
    const des = { accepted: true, suite: 'TLS_RSA_WITH_DES_CBC_SHA', protocol: 'TLSv1.2' };
    const tripleDes = {
      accepted: true,
      suite: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
      protocol: 'TLSv1.2',
    };
    expect(desOnly).toMatchObject({ des, '3des': { accepted: false } });
    expect(tripleOnly).toMatchObject({ des: { accepted: false }, '3des': tripleDes });
    expect(clientOrder).toMatchObject({ des, '3des': tripleDes });
    expect(prefers3des).toMatchObject({ des, '3des': tripleDes });
  });

  it('asks each other severe category once, and only when the weak hello is accepted', async () => {
    const strong = await desFake([0x002f]); // TLS_RSA_WITH_AES_128_CBC_SHA
    const weak = await desFake([0x002f, 0x000a]);
    await Promise.all([strong, weak].map((server) => probeHost(hostTarget(server.port))));
    // null, anonymous, export, rc4 and single DES: one hello each after 3DES was picked.
    expect(weak.connections - strong.connections).toBe(5);
  });
});

describe('opensslReason', () => {
  const text =
    '807C2BCE377F0000:error:0A000098:SSL routines:read_state_machine:excessive message size:../deps/openssl/openssl/ssl/statem/statem.c:609:';
  it("prefers Node's reason property", () => {
    expect(opensslReason(Object.assign(new Error(text), { reason: 'wrong curve' }))).toBe(
      'wrong curve',
    );
  });
  it('cuts the thread address, error code and file:line from the message', () => {
    expect(opensslReason(new Error(text))).toBe('excessive message size');
  });
  it('keeps messages that are not OpenSSL error lines', () => {
    expect(opensslReason(new Error('something else: odd'))).toBe('something else: odd');
  });
});
