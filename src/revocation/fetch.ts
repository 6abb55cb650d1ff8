// The one HTTP client outside src/probe/: fetches OCSP responses and CRLs over plain http://
// (RFC 5280 §4.2.1.13 and RFC 6960 expect HTTP; https would need revocation checks of its own).
// Bounded in time (one deadline across redirects), size (enforced while streaming) and
// redirects; every result is cached per URL (+ request body) for the run, in-flight included,
// so fifty hosts under one CA fetch its CRL once.
import { createHash } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { FetchRequest, FetchResult, RevocationFetcher } from './types.js';

export interface HttpFetcherOptions {
  /** Deadline for one fetch, redirects included. Default 5000. */
  timeoutMs?: number;
  /** Largest body accepted per kind. Defaults: OCSP 64 KiB, CRL 10 MiB. */
  maxBytes?: { ocsp?: number; crl?: number };
  /** Redirects followed before giving up. Default 3. */
  maxRedirects?: number;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_OCSP_BYTES = 64 * 1024;
export const DEFAULT_MAX_CRL_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 3;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createHttpFetcher(options: HttpFetcherOptions = {}): RevocationFetcher {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBytes = {
    ocsp: options.maxBytes?.ocsp ?? DEFAULT_MAX_OCSP_BYTES,
    crl: options.maxBytes?.crl ?? DEFAULT_MAX_CRL_BYTES,
  };
  const cache = new Map<string, Promise<FetchResult>>();
  return {
    fetch(req: FetchRequest): Promise<FetchResult> {
      const bodyHash = req.body ? createHash('sha256').update(req.body).digest('hex') : '';
      const key = `${req.kind} ${req.url} ${bodyHash}`;
      let result = cache.get(key);
      if (!result) {
        // A request already in flight for another target is shared, with that target's deadline.
        result = fetchBounded(req, {
          timeoutMs: req.timeoutMs ?? timeoutMs,
          maxRedirects,
          maxBytes: maxBytes[req.kind],
        });
        cache.set(key, result);
      }
      return result;
    },
  };
}

interface Bounds {
  timeoutMs: number;
  maxRedirects: number;
  maxBytes: number;
}

type FetchFailure = Extract<FetchResult, { ok: false }>;
type Hop =
  | { kind: 'body'; body: Uint8Array }
  | { kind: 'redirect'; location: string }
  | ({ kind: 'failure' } & FetchFailure);

async function fetchBounded(req: FetchRequest, bounds: Bounds): Promise<FetchResult> {
  const deadline = Date.now() + bounds.timeoutMs;
  let url = req.url;
  for (let redirects = 0; ; redirects++) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, code: 'unsupported-url', message: `${url} is not a valid URL` };
    }
    if (parsed.protocol !== 'http:') {
      return {
        ok: false,
        code: 'unsupported-url',
        message: `${url}: only http:// URLs are fetched for revocation data`,
      };
    }
    const hop = await fetchOnce(parsed, req, bounds.maxBytes, deadline - Date.now());
    if (hop.kind === 'body') return { ok: true, body: hop.body, url };
    if (hop.kind === 'failure') return { ok: false, code: hop.code, message: hop.message };
    if (redirects >= bounds.maxRedirects) {
      return {
        ok: false,
        code: 'too-many-redirects',
        message: `${req.url}: more than ${bounds.maxRedirects} redirects`,
      };
    }
    url = new URL(hop.location, parsed).toString();
  }
}

function fetchOnce(
  url: URL,
  req: FetchRequest,
  maxBytes: number,
  remainingMs: number,
): Promise<Hop> {
  const fail = (code: FetchFailure['code'], message: string): Hop => ({
    kind: 'failure',
    ok: false,
    code,
    message: `${url.toString()}: ${message}`,
  });
  if (remainingMs <= 0) return Promise.resolve(fail('timeout', 'timed out'));
  return new Promise<Hop>((resolve) => {
    let settled = false;
    // Settling always happens in a later tick (timer, socket events), after the request exists.
    const settle = (hop: Hop) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clientRequest.destroy();
      resolve(hop);
    };
    const timer = setTimeout(() => settle(fail('timeout', 'timed out')), remainingMs);
    const headers: Record<string, string> = {
      accept: req.kind === 'ocsp' ? 'application/ocsp-response' : 'application/pkix-crl, */*',
      connection: 'close',
    };
    if (req.body) {
      headers['content-type'] = 'application/ocsp-request';
      headers['content-length'] = String(req.body.byteLength);
    }
    const clientRequest: ClientRequest = httpRequest(
      url,
      { method: req.body ? 'POST' : 'GET', headers, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status) && res.headers.location) {
          settle({ kind: 'redirect', location: res.headers.location });
          return;
        }
        if (status !== 200) {
          settle(fail('http-error', `HTTP ${status}`));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (declared > maxBytes) {
          settle(fail('too-large', `${declared} bytes announced, limit ${maxBytes}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            settle(fail('too-large', `more than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => settle({ kind: 'body', body: new Uint8Array(Buffer.concat(chunks)) }));
        res.on('error', (err) => settle(fail('unreachable', err.message)));
        // After 'end' this is a no-op; before it, the server hung up mid-body.
        res.on('close', () => settle(fail('unreachable', 'connection closed mid-response')));
      },
    );
    clientRequest.on('error', (err) => settle(fail('unreachable', err.message)));
    clientRequest.end(req.body ? Buffer.from(req.body) : undefined);
  });
}
