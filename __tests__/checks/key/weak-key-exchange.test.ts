// key.weak-dh-group and key.weak-ecdh-curve against live loopback servers with chosen DH
// parameters and curves (and a raw fake for a 512-bit group no OpenSSL 3 server will use).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDiffieHellman } from 'node:crypto';
import { weakDhGroup } from '../../../src/checks/key/weak-dh-group.js';
import { weakEcdhCurve } from '../../../src/checks/key/weak-ecdh-curve.js';
import { DEFAULT_SETTINGS } from '../../../src/policy/types.js';
import { makeChain } from '../../helpers/pki.js';
import {
  dhParamsPem,
  probedServers,
  startFakeServer,
  startTlsServer,
  type TestServer,
} from '../../helpers/tls-servers.js';

const ec = makeChain({ hostname: 'localhost' });
const rsa = makeChain({ hostname: 'localhost', keySpec: { type: 'rsa', bits: 2048 }, name: 'RSA' });
const dhe = {
  ...rsa.serverOptions,
  maxVersion: 'TLSv1.2',
  ciphers: 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
} as const;
const ecdhe = {
  ...ec.serverOptions,
  maxVersion: 'TLSv1.2',
  ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0',
} as const;

const hosts = probedServers();

beforeAll(async () => {
  const started: Record<string, TestServer> = {
    dh1024: await startTlsServer({
      ...dhe,
      dhparam: dhParamsPem(getDiffieHellman('modp2').getPrime()),
    }),
    dh2048: await startTlsServer({
      ...dhe,
      dhparam: dhParamsPem(getDiffieHellman('modp14').getPrime()),
    }),
    dh512: await startFakeServer({
      kind: 'hello',
      versions: [0x0303],
      suites: [0x009e, 0x0033],
      certificates: [rsa.leaf.der],
      keyExchange: { dhPrimeBits: 512 },
    }),
    p224: await startTlsServer({ ...ecdhe, ecdhCurve: 'P-224' }),
    p256: await startTlsServer({ ...ecdhe, ecdhCurve: 'P-256' }),
    // The repro from the audit: P-256 preferred (server order), P-192 still accepted.
    p192Accepted: await startTlsServer({
      ...rsa.serverOptions,
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      ecdhCurve: 'P-256:P-192',
      honorCipherOrder: true,
    }),
    p256Rsa: await startTlsServer({
      ...rsa.serverOptions,
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      ecdhCurve: 'P-256:X25519',
      honorCipherOrder: true,
    }),
    x25519: await startTlsServer(ec.serverOptions),
  };
  await hosts.probe(started);
});
afterAll(() => hosts.close());

const { run, probed } = hosts;

describe('key.weak-dh-group', () => {
  it.each([
    ['dh1024', /1024-bit DH group/],
    ['dh512', /512-bit DH group/],
  ])('fires on %s', (name, message) => {
    const found = run(weakDhGroup, name);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(message);
  });
  it.each(['dh2048', 'p256', 'x25519'])('stays quiet on %s', (name) => {
    expect(run(weakDhGroup, name)).toEqual([]);
  });
  it('accepts 1024-bit groups under the mozilla-old minimum, never 512', () => {
    const old = { ...DEFAULT_SETTINGS, minDhBits: 1024 };
    expect(run(weakDhGroup, 'dh1024', old)).toEqual([]);
    expect(run(weakDhGroup, 'dh512', old)[0]?.message).toMatch(/512-bit DH group .*minimum 1024/);
  });
  it('reads the group size both from the handshake and from the DHE-only probe', () => {
    expect(probed.get('dh2048')!.host.dhGroup).toMatchObject({ type: 'DH', bits: 2048 });
    expect(probed.get('dh2048')!.host.keyExchange).toMatchObject({ type: 'DH', bits: 2048 });
  });
});

describe('key.weak-ecdh-curve', () => {
  it('fires on a P-224 server', () => {
    const found = run(weakEcdhCurve, 'p224');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/224-bit curve P-224/);
  });
  it.each(['p256', 'x25519', 'dh1024'])('stays quiet on %s', (name) => {
    expect(run(weakEcdhCurve, name)).toEqual([]);
  });
  it('fires on a weak curve the server accepts but does not prefer', () => {
    const host = probed.get('p192Accepted')!.host;
    expect(host.ecdhGroup).toMatchObject({ name: 'P-256' });
    expect(host.weakEcdhGroup).toMatchObject({ type: 'ECDH', name: 'P-192', bits: 192 });
    const found = run(weakEcdhCurve, 'p192Accepted');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(
      'the server accepts the 192-bit curve P-192 for ECDHE key exchange when a client offers nothing stronger (at least 256 bits needed)',
    );
  });
  it('finds no weak curve on servers that refuse a weak-curves-only hello', () => {
    for (const name of ['p256Rsa', 'p256', 'x25519']) {
      expect(probed.get(name)!.host.weakEcdhGroup).toBeUndefined();
      expect(probed.get(name)!.host.probeNotes).toBeUndefined();
    }
    expect(run(weakEcdhCurve, 'p256Rsa')).toEqual([]);
  });
  it('sees the weak curve of an ECDSA server only when it prefers it', () => {
    // OpenSSL refuses a hello whose groups leave out its certificate's curve (P-256 here).
    expect(probed.get('p224')!.host.weakEcdhGroup).toBeUndefined();
    expect(run(weakEcdhCurve, 'p224')[0]!.message).toMatch(/uses the 224-bit curve P-224/);
  });
});
