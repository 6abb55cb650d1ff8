// Loopback servers for live-host tests: real node:tls servers (generated certificates, chosen
// versions/ciphers/DH/curves) and raw-socket fake servers for what OpenSSL 3 cannot serve
// (SSLv3, NULL/EXPORT/RC4/DES suites, tiny DH groups), plus hostile ones (alert, garbage,
// HTTP, silence, reset). Every server listens on 127.0.0.1:0; close them in afterAll.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { DEFAULT_SETTINGS, type HostTarget, type TargetSettings } from '../../src/policy/types.js';
import { probeHost } from '../../src/probe/index.js';
import type { HostFacts } from '../../src/probe/types.js';
import type { Rule, TargetFacts, Violation } from '../../src/checks/types.js';
import { FIXTURE_NOW } from './pki.js';

export interface TestServer {
  port: number;
  /** Sockets accepted so far (raw fake servers count every probe connection). */
  connections: number;
  close(): Promise<void>;
}

/** A HostTarget for a loopback server, as the policy loader would produce it. */
export function hostTarget(
  port: number,
  overrides: Partial<Omit<HostTarget, 'settings'>> & { settings?: Partial<TargetSettings> } = {},
): HostTarget {
  const { settings, ...rest } = overrides;
  const host = rest.host ?? 'localhost';
  return {
    type: 'host',
    name: `${host}:${port}`,
    host,
    port,
    address: '127.0.0.1',
    source: { file: 'tls-gate.yml', line: 1, column: 1 },
    ...rest,
    settings: { ...DEFAULT_SETTINGS, timeoutMs: 2000, ...settings },
  };
}

/** TargetFacts for a probed host with no certificate analysis (enough for host-only rules). */
export function hostTargetFacts(target: HostTarget, host: HostFacts): TargetFacts {
  return {
    target,
    certificates: [],
    extraCertificates: [],
    problems: [],
    privateKeys: [],
    expectedHostname: target.host,
    host,
  };
}

/** A host rule's findings on a probed host, at FIXTURE_NOW. */
export function evaluateOnHost(
  rule: Rule,
  target: HostTarget,
  host: HostFacts,
  settings: TargetSettings = DEFAULT_SETTINGS,
): Violation[] {
  return rule.evaluate(hostTargetFacts(target, host), { now: FIXTURE_NOW, settings });
}

export interface ProbedHost {
  target: HostTarget;
  host: HostFacts;
}

/**
 * A suite's loopback servers, each probed once under a name: `probe` them in beforeAll, `run`
 * rules on them by name in the tests, `close` them in afterAll.
 */
export interface ProbedServers {
  /** Each probed host by name, in the order its probe finished. */
  readonly probed: Map<string, ProbedHost>;
  /**
   * Keeps the servers to close, then probes them all at once, each under its name: a server as
   * hostTarget(port), or an explicit target (with the server behind it, if there is one).
   */
  probe: (
    entries: Record<string, TestServer | { server?: TestServer; target: HostTarget }>,
  ) => Promise<void>;
  /** The rule's findings on the host probed under `name`, at FIXTURE_NOW. */
  run: (rule: Rule, name: string, settings?: TargetSettings) => Violation[];
  close: () => Promise<void>;
}

export function probedServers(): ProbedServers {
  const servers: TestServer[] = [];
  const probed = new Map<string, ProbedHost>();
  return {
    probed,
    probe: async (entries) => {
      await Promise.all(
        Object.entries(entries).map(async ([name, entry]) => {
          const server = 'target' in entry ? entry.server : entry;
          if (server) servers.push(server);
          const target = 'target' in entry ? entry.target : hostTarget(entry.port);
          probed.set(name, { target, host: await probeHost(target) });
        }),
      );
    },
    run: (rule, name, settings) => {
      const { target, host } = probed.get(name)!;
      return evaluateOnHost(rule, target, host, settings);
    },
    close: () => Promise.all(servers.map((s) => s.close())).then(() => undefined),
  };
}

function tracked(server: net.Server): TestServer & { sockets: Set<net.Socket> } {
  const sockets = new Set<net.Socket>();
  const result = {
    port: 0,
    connections: 0,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: net.Socket) => {
    result.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  return result;
}

async function listen(server: net.Server, handle: TestServer): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  handle.port = (server.address() as AddressInfo).port;
  return handle;
}

/**
 * A real node:tls server; errors from probing clients (aborted hellos) are ignored. `ocsp`
 * is stapled to every handshake whose client asks for it.
 */
export function startTlsServer(
  options: tls.TlsOptions,
  extra: { ocsp?: Buffer } = {},
): Promise<TestServer> {
  const server = tls.createServer(options, (socket) => {
    socket.on('error', () => {});
    socket.end();
  });
  server.on('tlsClientError', () => {});
  if (extra.ocsp) {
    const response = extra.ocsp;
    server.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, done: (e: null, r: Buffer) => void) =>
      done(null, response),
    );
  }
  return listen(server, tracked(server));
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function derInteger(value: Buffer): Buffer {
  const body = value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
  return Buffer.concat([Buffer.from([2]), derLength(body.length), body]);
}

/** PKCS#3 DHparams PEM for a prime with generator 2 (e.g. getDiffieHellman('modp2').getPrime()). */
export function dhParamsPem(prime: Buffer): string {
  const body = Buffer.concat([derInteger(prime), derInteger(Buffer.from([2]))]);
  const der = Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN DH PARAMETERS-----\n${b64}\n-----END DH PARAMETERS-----\n`;
}

/**
 * A raw TCP server handing each accepted socket to `onSocket`; sockets are counted, their errors
 * ignored, and close() destroys those still open.
 */
export function startNetServer(onSocket: (socket: net.Socket) => void): Promise<TestServer> {
  const server = net.createServer(onSocket);
  return listen(server, tracked(server));
}

/** A plain HTTP server: what a TLS client meets when the port is wrong. */
export function startHttpServer(): Promise<TestServer> {
  const server = http.createServer((_req, res) => res.end('hello'));
  return listen(server, tracked(server));
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const handle = await listen(server, tracked(server));
  await handle.close();
  return handle.port;
}

// --- raw fake servers ---------------------------------------------------------------------

export interface ParsedClientHello {
  /** Highest version offered: supported_versions when present, else legacy_version. */
  maxVersion: number;
  versions: number[];
  suites: number[];
  serverName?: string;
}

/** Parses the first ClientHello record (enough of it for the fake servers' decisions). */
export function parseClientHello(data: Buffer): ParsedClientHello | undefined {
  try {
    if (data[0] !== 22 || data[5] !== 1) return undefined;
    let o = 9;
    const legacy = data.readUInt16BE(o);
    o += 2 + 32;
    o += 1 + data[o]!;
    const suiteLen = data.readUInt16BE(o);
    o += 2;
    const suites: number[] = [];
    for (let i = 0; i < suiteLen; i += 2) suites.push(data.readUInt16BE(o + i));
    o += suiteLen;
    o += 1 + data[o]!;
    let versions = [legacy];
    let serverName: string | undefined;
    if (o + 2 <= data.length) {
      const end = o + 2 + data.readUInt16BE(o);
      o += 2;
      while (o + 4 <= end) {
        const type = data.readUInt16BE(o);
        const len = data.readUInt16BE(o + 2);
        const body = data.subarray(o + 4, o + 4 + len);
        if (type === 43) {
          versions = [];
          for (let i = 1; i + 1 < body.length + 1 && i < 1 + body[0]!; i += 2)
            versions.push(body.readUInt16BE(i));
        }
        if (type === 0 && body.length > 5) serverName = body.subarray(5).toString('ascii');
        o += 4 + len;
      }
    }
    return { maxVersion: Math.max(...versions), versions, suites, serverName };
  } catch {
    return undefined;
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}
function handshakeMessage(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u24(body.length), body]);
}
/** Wraps bytes in records of at most 16 KiB. */
export function records(type: number, version: number, payload: Buffer): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < payload.length || i === 0; i += 16384) {
    const part = payload.subarray(i, i + 16384);
    out.push(Buffer.concat([Buffer.from([type]), u16(version), u16(part.length), part]));
  }
  return Buffer.concat(out);
}
export function alertRecord(code: number, version = 0x0303): Buffer {
  return records(21, version, Buffer.from([2, code]));
}

export type FakeBehavior =
  | {
      kind: 'hello';
      /** Versions the fake accepts (SSLv3–TLS 1.2; it cannot fake TLS 1.3). */
      versions: number[];
      /** Suites it accepts; it picks the first one the client offers. */
      suites: number[];
      /** Pick the first of `suites` the client offers instead: a server imposing its own order. */
      serverOrder?: boolean;
      /** DER certificates for the Certificate message, leaf first. */
      certificates?: Buffer[];
      /** ServerKeyExchange to send: a DH prime of this many bits, or an ECDHE named group. */
      keyExchange?: { dhPrimeBits: number } | { group: number };
      certificateRequest?: boolean;
      /** Send only the ServerHello, then nothing: a server that stalls mid-handshake. */
      stall?: boolean;
    }
  | { kind: 'alert'; code: number }
  | { kind: 'garbage'; bytes?: Buffer }
  | { kind: 'silent' }
  | { kind: 'reset' };

function serverFlight(
  behavior: Extract<FakeBehavior, { kind: 'hello' }>,
  hello: ParsedClientHello,
): Buffer {
  const version = [...behavior.versions].sort((a, b) => b - a).find((v) => v <= hello.maxVersion);
  if (version === undefined) return alertRecord(70, 0x0301);
  const suite = behavior.serverOrder
    ? behavior.suites.find((s) => hello.suites.includes(s))
    : hello.suites.find((s) => behavior.suites.includes(s));
  if (suite === undefined) return alertRecord(40, version);
  const serverHello = Buffer.concat([
    u16(version),
    randomBytes(32),
    Buffer.from([0]),
    u16(suite),
    Buffer.from([0]),
    // renegotiation_info (RFC 5746): OpenSSL 3 clients refuse servers without it.
    ...(version >= 0x0301 ? [u16(5), u16(0xff01), u16(1), Buffer.from([0])] : []),
  ]);
  const messages = [handshakeMessage(2, serverHello)];
  if (behavior.stall) return records(22, version, messages[0]!);
  if (behavior.certificates) {
    const list = Buffer.concat(
      behavior.certificates.map((der) => Buffer.concat([u24(der.length), der])),
    );
    messages.push(handshakeMessage(11, Buffer.concat([u24(list.length), list])));
  }
  const kx = behavior.keyExchange;
  if (kx && 'dhPrimeBits' in kx) {
    const p = randomBytes(kx.dhPrimeBits / 8);
    p[0]! |= 0x80;
    p[p.length - 1]! |= 1;
    const ys = randomBytes(p.length);
    const body = Buffer.concat([
      u16(p.length),
      p,
      u16(1),
      Buffer.from([2]),
      u16(ys.length),
      ys,
      u16(0x0401),
      u16(0),
    ]);
    messages.push(handshakeMessage(12, body));
  } else if (kx) {
    const point = randomBytes(32);
    messages.push(
      handshakeMessage(
        12,
        Buffer.concat([
          Buffer.from([3]),
          u16(kx.group),
          Buffer.from([point.length]),
          point,
          u16(0x0403),
          u16(0),
        ]),
      ),
    );
  }
  if (behavior.certificateRequest)
    messages.push(handshakeMessage(13, Buffer.from([1, 1, 0, 0, 0, 0])));
  messages.push(handshakeMessage(14, Buffer.alloc(0)));
  return records(22, version, Buffer.concat(messages));
}

/**
 * A raw-socket server that answers the first ClientHello per `behavior`. After a `hello` flight
 * it answers the client's next flight with a handshake_failure alert: it cannot finish a real
 * handshake, and a full client must see a clear alert rather than a stall.
 */
export function startFakeServer(behavior: FakeBehavior): Promise<TestServer> {
  return startNetServer((socket) => {
    let buffered = Buffer.alloc(0);
    let answered = false;
    if (behavior.kind === 'reset') {
      socket.once('data', () => socket.resetAndDestroy());
      return;
    }
    socket.on('data', (chunk: Buffer) => {
      if (answered) {
        if (behavior.kind === 'hello' && behavior.stall) return;
        socket.end(alertRecord(40));
        return;
      }
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 5 || buffered.length < 5 + buffered.readUInt16BE(3)) return;
      answered = true;
      if (behavior.kind === 'silent') return;
      if (behavior.kind === 'alert') return void socket.end(alertRecord(behavior.code));
      if (behavior.kind === 'garbage') {
        return void socket.end(
          behavior.bytes ?? Buffer.from('\x00\x01garbage\xff\xfe not tls at all'),
        );
      }
      const hello = parseClientHello(buffered);
      socket.write(hello ? serverFlight(behavior, hello) : alertRecord(50));
    });
  });
}
