// STARTTLS: the plaintext dialogue some protocols speak before TLS (SMTP RFC 3207, IMAP and POP3
// RFC 2595, FTP RFC 4217, PostgreSQL's SSLRequest). Every connection the prober makes to such a
// host runs it on a fresh socket and then hands the socket to the TLS layer. Reads are bounded in
// bytes and time; server text is sanitized before it reaches a message.
import net from 'node:net';
import type { StartTlsProtocol } from '../policy/types.js';
import { classifySocketError } from './raw.js';
import type { ConnectionFailure } from './types.js';

/** Everything a server may send before TLS starts; greetings and EHLO replies are far smaller. */
export const STARTTLS_LIMIT = 16 * 1024;
/** Longest reply line accepted (RFC 5321 §4.5.3.1.5 allows 512 octets; IMAP greetings run longer). */
const LINE_LIMIT = 4096;

export const EHLO_NAME = 'tls-gate.invalid';
/** PostgreSQL SSLRequest: length 8, code 80877103 (1234 << 16 | 5679). */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

const LABELS: Record<StartTlsProtocol, string> = {
  smtp: 'SMTP',
  imap: 'IMAP',
  pop3: 'POP3',
  ftp: 'FTP',
  postgres: 'PostgreSQL',
};

export interface StartTlsParams {
  address: string;
  port: number;
  protocol: StartTlsProtocol;
  /** Bounds connect and the whole dialogue. */
  timeoutMs: number;
}

export type StartTlsOutcome =
  { ok: true; socket: net.Socket } | { ok: false; failure: ConnectionFailure };

/** Server text fit for a message: printable ASCII only, and short. */
export function sanitize(text: string, max = 120): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

class DialogueError extends Error {
  constructor(readonly failure: ConnectionFailure) {
    super(failure.message);
  }
}

/** Line and byte reads over the plain socket, failing fast once the socket fails or times out. */
class Reader {
  private buffer = Buffer.alloc(0);
  private received = 0;
  private connected = false;
  private failure?: ConnectionFailure;
  private wake?: () => void;

  constructor(
    private readonly socket: net.Socket,
    private readonly label: string,
  ) {
    socket.on('connect', this.onConnect);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  private readonly onConnect = (): void => {
    this.connected = true;
    this.wake?.();
  };
  private readonly onData = (chunk: Buffer): void => {
    this.received += chunk.length;
    if (this.received > STARTTLS_LIMIT) {
      this.stop({
        kind: 'starttls',
        message: `${this.label} server sent more than ${STARTTLS_LIMIT} bytes before TLS`,
      });
    } else {
      this.buffer = Buffer.concat([this.buffer, chunk]);
    }
    this.wake?.();
  };
  private readonly onEnd = (): void => {
    this.stop({
      kind: 'starttls',
      message: `${this.label} server closed the connection before TLS started`,
    });
  };
  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.stop(classifySocketError(error));
  };

  get isConnected(): boolean {
    return this.connected;
  }

  /** Ends the dialogue with a STARTTLS failure. */
  fail(message: string): never {
    this.stop({ kind: 'starttls', message });
    throw new DialogueError(this.failure!);
  }

  /** Records the first failure (from events and the timer) and wakes a waiting read. */
  stop(failure: ConnectionFailure): void {
    this.failure ??= failure;
    this.wake?.();
  }

  private async more(): Promise<void> {
    if (!this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    if (this.failure) throw new DialogueError(this.failure);
  }

  async connect(): Promise<void> {
    while (!this.connected) await this.more();
  }

  /** One line without its CR/LF; TLS bytes or an overlong line mean the server speaks otherwise. */
  async line(): Promise<string> {
    for (;;) {
      if (this.failure) throw new DialogueError(this.failure);
      // A TLS record header (handshake or alert) where text was expected: the port speaks TLS.
      if (this.buffer.length > 0 && (this.buffer[0] === 0x16 || this.buffer[0] === 0x15)) {
        this.fail(
          `the server answered in TLS, not ${this.label}: this port expects TLS directly; remove starttls`,
        );
      }
      const end = this.buffer.indexOf(0x0a);
      if (end > LINE_LIMIT || (end < 0 && this.buffer.length > LINE_LIMIT)) {
        this.fail(`${this.label} server sent a line longer than ${LINE_LIMIT} bytes`);
      }
      if (end >= 0) {
        const line = this.buffer.subarray(0, end).toString('latin1').replace(/\r$/, '');
        this.buffer = this.buffer.subarray(end + 1);
        return line;
      }
      await this.more();
    }
  }

  async byte(): Promise<number> {
    while (this.buffer.length === 0) await this.more();
    const value = this.buffer[0]!;
    this.buffer = this.buffer.subarray(1);
    return value;
  }

  /**
   * Hands the socket over for TLS. Bytes already received past the last reply would be read as
   * if they came over TLS (the STARTTLS injection class of bugs), so they fail the dialogue.
   */
  detach(): void {
    if (this.failure) throw new DialogueError(this.failure);
    if (this.buffer.length > 0) {
      this.fail(
        `${this.label} server sent ${this.buffer.length} unexpected bytes after agreeing to TLS`,
      );
    }
    this.socket.pause();
    this.socket.off('connect', this.onConnect);
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
  }
}

interface Reply {
  code: number;
  /** Text of each line after the code. */
  lines: string[];
}

/**
 * An SMTP or FTP reply: `ddd-` lines continue it, `ddd ` ends it. FTP (RFC 959 §4.2) lets the
 * lines between the first and the last carry any text; SMTP repeats the code on every line.
 */
async function codedReply(
  reader: Reader,
  label: string,
  what: string,
  ftp = false,
): Promise<Reply> {
  const first = await reader.line();
  const match = /^(\d{3})(?:([ -])(.*))?$/.exec(first);
  if (!match) reader.fail(`${label} server sent no valid ${what}: "${sanitize(first)}"`);
  const code = match[1]!;
  const lines = [match[3] ?? ''];
  if (match[2] !== '-') return { code: Number(code), lines };
  for (;;) {
    const line = await reader.line();
    const next = /^(\d{3})(?:([ -])(.*))?$/.exec(line);
    if (next && next[1] === code && next[2] !== '-') {
      lines.push(next[3] ?? '');
      return { code: Number(code), lines };
    }
    if (next && next[1] === code) lines.push(next[3] ?? '');
    else if (ftp) lines.push(line);
    else reader.fail(`${label} server sent a malformed ${what}: "${sanitize(line)}"`);
  }
}

function replyText(reply: Reply): string {
  return sanitize(`${reply.code} ${reply.lines[reply.lines.length - 1] ?? ''}`.trim());
}

function send(socket: net.Socket, text: string): void {
  socket.write(`${text}\r\n`);
}

const dialogues: Record<
  StartTlsProtocol,
  (reader: Reader, socket: net.Socket, step: (name: string) => void) => Promise<void>
> = {
  async smtp(reader, socket, step) {
    const label = 'SMTP';
    step('greeting');
    const greeting = await codedReply(reader, label, 'greeting');
    if (greeting.code !== 220)
      reader.fail(`SMTP server refused the session: ${replyText(greeting)}`);
    step('reply to EHLO');
    send(socket, `EHLO ${EHLO_NAME}`);
    const ehlo = await codedReply(reader, label, 'reply to EHLO');
    if (ehlo.code !== 250) reader.fail(`SMTP server rejected EHLO: ${replyText(ehlo)}`);
    // The first line is the server's name; the others are one extension keyword each.
    if (!ehlo.lines.slice(1).some((line) => /^STARTTLS\b/i.test(line.trim()))) {
      reader.fail('SMTP server did not advertise STARTTLS');
    }
    step('reply to STARTTLS');
    send(socket, 'STARTTLS');
    const reply = await codedReply(reader, label, 'reply to STARTTLS');
    if (reply.code !== 220) reader.fail(`SMTP server refused STARTTLS: ${replyText(reply)}`);
  },

  async imap(reader, socket, step) {
    step('greeting');
    const greeting = await reader.line();
    if (/^\* BYE\b/i.test(greeting))
      reader.fail(`IMAP server refused the session: "${sanitize(greeting)}"`);
    if (/^\* PREAUTH\b/i.test(greeting)) {
      reader.fail('IMAP server greeted with PREAUTH, after which STARTTLS is not allowed');
    }
    if (!/^\* OK\b/i.test(greeting))
      reader.fail(`IMAP server sent no valid greeting: "${sanitize(greeting)}"`);
    // A capability list in the greeting answers the question without another round trip.
    const capabilities = /\[CAPABILITY ([^\]]*)\]/i.exec(greeting);
    if (capabilities && !/(^|\s)STARTTLS(\s|$)/i.test(capabilities[1]!)) {
      reader.fail('IMAP server did not advertise STARTTLS');
    }
    step('reply to STARTTLS');
    send(socket, 'a1 STARTTLS');
    for (;;) {
      const line = await reader.line();
      if (line.startsWith('* ')) continue; // untagged data before the tagged answer
      if (/^a1 OK\b/i.test(line)) return;
      if (/^a1 (NO|BAD)\b/i.test(line))
        reader.fail(`IMAP server refused STARTTLS: "${sanitize(line)}"`);
      reader.fail(`IMAP server sent a malformed reply to STARTTLS: "${sanitize(line)}"`);
    }
  },

  async pop3(reader, socket, step) {
    step('greeting');
    const greeting = await reader.line();
    if (/^-ERR\b/i.test(greeting))
      reader.fail(`POP3 server refused the session: "${sanitize(greeting)}"`);
    if (!/^\+OK\b/i.test(greeting))
      reader.fail(`POP3 server sent no valid greeting: "${sanitize(greeting)}"`);
    step('reply to STLS');
    send(socket, 'STLS');
    const reply = await reader.line();
    if (/^-ERR\b/i.test(reply)) reader.fail(`POP3 server refused STLS: "${sanitize(reply)}"`);
    if (!/^\+OK\b/i.test(reply))
      reader.fail(`POP3 server sent a malformed reply to STLS: "${sanitize(reply)}"`);
  },

  async ftp(reader, socket, step) {
    const label = 'FTP';
    step('greeting');
    const greeting = await codedReply(reader, label, 'greeting', true);
    if (greeting.code !== 220)
      reader.fail(`FTP server refused the session: ${replyText(greeting)}`);
    step('reply to AUTH TLS');
    send(socket, 'AUTH TLS');
    const reply = await codedReply(reader, label, 'reply to AUTH TLS', true);
    if (reply.code !== 234) reader.fail(`FTP server refused AUTH TLS: ${replyText(reply)}`);
  },

  async postgres(reader, socket, step) {
    step('answer to the SSLRequest');
    socket.write(SSL_REQUEST);
    const answer = await reader.byte();
    if (answer === 0x53) return; // 'S'
    if (answer === 0x4e) reader.fail('PostgreSQL server refused SSL (N)');
    if (answer === 0x45) {
      reader.fail('PostgreSQL server answered the SSLRequest with an error message (E)');
    }
    reader.fail(
      `PostgreSQL server sent 0x${answer.toString(16).padStart(2, '0')} instead of S or N to the SSLRequest`,
    );
  },
};

/** Connects and runs the protocol's STARTTLS dialogue; the socket is ready for a ClientHello. */
export function startTls(params: StartTlsParams): Promise<StartTlsOutcome> {
  const label = LABELS[params.protocol];
  const socket = net.connect({ host: params.address, port: params.port });
  socket.setNoDelay(true);
  const reader = new Reader(socket, label);
  let waitingFor = 'greeting';
  const timer = setTimeout(() => {
    const message = reader.isConnected
      ? `${label} server sent no ${waitingFor} within ${params.timeoutMs} ms`
      : `no TCP connection within ${params.timeoutMs} ms`;
    reader.stop({ kind: 'timeout', message });
  }, params.timeoutMs);

  const run = async (): Promise<StartTlsOutcome> => {
    await reader.connect();
    await dialogues[params.protocol](reader, socket, (name) => (waitingFor = name));
    reader.detach();
    return { ok: true, socket };
  };
  return run()
    .catch((error: unknown): StartTlsOutcome => {
      socket.destroy();
      if (error instanceof DialogueError) return { ok: false, failure: error.failure };
      throw error;
    })
    .finally(() => clearTimeout(timer));
}
