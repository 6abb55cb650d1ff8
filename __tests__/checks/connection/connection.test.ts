// connection.* rules against live loopback servers: each failing case is a server that fails
// that way; the passing case for all of them is a healthy node:tls server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectionRules } from '../../../src/checks/connection/index.js';
import type { Rule } from '../../../src/checks/types.js';
import { makeChain } from '../../helpers/pki.js';
import {
  closedPort,
  hostTarget,
  probedServers,
  startFakeServer,
  startHttpServer,
  startTlsServer,
} from '../../helpers/tls-servers.js';

const chain = makeChain({ hostname: 'localhost' });
const hosts = probedServers();

beforeAll(async () => {
  const healthy = await startTlsServer(chain.serverOptions);
  const silent = await startFakeServer({ kind: 'silent' });
  const reset = await startFakeServer({ kind: 'reset' });
  const web = await startHttpServer();
  const alert = await startFakeServer({ kind: 'alert', code: 40 });
  const mtlsOptions = {
    ...chain.serverOptions,
    requestCert: true,
    rejectUnauthorized: true,
    ca: chain.trustPem,
  };
  const mtls = await startTlsServer(mtlsOptions);
  const mtls12 = await startTlsServer({ ...mtlsOptions, maxVersion: 'TLSv1.2' });
  await hosts.probe({
    healthy,
    refused: { target: hostTarget(await closedPort()) },
    reset,
    silent: { server: silent, target: hostTarget(silent.port, { settings: { timeoutMs: 250 } }) },
    http: web,
    alert,
    mtls,
    mtls12,
  });
});
afterAll(() => hosts.close());

const run = (id: string, name: string) =>
  hosts.run(connectionRules.find((r) => r.id === id) as Rule, name);

const cases: [string, string[]][] = [
  ['connection.unreachable', ['refused', 'reset']],
  ['connection.timeout', ['silent']],
  ['connection.not-tls', ['http']],
  ['connection.handshake-failed', ['alert']],
  ['connection.client-certificate-required', ['mtls', 'mtls12']],
];

describe.each(cases)('%s', (id, failing) => {
  it.each(failing)('fires on the %s server', (name) => {
    expect(run(id, name)).toHaveLength(1);
  });
  it('stays quiet on a healthy server and on the other failures', () => {
    const others = [...hosts.probed.keys()].filter((name) => !failing.includes(name));
    for (const name of others) expect({ name, found: run(id, name) }).toEqual({ name, found: [] });
  });
});

describe('messages', () => {
  it('name the alert, the HTTP answer and the client_cert key', () => {
    expect(run('connection.handshake-failed', 'alert')[0]!.message).toMatch(/handshake_failure/);
    expect(run('connection.not-tls', 'http')[0]!.message).toMatch(/plain HTTP/);
    expect(run('connection.client-certificate-required', 'mtls')[0]!.message).toMatch(
      /client_cert/,
    );
    expect(run('connection.unreachable', 'refused')[0]!.message).toMatch(/refused/);
  });
});
