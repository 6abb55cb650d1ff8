// The one full handshake per host, with node:tls: negotiated version and suite, key exchange,
// stapled OCSP response and the certificates as Node saw them. Node judges nothing here
// (rejectUnauthorized: false, lowest security level): the checks do the judging.
import type net from 'node:net';
import tls from 'node:tls';
import type { ProtocolName } from '../policy/types.js';
import { requestHead, type HttpHead } from './hsts.js';
import { opensslReason } from './errors.js';
import { classifySocketError } from './raw.js';
import type { ConnectionFailure } from './types.js';

export interface HandshakeParams {
  address: string;
  port: number;
  /** SNI; undefined for IP literals. */
  servername?: string;
  timeoutMs: number;
  /** Client certificate and key (PEM) for servers that require one. */
  clientCredentials?: { cert: string | Buffer; key: string | Buffer; passphrase?: string };
  /** A connected plain socket to run TLS over (after STARTTLS) instead of connecting. */
  socket?: net.Socket;
  /** Send `GET /` once the handshake is done and read the response head (HSTS). */
  http?: { host: string; timeoutMs: number };
}

export type HandshakeOutcome =
  | {
      ok: true;
      protocol?: ProtocolName;
      /** IANA (standard) suite name. */
      cipher?: string;
      ephemeral?: { type: string; name?: string; size?: number };
      /** Certificates as Node links them (leaf first, issuer matching, self-loop removed). */
      chain: Buffer[];
      ocsp?: Buffer;
      /** The response head to `GET /`, when `http` was asked for. */
      http?: HttpHead;
    }
  | {
      ok: false;
      failure: ConnectionFailure;
      protocol?: ProtocolName;
      /** Set when a TLS 1.3 server rejected us only after the handshake had finished. */
      chain?: Buffer[];
    };

/** Grace for a TLS 1.3 server to reject the (absent) client certificate after our Finished. */
const CLIENT_AUTH_GRACE_MS = 150;

const CONTEXT_OPTIONS: tls.SecureContextOptions = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1.3',
  ciphers: 'DEFAULT:@SECLEVEL=0',
};
// One context for every connection without a client certificate: building a SecureContext per
// host costs more than a handshake.
let sharedContext: tls.SecureContext | undefined;
function context(credentials: HandshakeParams['clientCredentials']): tls.SecureContext {
  if (credentials) return tls.createSecureContext({ ...CONTEXT_OPTIONS, ...credentials });
  sharedContext ??= tls.createSecureContext(CONTEXT_OPTIONS);
  return sharedContext;
}

const PROTOCOLS = new Set<string>(['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);

function asProtocol(value: string | null | undefined): ProtocolName | undefined {
  return value && PROTOCOLS.has(value) ? (value as ProtocolName) : undefined;
}

/** OpenSSL names a received alert in the error code, e.g. ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE. */
export function alertFromError(error: NodeJS.ErrnoException): string | undefined {
  const match = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_(?:ALERT_)?([A-Z_]+)$/.exec(error.code ?? '');
  if (!match || !/alert|unrecognized/i.test(`${error.code} ${error.message}`)) return undefined;
  return match[1]!.toLowerCase();
}

function classifyTlsError(error: NodeJS.ErrnoException): ConnectionFailure {
  const alert = alertFromError(error);
  if (alert === 'certificate_required') {
    return {
      kind: 'client-certificate-required',
      message: 'the server sent the alert certificate_required',
      alert,
    };
  }
  if (alert) return { kind: 'handshake', message: `the server sent the alert ${alert}`, alert };
  const code = error.code ?? '';
  if (
    /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|RECORD_LAYER_FAILURE|UNKNOWN_PROTOCOL/.test(code)
  ) {
    return { kind: 'not-tls', message: 'the server did not answer in TLS' };
  }
  if (code.startsWith('ERR_SSL_')) return { kind: 'handshake', message: opensslReason(error) };
  // Node's own ECONNRESET (no syscall) means the TCP stream ended cleanly: the server accepted
  // the connection, then hung up on our hello. It is reachable, so a TLS refusal, not a reset.
  if (code === 'ECONNRESET' && error.syscall === undefined) return closedBeforeHandshake();
  return classifySocketError(error);
}

export const CLOSED_MESSAGE = 'the server closed the connection before the TLS handshake finished';

/** The server closed (FIN, no alert) before the handshake finished. */
function closedBeforeHandshake(): ConnectionFailure {
  return { kind: 'handshake', message: CLOSED_MESSAGE };
}

function chainOf(socket: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  // Node links the root's issuerCertificate to itself; `seen` also stops longer loops.
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}

export function tlsHandshake(params: HandshakeParams): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    let done = false;
    let ocsp: Buffer | undefined;
    // requestOCSP is a documented TLSSocket option that @types/node leaves out of ConnectionOptions.
    const connectOptions: tls.ConnectionOptions & { requestOCSP: boolean } = {
      ...(params.socket ? { socket: params.socket } : { host: params.address, port: params.port }),
      servername: params.servername,
      secureContext: context(params.clientCredentials),
      rejectUnauthorized: false,
      requestOCSP: true,
      minDHSize: 1,
    };
    const socket = tls.connect(connectOptions);
    const finish = (outcome: HandshakeOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      const message = socket.connecting
        ? `no TCP connection within ${params.timeoutMs} ms`
        : `TLS handshake not finished within ${params.timeoutMs} ms`;
      finish({ ok: false, failure: { kind: 'timeout', message } });
    }, params.timeoutMs);

    socket.on('OCSPResponse', (response: Buffer) => {
      ocsp = response;
    });
    let chain: Buffer[] | undefined;
    const onError = (error: NodeJS.ErrnoException): void => {
      // getProtocol() names the version only once the handshake got that far.
      const after = chain ? { protocol: asProtocol(socket.getProtocol()), chain } : {};
      finish({ ok: false, failure: classifyTlsError(error), ...after });
    };
    const onClose = (): void => {
      finish({ ok: false, failure: closedBeforeHandshake() });
    };
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('secureConnect', () => {
      const info = socket.getEphemeralKeyInfo();
      const ephemeral =
        info && 'type' in info && info.type
          ? { type: info.type, name: info.name, size: info.size }
          : undefined;
      const outcome: HandshakeOutcome = {
        ok: true,
        protocol: asProtocol(socket.getProtocol()),
        cipher: socket.getCipher()?.standardName,
        ephemeral,
        chain: (chain = chainOf(socket)),
        ...(ocsp ? { ocsp } : {}),
      };
      if (params.http) {
        // An HTTP answer also proves a TLS 1.3 server accepted our (absent) client certificate;
        // a rejection arrives as an alert, which still ends the probe as a handshake failure.
        clearTimeout(timer);
        socket.off('close', onClose);
        socket.off('error', onError);
        socket.on('error', (error: NodeJS.ErrnoException) => {
          if (alertFromError(error)) {
            finish({
              ok: false,
              failure: classifyTlsError(error),
              protocol: outcome.protocol,
              chain,
            });
          }
        });
        void requestHead(socket, params.http.host, params.http.timeoutMs).then((http) =>
          finish({ ...outcome, http }),
        );
        return;
      }
      if (outcome.protocol !== 'TLSv1.3') return finish(outcome);
      // TLS 1.3 finishes client-side before the server checks our (absent) certificate; a
      // server that requires one answers certificate_required now, others send session tickets.
      socket.once('session', () => finish(outcome));
      socket.once('end', () => finish(outcome));
      socket.removeAllListeners('close');
      socket.on('close', () => finish(outcome));
      setTimeout(() => finish(outcome), Math.min(CLIENT_AUTH_GRACE_MS, params.timeoutMs)).unref();
    });
  });
}
