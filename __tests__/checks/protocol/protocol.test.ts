// protocol.* rules against live loopback servers (node:tls for TLS 1.0–1.3, a fake for SSLv3).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { protocolRules } from '../../../src/checks/protocol/index.js';
import type { Rule } from '../../../src/checks/types.js';
import { DEFAULT_SETTINGS, type ProtocolName } from '../../../src/policy/types.js';
import { makeChain } from '../../helpers/pki.js';
import { probedServers, startFakeServer, startTlsServer } from '../../helpers/tls-servers.js';

const chain = makeChain({ hostname: 'localhost' });
const legacy = { ...chain.serverOptions, ciphers: 'DEFAULT:@SECLEVEL=0' };
const hosts = probedServers();

beforeAll(async () => {
  const started = {
    modern: await startTlsServer(chain.serverOptions),
    tls13only: await startTlsServer({ ...chain.serverOptions, minVersion: 'TLSv1.3' }),
    tls12only: await startTlsServer({ ...chain.serverOptions, maxVersion: 'TLSv1.2' }),
    tls10only: await startTlsServer({ ...legacy, minVersion: 'TLSv1', maxVersion: 'TLSv1' }),
    tls11only: await startTlsServer({ ...legacy, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' }),
    ssl3only: await startFakeServer({
      kind: 'hello',
      versions: [0x0300],
      suites: [0x002f, 0x000a],
      certificates: [chain.leaf.der],
    }),
  };
  await hosts.probe(started);
});
afterAll(() => hosts.close());

function run(id: string, name: string, minProtocol: ProtocolName = 'TLSv1.2') {
  const rule = protocolRules.find((r) => r.id === id) as Rule;
  return hosts.run(rule, name, { ...DEFAULT_SETTINGS, minProtocol });
}

describe('legacy versions', () => {
  it.each([
    ['protocol.sslv3', 'ssl3only'],
    ['protocol.tls10', 'tls10only'],
    ['protocol.tls11', 'tls11only'],
  ])('%s fires on %s and not on a modern server', (id, failing) => {
    const found = run(id, failing);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/policy minimum: TLS 1\.2/);
    expect(run(id, 'modern')).toEqual([]);
  });

  it('honours a lower min_protocol', () => {
    expect(run('protocol.tls10', 'tls10only', 'TLSv1')).toEqual([]);
    expect(run('protocol.tls11', 'tls11only', 'TLSv1')).toEqual([]);
    expect(run('protocol.sslv3', 'ssl3only', 'TLSv1')).toHaveLength(1);
  });
});

describe('protocol.below-minimum', () => {
  it('fires when TLS 1.2 is accepted and the policy requires TLS 1.3', () => {
    expect(run('protocol.below-minimum', 'modern', 'TLSv1.3')).toHaveLength(1);
  });
  it('stays quiet for a TLS 1.3-only server, and under the default minimum', () => {
    expect(run('protocol.below-minimum', 'tls13only', 'TLSv1.3')).toEqual([]);
    expect(run('protocol.below-minimum', 'modern')).toEqual([]);
  });
});

describe('protocol.no-modern', () => {
  it.each(['tls10only', 'tls11only', 'ssl3only'])('fires on %s', (name) => {
    expect(run('protocol.no-modern', name)).toHaveLength(1);
  });
  it('fires when the policy requires TLS 1.3 and the server stops at TLS 1.2', () => {
    expect(run('protocol.no-modern', 'tls12only', 'TLSv1.3')[0]!.message).toMatch(
      /only TLS 1\.2, not TLS 1\.3/,
    );
  });
  it.each(['modern', 'tls13only', 'tls12only'])('stays quiet on %s', (name) => {
    expect(run('protocol.no-modern', name)).toEqual([]);
  });
});
