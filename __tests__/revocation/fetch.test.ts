import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpFetcher } from '../../src/revocation/fetch.js';
import { startRevocationServer, type RevocationServer } from '../helpers/ocsp-responder.js';

let server: RevocationServer;

beforeAll(async () => {
  server = await startRevocationServer();
});
afterAll(async () => {
  await server.close();
});

const hits = (path: string) => server.requests.filter((r) => r.path === path).length;

describe('createHttpFetcher', () => {
  it('fetches a body with GET, and POSTs a request body as application/ocsp-request', async () => {
    const url = server.route('/plain', { body: 'crl bytes' });
    const fetcher = createHttpFetcher();
    const got = await fetcher.fetch({ kind: 'crl', url });
    expect(got).toEqual({ ok: true, url, body: new Uint8Array(Buffer.from('crl bytes')) });
    await fetcher.fetch({ kind: 'ocsp', url, body: new Uint8Array([1, 2, 3]) });
    const post = server.requests.filter((r) => r.path === '/plain')[1]!;
    expect(post).toMatchObject({ method: 'POST', contentType: 'application/ocsp-request' });
    expect([...post.body]).toEqual([1, 2, 3]);
  });

  it('fetches a URL once per run, sharing the request in flight', async () => {
    const url = server.route('/shared.crl', { body: 'x', delayMs: 50 });
    const fetcher = createHttpFetcher();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => fetcher.fetch({ kind: 'crl', url })),
    );
    expect(hits('/shared.crl')).toBe(1);
    expect(new Set(results).size).toBe(1);
    // Another run (another fetcher) asks again.
    await createHttpFetcher().fetch({ kind: 'crl', url });
    expect(hits('/shared.crl')).toBe(2);
  });

  it('keys OCSP POSTs by their body too', async () => {
    const url = server.route('/ocsp-cache', { body: 'r' });
    const fetcher = createHttpFetcher();
    await fetcher.fetch({ kind: 'ocsp', url, body: new Uint8Array([1]) });
    await fetcher.fetch({ kind: 'ocsp', url, body: new Uint8Array([1]) });
    await fetcher.fetch({ kind: 'ocsp', url, body: new Uint8Array([2]) });
    expect(hits('/ocsp-cache')).toBe(2);
  });

  it('aborts a body that outgrows the limit while streaming', async () => {
    const url = server.route('/endless', { streamBytes: 1024 * 1024 * 1024 });
    const started = Date.now();
    const got = await createHttpFetcher({ maxBytes: { crl: 256 * 1024 } }).fetch({
      kind: 'crl',
      url,
    });
    expect(got).toMatchObject({ ok: false, code: 'too-large' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses an announced Content-Length above the limit, with the OCSP limit for OCSP', async () => {
    const url = server.route('/big', { body: Buffer.alloc(100 * 1024) });
    const fetcher = createHttpFetcher();
    expect(await fetcher.fetch({ kind: 'ocsp', url, body: new Uint8Array([0]) })).toMatchObject({
      ok: false,
      code: 'too-large',
    });
    expect(await fetcher.fetch({ kind: 'crl', url })).toMatchObject({ ok: true });
  });

  it('times out on a server that never answers, redirects included in the deadline', async () => {
    const url = server.route('/hang', { hang: true });
    const started = Date.now();
    const got = await createHttpFetcher({ timeoutMs: 200 }).fetch({ kind: 'crl', url });
    expect(got).toMatchObject({ ok: false, code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
    const hop = server.route('/hop-to-hang', { redirect: '/hang' });
    expect(
      await createHttpFetcher({ timeoutMs: 200 }).fetch({ kind: 'crl', url: hop }),
    ).toMatchObject({
      ok: false,
      code: 'timeout',
    });
  });

  it('follows a bounded number of redirects, relative ones included', async () => {
    server.route('/final', { body: 'here' });
    server.route('/r1', { redirect: '/final', status: 301 });
    const r2 = server.route('/r2', { redirect: `${server.url}/r1`, status: 307 });
    const ok = await createHttpFetcher().fetch({ kind: 'crl', url: r2 });
    expect(ok).toMatchObject({ ok: true, url: `${server.url}/final` });
    const tooFew = await createHttpFetcher({ maxRedirects: 1 }).fetch({ kind: 'crl', url: r2 });
    expect(tooFew).toMatchObject({ ok: false, code: 'too-many-redirects' });
    const loop = server.route('/loop', { redirect: '/loop' });
    expect(await createHttpFetcher().fetch({ kind: 'crl', url: loop })).toMatchObject({
      ok: false,
      code: 'too-many-redirects',
    });
    expect(hits('/loop')).toBe(4); // the first request + 3 redirects
  });

  it('fetches http:// only, also after a redirect', async () => {
    const fetcher = createHttpFetcher();
    for (const url of [
      'https://ocsp.example/',
      'ftp://crl.example/x.crl',
      'ldap://x/y',
      'not a url',
    ]) {
      expect(await fetcher.fetch({ kind: 'crl', url })).toMatchObject({
        ok: false,
        code: 'unsupported-url',
      });
    }
    const toHttps = server.route('/to-https', { redirect: 'https://127.0.0.1:1/x.crl' });
    expect(await fetcher.fetch({ kind: 'crl', url: toHttps })).toMatchObject({
      ok: false,
      code: 'unsupported-url',
    });
  });

  it('reports HTTP errors and refused connections', async () => {
    const url = server.route('/error', { status: 500 });
    expect(await createHttpFetcher().fetch({ kind: 'crl', url })).toMatchObject({
      ok: false,
      code: 'http-error',
      message: expect.stringContaining('HTTP 500'),
    });
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    expect(
      await createHttpFetcher().fetch({ kind: 'crl', url: `http://127.0.0.1:${port}/x.crl` }),
    ).toMatchObject({ ok: false, code: 'unreachable' });
  });
});
