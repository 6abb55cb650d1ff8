// One hand-built ClientHello over a plain TCP socket and the server's cleartext answer, bounded
// in time (one timer covers connect + answer) and in bytes.
import net from 'node:net';
import type { ConnectionFailure } from './types.js';
import {
  HS_CERTIFICATE,
  HS_CERTIFICATE_REQUEST,
  HS_SERVER_HELLO,
  HS_SERVER_HELLO_DONE,
  HS_SERVER_KEY_EXCHANGE,
  RecordReader,
  isTls13Hello,
  parseCertificateList,
  parseServerHello,
  type ServerHelloInfo,
} from './serverhello.js';

/** A ServerHello flight is small; only the Certificate message makes it grow. */
export const HELLO_LIMIT = 64 * 1024;
/** OpenSSL's own default limit for a peer's certificate list is 100 KiB; allow some slack. */
export const FLIGHT_LIMIT = 256 * 1024;

export interface RawExchangeOptions {
  address: string;
  port: number;
  /** A connected plain socket to send the hello on (after STARTTLS) instead of connecting. */
  socket?: net.Socket;
  hello: Buffer;
  timeoutMs: number;
  /** `server-hello`: stop at ServerHello; `flight`: read on to ServerHelloDone (TLS ≤ 1.2). */
  until: 'server-hello' | 'flight';
}

export type RawOutcome =
  | {
      kind: 'hello';
      hello: ServerHelloInfo;
      /** DER certificates as sent (flight reads of TLS ≤ 1.2 only). */
      certificates?: Buffer[];
      serverKeyExchange?: Buffer;
      certificateRequested: boolean;
      /** Why the flight is incomplete, when it is. */
      incomplete?: string;
    }
  | { kind: 'alert'; alert: string; code: number }
  /** The server closed or reset the connection after the hello, without answering. */
  | { kind: 'closed'; message: string }
  | { kind: 'failure'; failure: ConnectionFailure };

/** Maps a socket error to a failure kind; `timeout` is decided by the callers' own timers. */
export function classifySocketError(error: NodeJS.ErrnoException): ConnectionFailure {
  const code = error.code ?? '';
  const message = error.message;
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: 'connection refused' };
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return { kind: 'reset', message: 'connection reset by the server' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return { kind: 'dns', message: `name does not resolve (${code})` };
  if (code === 'ETIMEDOUT') return { kind: 'timeout', message: 'connection timed out' };
  return { kind: 'other', message: code ? `${code}: ${message}` : message };
}

export function rawExchange(options: RawExchangeOptions): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const reader = new RecordReader(options.until === 'flight' ? FLIGHT_LIMIT : HELLO_LIMIT);
    let connected = false;
    let done = false;
    let hello: ServerHelloInfo | undefined;
    let certificates: Buffer[] | undefined;
    let serverKeyExchange: Buffer | undefined;
    let certificateRequested = false;

    const socket = options.socket ?? net.connect({ host: options.address, port: options.port });
    socket.setNoDelay(true);

    const finish = (outcome: RawOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const helloOutcome = (incomplete?: string): RawOutcome => ({
      kind: 'hello',
      hello: hello!,
      certificates,
      serverKeyExchange,
      certificateRequested,
      ...(incomplete ? { incomplete } : {}),
    });
    const ended = (message: string): void => {
      if (hello) finish(helloOutcome(message));
      else finish({ kind: 'closed', message });
    };

    const timer = setTimeout(() => {
      if (hello) return finish(helloOutcome('timed out before the flight ended'));
      const message = connected
        ? `no answer to the ClientHello within ${options.timeoutMs} ms`
        : `no TCP connection within ${options.timeoutMs} ms`;
      finish({ kind: 'failure', failure: { kind: 'timeout', message } });
    }, options.timeoutMs);

    socket.on('connect', () => {
      connected = true;
      socket.write(options.hello);
    });
    socket.on('data', (chunk: Buffer) => {
      const { events, error } = reader.push(chunk);
      for (const event of events) {
        if (done) return;
        if (event.kind === 'alert') {
          if (hello) return finish(helloOutcome(`alert ${event.name} after ServerHello`));
          return finish({ kind: 'alert', alert: event.name, code: event.code });
        }
        if (event.kind === 'encrypted') return ended('encrypted records follow');
        if (event.type === HS_SERVER_HELLO) {
          hello = parseServerHello(event.body);
          if (!hello) {
            return finish({
              kind: 'failure',
              failure: { kind: 'not-tls', message: 'malformed ServerHello' },
            });
          }
          if (options.until === 'server-hello' || isTls13Hello(hello) || hello.helloRetryRequest) {
            return finish(helloOutcome());
          }
        } else if (!hello) {
          return finish({
            kind: 'failure',
            failure: {
              kind: 'not-tls',
              message: `handshake message ${event.type} before ServerHello`,
            },
          });
        } else if (event.type === HS_CERTIFICATE) {
          certificates = parseCertificateList(event.body);
        } else if (event.type === HS_SERVER_KEY_EXCHANGE) {
          serverKeyExchange = event.body;
        } else if (event.type === HS_CERTIFICATE_REQUEST) {
          certificateRequested = true;
        } else if (event.type === HS_SERVER_HELLO_DONE) {
          return finish(helloOutcome());
        }
      }
      if (error && !done) {
        if (error.kind === 'not-tls' && !hello) {
          return finish({ kind: 'failure', failure: { kind: 'not-tls', message: error.message } });
        }
        if (hello) return finish(helloOutcome(error.message));
        return finish({ kind: 'failure', failure: { kind: 'other', message: error.message } });
      }
    });
    socket.on('end', () => ended('the server closed the connection'));
    socket.on('close', () => ended('the connection closed'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset right after our hello is how some servers refuse what was offered.
      if (connected && error.code === 'ECONNRESET') return ended('the server reset the connection');
      finish({ kind: 'failure', failure: classifySocketError(error) });
    });
    if (options.socket) {
      // Already connected (and paused by the STARTTLS dialogue): say hello now.
      connected = true;
      socket.write(options.hello);
      socket.resume();
    }
  });
}
