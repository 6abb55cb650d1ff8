// hsts.* rules against live loopback HTTPS servers, probed by probeHost as the gate does: the
// GET / rides on the main handshake's connection, and only for targets with `hsts:`.
import { afterAll, describe, expect, it } from '@jest/globals';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { hstsRules } from '../../../src/checks/hsts/index.js';
import type { Rule } from '../../../src/checks/types.js';
import type { HostTarget } from '../../../src/policy/types.js';
import { probeHost } from '../../../src/probe/index.js';
import type { HostFacts } from '../../../src/probe/types.js';
import { makeChain } from '../../helpers/pki.js';
import {
  evaluateOnHost,
  hostTarget,
  startTlsServer,
  type TestServer,
} from '../../helpers/tls-servers.js';

const chain = makeChain({ hostname: 'localhost' });
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

interface HttpsServer {
  port: number;
  requests: { url?: string; host?: string; method?: string }[];
}

/** An HTTPS server answering every request with `status` and the given STS header values. */
async function startHttps(status: number, sts: string[] = []): Promise<HttpsServer> {
  const handle: HttpsServer = { port: 0, requests: [] };
  const server = https.createServer(chain.serverOptions, (req, res) => {
    handle.requests.push({ url: req.url, host: req.headers.host, method: req.method });
    if (sts.length > 0) res.setHeader('Strict-Transport-Security', sts);
    res.statusCode = status;
    res.end('body');
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  handle.port = (server.address() as AddressInfo).port;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return handle;
}

async function probe(
  port: number,
  /** null: the policy entry has no `hsts:`. */
  hsts: HostTarget['hsts'] | null = { minAgeDays: 180 },
  extra: Partial<HostTarget> = {},
): Promise<{ target: HostTarget; facts: HostFacts }> {
  const target = hostTarget(port, { ...(hsts ? { hsts } : {}), ...extra });
  return { target, facts: await probeHost(target) };
}

function run(id: string, target: HostTarget, facts: HostFacts): string[] {
  const rule = hstsRules.find((r) => r.id === id) as Rule;
  return evaluateOnHost(rule, target, facts).map((v) => v.message);
}

/** Messages per rule id, only for rules that fire. */
function findings(target: HostTarget, facts: HostFacts): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rule of hstsRules) {
    const messages = run(rule.id, target, facts);
    if (messages.length > 0) out[rule.id] = messages;
  }
  return out;
}

describe('a host that sends a good header', () => {
  it('passes every hsts rule; the facts hold the parsed policy and the status', async () => {
    const server = await startHttps(200, ['max-age=31536000; includeSubDomains; preload']);
    const { target, facts } = await probe(server.port);
    expect(facts.failure).toBeUndefined();
    expect(facts.hsts).toEqual({
      status: 200,
      headers: ['max-age=31536000; includeSubDomains; preload'],
      policy: { maxAge: 31536000, includeSubDomains: true, preload: true },
    });
    expect(findings(target, facts)).toEqual({});
    expect(server.requests).toEqual([
      { url: '/', host: `localhost:${server.port}`, method: 'GET' },
    ]);
  });

  it('counts on an error status too, and records it (redirects and errors are not followed)', async () => {
    const server = await startHttps(500, ['max-age="31536000"']);
    const { target, facts } = await probe(server.port);
    expect(facts.hsts).toMatchObject({ status: 500, policy: { maxAge: 31536000 } });
    expect(findings(target, facts)).toEqual({});
  });
});

describe('hsts.missing', () => {
  it('fires when the answer has no header, naming the status', async () => {
    const server = await startHttps(301);
    const { target, facts } = await probe(server.port);
    expect(findings(target, facts)).toEqual({
      'hsts.missing': [
        `localhost:${server.port} sent no Strict-Transport-Security header (GET / answered 301)`,
      ],
    });
  });

  it('fires when the TLS server does not answer HTTP at all', async () => {
    const server: TestServer = await startTlsServer(chain.serverOptions);
    closers.push(() => server.close());
    const { target, facts } = await probe(server.port);
    expect(facts.failure).toBeUndefined();
    expect(findings(target, facts)).toEqual({
      'hsts.missing': [
        `cannot check HSTS on localhost:${server.port}: the server closed the connection without an HTTP response`,
      ],
    });
  });

  it('explains that a STARTTLS host is not asked', () => {
    const target = hostTarget(25, { hsts: { minAgeDays: 180 }, starttls: 'smtp' });
    const facts: HostFacts = {
      servedChain: [],
      protocols: {},
      timings: {},
      hsts: {
        headers: [],
        error: 'not asked: HSTS is an HTTPS header and this host speaks smtp with STARTTLS',
      },
    };
    expect(run('hsts.missing', target, facts)).toEqual([
      'cannot check HSTS on localhost:25: not asked: HSTS is an HTTPS header and this host speaks smtp with STARTTLS',
    ]);
  });

  it('is opt-in: without `hsts:` no request is sent and no rule fires', async () => {
    const server = await startHttps(200);
    const { target, facts } = await probe(server.port, null);
    expect(facts.failure).toBeUndefined();
    expect(facts.hsts).toBeUndefined();
    expect(server.requests).toEqual([]);
    expect(findings(target, facts)).toEqual({});
  });

  it('stays quiet when the connection itself failed (connection.* reports that)', async () => {
    const { target, facts } = await probe(1, { minAgeDays: 180 }, { address: '127.0.0.1' });
    expect(facts.failure).toBeDefined();
    expect(findings(target, facts)).toEqual({});
  });
});

describe('hsts.max-age-too-short', () => {
  it('fires below min_age_days and passes at it', async () => {
    const server = await startHttps(200, ['max-age=86400']);
    const short = await probe(server.port, { minAgeDays: 180 });
    expect(findings(short.target, short.facts)).toEqual({
      'hsts.max-age-too-short': [
        `localhost:${server.port} sends HSTS max-age=86400 (1 days), below the policy minimum of 180 days`,
      ],
    });
    const enough = await probe(server.port, { minAgeDays: 1 });
    expect(findings(enough.target, enough.facts)).toEqual({});
  });

  it('names max-age=0 for what it does', async () => {
    const server = await startHttps(200, ['max-age=0']);
    const { target, facts } = await probe(server.port);
    expect(run('hsts.max-age-too-short', target, facts)).toEqual([
      `localhost:${server.port} sends max-age=0, which tells browsers to forget HSTS for it (the policy asks for at least 180 days)`,
    ]);
  });
});

describe('hsts.invalid', () => {
  it.each([
    ['max-age=abc', 'max-age needs a number of seconds (max-age=31536000)'],
    ['includeSubDomains', 'the required max-age directive is missing'],
    ['max-age=1; MAX-AGE=2', 'the directive MAX-AGE appears twice'],
  ])('fires on %s', async (header, problem) => {
    const server = await startHttps(200, [header]);
    const { target, facts } = await probe(server.port);
    expect(findings(target, facts)).toEqual({
      'hsts.invalid': [
        `localhost:${server.port} sent an invalid Strict-Transport-Security header "${header}": ${problem}`,
      ],
    });
  });

  it('judges only the first of several headers (RFC 6797 §8.1)', async () => {
    const server = await startHttps(200, ['max-age=31536000', 'max-age=oops']);
    const { target, facts } = await probe(server.port);
    expect(facts.hsts?.headers).toEqual(['max-age=31536000', 'max-age=oops']);
    expect(findings(target, facts)).toEqual({});
  });
});
