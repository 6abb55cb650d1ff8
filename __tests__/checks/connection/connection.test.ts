// connection.* rules against live loopback servers: each failing case is a server that fails
// that way; the passing case for all of them is a healthy node:tls server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectionRules } from '../../../src/checks/connection/index.js';
import type { Rule } from '../../../src/checks/types.js';
import { DEFAULT_SETTINGS, type HostTarget } from '../../../src/policy/types.js';
import { probeHost } from '../../../src/probe/index.js';
import type { HostFacts } from '../../../src/probe/types.js';
import { FIXTURE_NOW, makeChain } from '../../helpers/pki.js';
import {
  closedPort,
  hostTarget,
  hostTargetFacts,
  startFakeServer,
  startHttpServer,
  startTlsServer,
  type TestServer,
} from '../../helpers/tls-servers.js';

const chain = makeChain({ hostname: 'localhost' });
const servers: TestServer[] = [];
const probed = new Map<string, { target: HostTarget; host: HostFacts }>();

async function probe(name: string, target: HostTarget): Promise<void> {
  probed.set(name, { target, host: await probeHost(target) });
}

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
  servers.push(healthy, silent, reset, web, alert, mtls, mtls12);
  await Promise.all([
    probe('healthy', hostTarget(healthy.port)),
    probe('refused', hostTarget(await closedPort())),
    probe('reset', hostTarget(reset.port)),
    probe('silent', hostTarget(silent.port, { settings: { timeoutMs: 250 } })),
    probe('http', hostTarget(web.port)),
    probe('alert', hostTarget(alert.port)),
    probe('mtls', hostTarget(mtls.port)),
    probe('mtls12', hostTarget(mtls12.port)),
  ]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function run(id: string, name: string) {
  const rule = connectionRules.find((r) => r.id === id) as Rule;
  const { target, host } = probed.get(name)!;
  return rule.evaluate(hostTargetFacts(target, host), {
    now: FIXTURE_NOW,
    settings: DEFAULT_SETTINGS,
  });
}

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
    const others = [...probed.keys()].filter((name) => !failing.includes(name));
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
