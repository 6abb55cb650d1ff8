// The HSTS pieces of the prober: the RFC 6797 §6.1 header parser, the response-head parser, and
// the bounded GET / over a TLS socket against raw TLS servers that answer oddly.
import { afterAll, describe, expect, it } from '@jest/globals';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import {
  HEAD_LIMIT,
  hostHeader,
  parseResponseHead,
  parseStrictTransportSecurity,
  requestHead,
  type HttpHead,
} from '../../src/probe/hsts.js';
import { makeChain } from '../helpers/pki.js';

describe('parseStrictTransportSecurity (RFC 6797 §6.1)', () => {
  it.each([
    ['max-age=31536000', { maxAge: 31536000, includeSubDomains: false, preload: false }],
    [
      'max-age=63072000; includeSubDomains; preload',
      { maxAge: 63072000, includeSubDomains: true, preload: true },
    ],
    ['MAX-AGE="600" ; INCLUDESUBDOMAINS', { maxAge: 600, includeSubDomains: true, preload: false }],
    ['  ;max-age = 10 ;; ', { maxAge: 10, includeSubDomains: false, preload: false }],
    ['max-age=0', { maxAge: 0, includeSubDomains: false, preload: false }],
    ['foo="a;b\\"c"; max-age=5', { maxAge: 5, includeSubDomains: false, preload: false }],
    ['max-age=5; report-uri=x', { maxAge: 5, includeSubDomains: false, preload: false }],
  ])('accepts %s', (value, policy) => {
    expect(parseStrictTransportSecurity(value)).toEqual({ ok: true, policy });
  });

  it.each([
    ['', 'the required max-age directive is missing'],
    ['includeSubDomains; preload', 'the required max-age directive is missing'],
    ['max-age', 'max-age needs a number of seconds (max-age=31536000)'],
    ['max-age=-1', 'max-age needs a number of seconds (max-age=31536000)'],
    ['max-age=1.5', 'max-age needs a number of seconds (max-age=31536000)'],
    ['max-age="1 year"', 'max-age needs a number of seconds (max-age=31536000)'],
    ['max-age=1; max-age=2', 'the directive max-age appears twice'],
    [
      'max-age=1; includeSubDomains; includesubdomains',
      'the directive includesubdomains appears twice',
    ],
    ['max-age=1; includeSubDomains=yes', 'includeSubDomains takes no value'],
    ['max-age=1, includeSubDomains', 'max-age has an invalid value "1,"'],
    ['max-age="5', 'unterminated quoted value for max-age'],
    ['max-age=5 includeSubDomains', 'expected ";" after max-age at "includeSubDomains"'],
    ['@max-age=5', 'expected a directive name at "@max-age=5"'],
  ])('rejects %j', (value, problem) => {
    expect(parseStrictTransportSecurity(value)).toEqual({ ok: false, problem });
  });
});

describe('parseResponseHead', () => {
  it('reads the status and lower-cased fields, unfolding continuation lines', () => {
    expect(
      parseResponseHead(
        'HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=1;\r\n includeSubDomains\nX: y',
      ),
    ).toEqual({
      ok: true,
      status: 200,
      headers: [
        ['strict-transport-security', 'max-age=1; includeSubDomains'],
        ['x', 'y'],
      ],
    });
  });
  it('refuses what is not HTTP/1.x', () => {
    expect(parseResponseHead('SSH-2.0-OpenSSH')).toEqual({
      ok: false,
      error: 'the server did not answer GET / in HTTP/1.x',
    });
  });
  it('builds the Host header like a browser', () => {
    expect(hostHeader('example.com', 443)).toBe('example.com');
    expect(hostHeader('example.com', 8443)).toBe('example.com:8443');
    expect(hostHeader('::1', 8443)).toBe('[::1]:8443');
  });
});

describe('requestHead over TLS', () => {
  const chain = makeChain({ hostname: 'localhost' });
  const closers: (() => void)[] = [];
  afterAll(() => closers.forEach((close) => close()));

  /** A TLS server that writes `answer` once it has read the request head (or nothing). */
  async function ask(answer: (request: string) => string | Buffer | undefined, timeoutMs = 1000) {
    let request = '';
    const server = tls.createServer(chain.serverOptions, (socket) => {
      socket.on('error', () => {});
      socket.on('data', (chunk: Buffer) => {
        request += chunk.toString('latin1');
        if (!request.includes('\r\n\r\n')) return;
        const reply = answer(request);
        if (reply !== undefined) socket.write(reply);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sockets: tls.TLSSocket[] = [];
    closers.push(() => {
      sockets.forEach((s) => s.destroy());
      server.close();
    });
    const socket = tls.connect({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      rejectUnauthorized: false,
    });
    sockets.push(socket);
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const head: HttpHead = await requestHead(socket, 'localhost', timeoutMs);
    socket.destroy();
    return { head, request };
  }

  it('sends a plain GET / and skips interim 1xx heads', async () => {
    const { head, request } = await ask(
      () =>
        'HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=5\r\n\r\nbody',
    );
    expect(request).toBe(
      'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nUser-Agent: tls-gate\r\nAccept: */*\r\n\r\n',
    );
    expect(head).toEqual({
      ok: true,
      status: 200,
      headers: [['strict-transport-security', 'max-age=5']],
    });
  });

  it('stops at the byte limit', async () => {
    const { head } = await ask(() => `HTTP/1.1 200 OK\r\nX: ${'a'.repeat(HEAD_LIMIT)}`);
    expect(head).toEqual({
      ok: false,
      error: `the HTTP response head is larger than ${HEAD_LIMIT} bytes`,
    });
  });

  it('stops at the timeout when the server says nothing', async () => {
    const { head } = await ask(() => undefined, 150);
    expect(head).toEqual({ ok: false, error: 'no HTTP response head within 150 ms' });
  });

  it('gives up on a server that answers in another protocol', async () => {
    const { head } = await ask(() => '220 mail.example ESMTP\r\n');
    expect(head).toEqual({ ok: false, error: 'the server did not answer GET / in HTTP/1.x' });
  });
});
