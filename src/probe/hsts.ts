// HSTS (RFC 6797): one `GET /` on the main handshake's TLS connection, the response head read
// bounded in bytes and time (redirects are not followed, the status is kept), and the
// Strict-Transport-Security header parsed by the grammar of §6.1.
import type tls from 'node:tls';
import { opensslReason } from './errors.js';
import type { HstsFacts, HstsPolicy } from './types.js';

/** Response heads are small; a bigger one is refused rather than buffered. */
export const HEAD_LIMIT = 32 * 1024;

export type HttpHead =
  | { ok: true; status: number; headers: [name: string, value: string][] }
  | { ok: false; error: string };

/** The Host header value (RFC 9110 §7.2): brackets for IPv6, the port unless it is 443. */
export function hostHeader(host: string, port: number): string {
  const name = host.includes(':') ? `[${host}]` : host;
  return port === 443 ? name : `${name}:${port}`;
}

/** Parses a response head (status line and fields, without the blank line). */
export function parseResponseHead(text: string): HttpHead {
  const lines = text.split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)? (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!status) return { ok: false, error: 'the server did not answer GET / in HTTP/1.x' };
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    // obs-fold (RFC 9112 §5.2): a continuation line belongs to the field above.
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1]![1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { ok: true, status: Number(status[1]), headers };
}

/**
 * Sends `GET /` on an established TLS socket and reads the final response head (1xx interim
 * heads are skipped). Never rejects; the caller destroys the socket afterwards.
 */
export function requestHead(
  socket: tls.TLSSocket,
  host: string,
  timeoutMs: number,
): Promise<HttpHead> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let received = 0;
    let done = false;
    const finish = (head: HttpHead): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      resolve(head);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: `no HTTP response head within ${timeoutMs} ms` }),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const match = /\r?\n\r?\n/.exec(buffer.toString('latin1'));
        if (!match) break;
        const head = parseResponseHead(buffer.subarray(0, match.index).toString('latin1'));
        if (head.ok && head.status >= 100 && head.status < 200) {
          buffer = buffer.subarray(match.index + match[0].length);
          continue;
        }
        return finish(head);
      }
      if (received > HEAD_LIMIT) {
        finish({ ok: false, error: `the HTTP response head is larger than ${HEAD_LIMIT} bytes` });
      } else if (buffer.length >= 5 && !buffer.subarray(0, 5).equals(Buffer.from('HTTP/'))) {
        finish({ ok: false, error: 'the server did not answer GET / in HTTP/1.x' });
      }
    };
    const onEnd = (): void =>
      finish({ ok: false, error: 'the server closed the connection without an HTTP response' });
    const onError = (error: Error): void =>
      finish({ ok: false, error: `the connection failed during GET /: ${opensslReason(error)}` });
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    socket.write(
      `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nUser-Agent: tls-gate\r\nAccept: */*\r\n\r\n`,
    );
  });
}

export type ParsedHsts = { ok: true; policy: HstsPolicy } | { ok: false; problem: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * RFC 6797 §6.1: `directive *( ";" [ directive ] )`, directive = token [ "=" ( token /
 * quoted-string ) ]. Names are case-insensitive, none may repeat, max-age (delta-seconds) is
 * required, includeSubDomains takes no value; unknown directives (preload among them, which the
 * RFC does not define) are ignored by the RFC's rules and recorded when known.
 */
export function parseStrictTransportSecurity(value: string): ParsedHsts {
  const seen = new Set<string>();
  let maxAge: number | undefined;
  let includeSubDomains = false;
  let preload = false;
  let rest = value;
  for (;;) {
    rest = rest.replace(/^[ \t]+/, '');
    if (rest.startsWith(';')) {
      rest = rest.slice(1);
      continue;
    }
    if (rest === '') break;
    const name = /^[^=; \t]+/.exec(rest)?.[0];
    if (!name || !TOKEN.test(name)) {
      return { ok: false, problem: `expected a directive name at "${rest.slice(0, 40)}"` };
    }
    rest = rest.slice(name.length).replace(/^[ \t]+/, '');
    let directiveValue: string | undefined;
    if (rest.startsWith('=')) {
      rest = rest.slice(1).replace(/^[ \t]+/, '');
      if (rest.startsWith('"')) {
        const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
        if (!quoted) return { ok: false, problem: `unterminated quoted value for ${name}` };
        directiveValue = quoted[1]!.replace(/\\(.)/g, '$1');
        rest = rest.slice(quoted[0].length);
      } else {
        directiveValue = /^[^; \t]*/.exec(rest)![0];
        if (!TOKEN.test(directiveValue)) {
          return { ok: false, problem: `${name} has an invalid value "${directiveValue}"` };
        }
        rest = rest.slice(directiveValue.length);
      }
    }
    rest = rest.replace(/^[ \t]+/, '');
    if (rest !== '' && !rest.startsWith(';')) {
      return { ok: false, problem: `expected ";" after ${name} at "${rest.slice(0, 40)}"` };
    }
    const lower = name.toLowerCase();
    if (seen.has(lower)) return { ok: false, problem: `the directive ${name} appears twice` };
    seen.add(lower);
    if (lower === 'max-age') {
      if (directiveValue === undefined || !/^\d+$/.test(directiveValue)) {
        return { ok: false, problem: 'max-age needs a number of seconds (max-age=31536000)' };
      }
      maxAge = Number(directiveValue);
    } else if (lower === 'includesubdomains') {
      if (directiveValue !== undefined)
        return { ok: false, problem: 'includeSubDomains takes no value' };
      includeSubDomains = true;
    } else if (lower === 'preload') {
      preload = true;
    }
  }
  if (maxAge === undefined)
    return { ok: false, problem: 'the required max-age directive is missing' };
  return { ok: true, policy: { maxAge, includeSubDomains, preload } };
}

/** What the hsts.* rules need from a response head. */
export function hstsFacts(head: HttpHead): HstsFacts {
  if (!head.ok) return { headers: [], error: head.error };
  const headers = head.headers
    .filter(([name]) => name === 'strict-transport-security')
    .map(([, value]) => value);
  const facts: HstsFacts = { status: head.status, headers };
  const [first] = headers;
  if (first === undefined) return facts;
  const parsed = parseStrictTransportSecurity(first);
  if (parsed.ok) facts.policy = parsed.policy;
  else facts.invalid = parsed.problem;
  return facts;
}
