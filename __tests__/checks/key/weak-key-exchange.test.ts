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

const started: Record<string, TestServer> = {};

beforeAll(async () => {
  Object.assign(started, {
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
    // ECDSA P-256 certificate: a weak-curves-only hello is refused, P-224 is still accepted.
    // Client order decides (nginx and Apache default; node:tls servers default to their own).
    p224BesideEcdsa: await startTlsServer({
      ...ecdhe,
      ecdhCurve: 'P-256:P-224',
      honorCipherOrder: false,
    }),
    // Same, but the server's own order wins: it answers with its certificate's curve.
    p224BesideEcdsaServerOrder: await startTlsServer({ ...ecdhe, ecdhCurve: 'P-256:P-224' }),
    // p256 with an RSA certificate: the same probes, minus the certificate-curve hello.
    p256RsaOnly: await startTlsServer({
      ...rsa.serverOptions,
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      ecdhCurve: 'P-256',
    }),
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
  });
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
  it('fires on a weak curve an ECDSA server accepts beside its certificate curve', () => {
    // OpenSSL refuses the weak-only hello (the certificate's P-256 is missing); the hello with
    // P-256 last gets P-224, as the server follows the client's order.
    const host = probed.get('p224BesideEcdsa')!.host;
    expect(host.ecdhGroup).toMatchObject({ name: 'P-256' });
    expect(host.weakEcdhGroup).toMatchObject({ type: 'ECDH', name: 'P-224', bits: 224 });
    expect(host.probeNotes).toBeUndefined();
    const found = run(weakEcdhCurve, 'p224BesideEcdsa');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/accepts the 224-bit curve P-224 .* offers nothing stronger/);
  });
  it('records nothing when an ECDSA server answers with its certificate curve', () => {
    for (const name of ['p224BesideEcdsaServerOrder', 'p256']) {
      expect(probed.get(name)!.host.weakEcdhGroup).toBeUndefined();
      expect(run(weakEcdhCurve, name)).toEqual([]);
    }
  });
  it('also records the weak curve an ECDSA server prefers', () => {
    expect(probed.get('p224')!.host.weakEcdhGroup).toMatchObject({ name: 'P-224' });
    expect(run(weakEcdhCurve, 'p224')[0]!.message).toMatch(/uses the 224-bit curve P-224/);
  });
  it('sends the certificate-curve hello to ECDSA hosts only', () => {
    // Same configuration but for the certificate: one connection more for the ECDSA server.
    expect(started.p256!.connections).toBe(started.p256RsaOnly!.connections + 1);
  });
});
