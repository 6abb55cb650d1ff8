// STARTTLS against loopback servers that speak each protocol's plaintext dialogue and then
// upgrade the same socket with a server-side node:tls TLSSocket: a healthy server per protocol
// (the whole probe runs through the dialogue: chain as sent, versions) and servers that fail
// each way (STARTTLS not offered, refused, garbage, silence, bytes injected before TLS).
import { afterAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import tls from 'node:tls';
import { connectionRules } from '../../src/checks/connection/index.js';
import type { Rule } from '../../src/checks/types.js';
import type { HostTarget, StartTlsProtocol } from '../../src/policy/types.js';
import { probeHost } from '../../src/probe/index.js';
import { sanitize, startTls } from '../../src/probe/starttls.js';
import type { HostFacts } from '../../src/probe/types.js';
import { makeChain } from '../helpers/pki.js';
import {
  closedPort,
  evaluateOnHost,
  hostTarget,
  startNetServer,
  type TestServer,
} from '../helpers/tls-servers.js';

type Behavior = 'ok' | 'no-starttls' | 'refuse' | 'garbage' | 'silent' | 'inject';

interface Answer {
  reply: string | Buffer;
  upgrade?: boolean;
}
interface Script {
  greeting(behavior: Behavior): string;
  answer(line: string, behavior: Behavior): Answer;
}

const scripts: Record<Exclude<StartTlsProtocol, 'postgres'>, Script> = {
  smtp: {
    greeting: () => '220-mx.test ESMTP tls-gate test\r\n220 ready\r\n',
    answer(line, behavior) {
      if (/^EHLO /.test(line)) {
        const starttls = behavior === 'no-starttls' ? '' : '250-STARTTLS\r\n';
        return { reply: `250-mx.test hello\r\n250-PIPELINING\r\n${starttls}250 8BITMIME\r\n` };
      }
      if (line === 'STARTTLS') {
        if (behavior === 'refuse') return { reply: '454 4.7.0 TLS not available\r\n' };
        if (behavior === 'inject')
          return { reply: '220 go ahead\r\n250 injected\r\n', upgrade: true };
        return { reply: '220 2.0.0 go ahead\n', upgrade: true };
      }
      return { reply: '500 unknown command\r\n' };
    },
  },
  imap: {
    greeting: (behavior) =>
      behavior === 'no-starttls'
        ? '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n'
        : '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n',
    answer(line, behavior) {
      if (line !== 'a1 STARTTLS') return { reply: '* BAD unknown\r\n' };
      if (behavior === 'refuse') return { reply: 'a1 BAD STARTTLS unavailable\r\n' };
      return { reply: '* OK still here\r\na1 OK Begin TLS negotiation now\r\n', upgrade: true };
    },
  },
  pop3: {
    greeting: () => '+OK POP3 ready\r\n',
    answer(line, behavior) {
      if (line !== 'STLS') return { reply: '-ERR unknown\r\n' };
      if (behavior === 'refuse') return { reply: '-ERR command not recognised\r\n' };
      return { reply: '+OK Begin TLS\r\n', upgrade: true };
    },
  },
  ftp: {
    greeting: () => '220-Welcome to the test FTP\r\n  a line without a code\r\n220 ready\r\n',
    answer(line, behavior) {
      if (line !== 'AUTH TLS') return { reply: '500 unknown\r\n' };
      if (behavior === 'refuse') return { reply: '502 Command not implemented\r\n' };
      return { reply: '234 AUTH TLS OK\r\n', upgrade: true };
    },
  },
};

const chain = makeChain({ hostname: 'localhost' });
const secureContext = tls.createSecureContext(chain.serverOptions);

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function upgrade(socket: net.Socket, reply: string | Buffer): void {
  socket.removeAllListeners('data');
  socket.write(reply);
  const secure = new tls.TLSSocket(socket, { isServer: true, secureContext });
  secure.on('error', () => {});
  secure.on('secure', () => secure.end());
}

function converse(socket: net.Socket, protocol: StartTlsProtocol, behavior: Behavior): void {
  if (behavior === 'silent') return;
  if (protocol === 'postgres') {
    let request = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      request = Buffer.concat([request, chunk]);
      if (request.length < 8) return;
      if (request.readUInt32BE(0) !== 8 || request.readUInt32BE(4) !== 80877103) {
        return void socket.end();
      }
      if (behavior === 'refuse') return void socket.end('N');
      if (behavior === 'garbage') return void socket.end('X');
      upgrade(socket, 'S');
    });
    return;
  }
  if (behavior === 'garbage') return void socket.end('\x00\x01 not a greeting at all\r\n');
  const script = scripts[protocol];
  let buffered = '';
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let end: number;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const answer = script.answer(line, behavior);
      if (answer.upgrade) return upgrade(socket, answer.reply);
      socket.write(answer.reply);
    }
  });
  socket.write(script.greeting(behavior));
}

async function startServer(protocol: StartTlsProtocol, behavior: Behavior): Promise<TestServer> {
  const handle = await startNetServer((socket) => converse(socket, protocol, behavior));
  servers.push(handle);
  return handle;
}

async function probe(
  protocol: StartTlsProtocol,
  behavior: Behavior,
  timeoutMs = 2000,
): Promise<{ target: HostTarget; facts: HostFacts; server: TestServer }> {
  const server = await startServer(protocol, behavior);
  const target = hostTarget(server.port, { starttls: protocol, settings: { timeoutMs } });
  return { target, facts: await probeHost(target), server };
}

const run = (id: string, target: HostTarget, facts: HostFacts) =>
  evaluateOnHost(connectionRules.find((r) => r.id === id) as Rule, target, facts);

const PROTOCOLS: StartTlsProtocol[] = ['smtp', 'imap', 'pop3', 'ftp', 'postgres'];

const REFUSALS: Record<StartTlsProtocol, RegExp> = {
  smtp: /SMTP server refused STARTTLS: 454 4\.7\.0 TLS not available/,
  imap: /IMAP server refused STARTTLS: "a1 BAD STARTTLS unavailable"/,
  pop3: /POP3 server refused STLS: "-ERR command not recognised"/,
  ftp: /FTP server refused AUTH TLS: 502 Command not implemented/,
  postgres: /PostgreSQL server refused SSL \(N\)/,
};

const SILENCES: Record<StartTlsProtocol, RegExp> = {
  smtp: /^SMTP server sent no greeting within 300 ms$/,
  imap: /^IMAP server sent no greeting within 300 ms$/,
  pop3: /^POP3 server sent no greeting within 300 ms$/,
  ftp: /^FTP server sent no greeting within 300 ms$/,
  postgres: /^PostgreSQL server sent no answer to the SSLRequest within 300 ms$/,
};

describe.each(PROTOCOLS)('STARTTLS %s', (protocol) => {
  it('probes the whole host through the dialogue: chain as sent, versions, suites', async () => {
    const { target, facts, server } = await probe(protocol, 'ok');
    expect(facts.failure).toBeUndefined();
    expect(facts.protocol).toBe('TLSv1.3');
    // The chain as sent comes from a raw TLS 1.2 hello, so the raw probes ran after STARTTLS too.
    expect(facts.servedChainSource).toBe('wire');
    expect(facts.servedChain.map((der) => Buffer.from(der))).toEqual([
      chain.leaf.der,
      chain.intermediate.der,
    ]);
    expect(facts.protocols).toEqual({
      SSLv3: false,
      TLSv1: false,
      'TLSv1.1': false,
      'TLSv1.2': true,
      'TLSv1.3': true,
    });
    expect(facts.cipherCategories).toMatchObject({
      rc4: { accepted: false },
      cbc: { accepted: true },
    });
    expect(facts.probeNotes).toBeUndefined();
    expect(server.connections).toBeGreaterThanOrEqual(7);
    expect(run('connection.starttls-failed', target, facts)).toEqual([]);
  });

  it('reports a refusal as connection.starttls-failed', async () => {
    const { target, facts } = await probe(protocol, 'refuse');
    expect(facts.failure).toMatchObject({
      kind: 'starttls',
      message: expect.stringMatching(REFUSALS[protocol]),
    });
    const [finding, ...more] = run('connection.starttls-failed', target, facts);
    expect(more).toEqual([]);
    expect(finding!.message).toMatch(
      new RegExp(`^STARTTLS \\(${protocol}\\) with localhost:\\d+ failed: `),
    );
    expect(run('connection.handshake-failed', target, facts)).toEqual([]);
  });

  it('reports a garbage answer as connection.starttls-failed, sanitized', async () => {
    const { facts } = await probe(protocol, 'garbage');
    expect(facts.failure?.kind).toBe('starttls');
    // eslint-disable-next-line no-control-regex
    expect(facts.failure?.message).not.toMatch(/[\x00-\x1f]/);
    if (protocol === 'postgres')
      expect(facts.failure?.message).toMatch(/sent 0x58 instead of S or N/);
    else expect(facts.failure?.message).toMatch(/no valid greeting: "\?\? not a greeting at all"/);
  });

  it('reports a silent server as a timeout naming the step', async () => {
    const { target, facts } = await probe(protocol, 'silent', 300);
    expect(facts.failure).toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(SILENCES[protocol]),
    });
    expect(run('connection.timeout', target, facts)).toHaveLength(1);
    expect(run('connection.starttls-failed', target, facts)).toEqual([]);
  });
});

describe('STARTTLS details', () => {
  it.each([
    ['smtp', 'SMTP server did not advertise STARTTLS'],
    ['imap', 'IMAP server did not advertise STARTTLS'],
  ] as const)('%s: a server that does not offer STARTTLS', async (protocol, message) => {
    const { facts } = await probe(protocol, 'no-starttls');
    expect(facts.failure).toEqual({ kind: 'starttls', message });
  });

  it('refuses bytes sent after the STARTTLS reply instead of reading them as TLS', async () => {
    const { facts } = await probe('smtp', 'inject');
    expect(facts.failure).toEqual({
      kind: 'starttls',
      message: 'SMTP server sent 14 unexpected bytes after agreeing to TLS',
    });
  });

  it('names a server that answers in TLS where a greeting was expected', async () => {
    // A TLS server only ever answers a hello; one that answers anything sends a TLS record.
    const alerting = await startNetServer((socket) =>
      socket.end(Buffer.from([21, 3, 3, 0, 2, 2, 40])),
    );
    const outcome = await startTls({
      address: '127.0.0.1',
      port: alerting.port,
      protocol: 'pop3',
      timeoutMs: 1000,
    });
    await alerting.close();
    expect(outcome).toEqual({
      ok: false,
      failure: {
        kind: 'starttls',
        message:
          'the server answered in TLS, not POP3: this port expects TLS directly; remove starttls',
      },
    });
  });

  it('reports a refused connection as unreachable, not as a STARTTLS failure', async () => {
    const port = await closedPort();
    const outcome = await startTls({
      address: '127.0.0.1',
      port,
      protocol: 'smtp',
      timeoutMs: 1000,
    });
    expect(outcome).toEqual({
      ok: false,
      failure: { kind: 'refused', message: 'connection refused' },
    });
  });

  it('sanitizes server text', () => {
    expect(sanitize('ok\x1b[31m\u00ff')).toBe('ok?[31m?');
    expect(sanitize('x'.repeat(200))).toHaveLength(121);
  });
});
