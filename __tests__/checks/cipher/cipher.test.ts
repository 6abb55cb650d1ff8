// cipher.* rules against live loopback servers: node:tls where OpenSSL 3 still serves the suites
// (NULL, anonymous, CBC, static RSA), raw fakes for EXPORT, RC4, single DES and 3DES.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cipherRules } from '../../../src/checks/cipher/index.js';
import type { Rule } from '../../../src/checks/types.js';
import { makeChain } from '../../helpers/pki.js';
import {
  probedServers,
  startFakeServer,
  startTlsServer,
  type TestServer,
} from '../../helpers/tls-servers.js';

const ec = makeChain({ hostname: 'localhost' });
const rsa = makeChain({ hostname: 'localhost', keySpec: { type: 'rsa', bits: 2048 }, name: 'RSA' });
const tls12 = { maxVersion: 'TLSv1.2' } as const;
const fake = (suites: number[], serverOrder = false) =>
  startFakeServer({
    kind: 'hello',
    versions: [0x0301, 0x0303],
    suites,
    serverOrder,
    certificates: [rsa.leaf.der],
  });

const hosts = probedServers();

beforeAll(async () => {
  const started: Record<string, TestServer> = {
    aead: await startTlsServer({
      ...ec.serverOptions,
      ...tls12,
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
    }),
    tls13: await startTlsServer({ ...ec.serverOptions, minVersion: 'TLSv1.3' }),
    null: await startTlsServer({
      ...rsa.serverOptions,
      ...tls12,
      ciphers: 'NULL-SHA256:@SECLEVEL=0',
    }),
    anonymous: await startTlsServer({
      ...ec.serverOptions,
      ...tls12,
      ciphers: 'AECDH-AES128-SHA:@SECLEVEL=0',
    }),
    cbc: await startTlsServer({ ...ec.serverOptions, ...tls12, ciphers: 'ECDHE-ECDSA-AES128-SHA' }),
    'no-forward-secrecy': await startTlsServer({
      ...rsa.serverOptions,
      ...tls12,
      ciphers: 'AES128-GCM-SHA256',
    }),
    export: await fake([0x0003]), // TLS_RSA_EXPORT_WITH_RC4_40_MD5
    rc4: await fake([0x0005]), // TLS_RSA_WITH_RC4_128_SHA
    des: await fake([0x0009]), // TLS_RSA_WITH_DES_CBC_SHA
    '3des': await fake([0x000a]), // TLS_RSA_WITH_3DES_EDE_CBC_SHA
    // Offered both at once, it takes 3DES: single DES must still be seen.
    both: await fake([0x000a, 0x0009], true),
  };
  await hosts.probe(started);
});
afterAll(() => hosts.close());

const run = (id: string, name: string) =>
  hosts.run(cipherRules.find((r) => r.id === id) as Rule, name);

const expected: Record<string, { failing: string[]; suite: RegExp }> = {
  'cipher.null': { failing: ['null'], suite: /TLS_RSA_WITH_NULL_SHA256/ },
  'cipher.anonymous': { failing: ['anonymous'], suite: /TLS_ECDH_anon_WITH_AES_128_CBC_SHA/ },
  'cipher.export': { failing: ['export'], suite: /TLS_RSA_EXPORT_WITH_RC4_40_MD5/ },
  // The EXPORT suite above is RC4 too: both findings are true.
  'cipher.rc4': { failing: ['rc4', 'export'], suite: /RC4/ },
  'cipher.des': { failing: ['des', 'both'], suite: /TLS_RSA_WITH_DES_CBC_SHA over TLSv1\.2/ },
  'cipher.3des': {
    failing: ['3des', 'both'],
    suite: /TLS_RSA_WITH_3DES_EDE_CBC_SHA over TLSv1\.2/,
  },
  'cipher.cbc': { failing: ['cbc'], suite: /TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA/ },
  'cipher.no-forward-secrecy': {
    failing: ['no-forward-secrecy'],
    suite: /TLS_RSA_WITH_AES_128_GCM_SHA256/,
  },
};

describe.each(Object.entries(expected))('%s', (id, { failing, suite }) => {
  it.each(failing)('fires on the %s server and names the suite', (name) => {
    const found = run(id, name);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(suite);
  });
  it('stays quiet on the AEAD, TLS 1.3 and other servers', () => {
    const quiet = [...hosts.probed.keys()].filter((name) => !failing.includes(name));
    for (const name of quiet) expect({ name, found: run(id, name) }).toEqual({ name, found: [] });
  });
});

it('reports the negotiated suite as a fact', () => {
  expect(hosts.probed.get('aead')!.host.cipher).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
});
