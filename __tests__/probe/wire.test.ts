import { describe, expect, it } from '@jest/globals';
import { SSL3, TLS12, TLS13, buildClientHello } from '../../src/probe/clienthello.js';
import {
  RecordReader,
  parseCertificateList,
  parseServerHello,
  parseServerKeyExchange,
} from '../../src/probe/serverhello.js';
import {
  LEGACY_SUITES,
  suiteCategories,
  suiteName,
  suitesInCategory,
} from '../../src/probe/suites.js';
import { mapWithConcurrency } from '../../src/probe/pool.js';
import { alertRecord, parseClientHello, records } from '../helpers/tls-servers.js';

describe('ClientHello builder', () => {
  it('builds a hello the fake servers parse back: version, suites, SNI, supported_versions', () => {
    const hello = buildClientHello({
      version: TLS12,
      suites: [0x1301],
      serverName: 'example.com',
      supportedVersions: [TLS13],
    });
    expect(hello.readUInt16BE(3)).toBe(hello.length - 5);
    expect(parseClientHello(hello)).toMatchObject({
      maxVersion: TLS13,
      suites: [0x1301, 0x00ff],
      serverName: 'example.com',
    });
  });
  it('sends no extensions for SSLv3 and no SNI for IP literals', () => {
    const ssl3 = buildClientHello({ version: SSL3, suites: [0x000a], serverName: 'example.com' });
    expect(parseClientHello(ssl3)).toMatchObject({ maxVersion: SSL3, serverName: undefined });
    const ip = buildClientHello({ version: TLS12, suites: [0x002f], serverName: '127.0.0.1' });
    expect(parseClientHello(ip)?.serverName).toBeUndefined();
  });
});

describe('RecordReader', () => {
  const serverHello = Buffer.concat([
    Buffer.from([2, 0, 0, 38, 3, 3]),
    Buffer.alloc(32, 1),
    Buffer.from([0, 0xc0, 0x2f, 0]),
  ]);

  it('reassembles a handshake message split across records and chunks', () => {
    const bytes = Buffer.concat([
      records(22, TLS12, serverHello.subarray(0, 10)),
      records(22, TLS12, serverHello.subarray(10)),
    ]);
    const reader = new RecordReader(1024);
    const events = [...bytes].flatMap((b) => reader.push(Buffer.from([b])).events);
    expect(events).toHaveLength(1);
    const first = events[0]!;
    expect(first.kind === 'handshake' && parseServerHello(first.body)).toMatchObject({
      version: TLS12,
      suite: 0xc02f,
    });
  });

  it('names alerts', () => {
    expect(new RecordReader(1024).push(alertRecord(116)).events).toEqual([
      { kind: 'alert', level: 2, code: 116, name: 'certificate_required' },
    ]);
  });

  it('recognises HTTP, text and binary garbage as not TLS', () => {
    const http = new RecordReader(1024).push(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    expect(http.error).toMatchObject({ kind: 'not-tls', http: true });
    expect(http.error?.message).toContain('HTTP/1.1 400 Bad Request');
    const ssh = new RecordReader(1024).push(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'));
    expect(ssh.error).toMatchObject({ kind: 'not-tls', http: false });
    const binary = new RecordReader(1024).push(Buffer.from([0x16, 0x09, 0x09, 0, 5]));
    expect(binary.error?.kind).toBe('not-tls');
  });

  it('never strips control bytes into messages', () => {
    const hostile = new RecordReader(1024).push(Buffer.from('HTTP/1.1 200 \x1b[31mOK\x07\r\n'));
    expect([...hostile.error!.message].every((c) => c >= ' ' && c <= '~')).toBe(true);
  });

  it('stops at its byte limit, and on an oversized handshake header', () => {
    const reader = new RecordReader(100);
    expect(reader.push(Buffer.alloc(101, 22)).error?.kind).toBe('too-large');
    const huge = records(22, TLS12, Buffer.from([11, 0xff, 0xff, 0xff]));
    expect(new RecordReader(1024).push(huge).error?.kind).toBe('too-large');
  });
});

describe('message parsers', () => {
  it('reject truncated bodies instead of throwing', () => {
    expect(parseServerHello(Buffer.from([3, 3, 1]))).toBeUndefined();
    expect(parseCertificateList(Buffer.from([0, 0, 9, 0, 0, 1]))).toBeUndefined();
    expect(
      parseServerKeyExchange(Buffer.from([0, 9, 1]), 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'),
    ).toBeUndefined();
  });
  it('read the DH prime size and the named curve', () => {
    const p = Buffer.concat([Buffer.from([0, 0x81, 0x00]), Buffer.alloc(0x80, 0xff)]);
    expect(parseServerKeyExchange(p, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256')).toEqual({
      type: 'DH',
      primeBits: 1024,
    });
    expect(
      parseServerKeyExchange(Buffer.from([3, 0, 0x17, 0]), 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'),
    ).toEqual({
      type: 'ECDH',
      curveType: 3,
      group: 0x17,
    });
  });
});

describe('suite categories', () => {
  it('sort suites into categories by IANA name', () => {
    expect(suiteCategories('TLS_RSA_EXPORT_WITH_RC4_40_MD5')).toEqual(['export', 'rc4']);
    // Single DES and 3DES apart (policies judge them differently); export DES is export.
    expect(suiteCategories('TLS_DHE_RSA_WITH_DES_CBC_SHA')).toEqual(['des']);
    expect(suiteCategories('TLS_DH_anon_WITH_DES_CBC_SHA')).toEqual(['anonymous', 'des']);
    expect(suiteCategories('TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA')).toEqual(['3des']);
    expect(suiteCategories('TLS_RSA_EXPORT_WITH_DES40_CBC_SHA')).toEqual(['export']);
    expect(suiteCategories('TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA')).toEqual(['export']);
    expect(suiteCategories('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA')).toEqual(['cbc']);
    expect(suiteCategories('TLS_RSA_WITH_AES_128_CBC_SHA')).toEqual(['cbc', 'no-forward-secrecy']);
    expect(suiteCategories('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256')).toEqual([]);
    expect(suiteCategories('TLS_AES_128_GCM_SHA256')).toEqual([]);
  });
  it('offer strong suites first and every category non-empty', () => {
    expect(LEGACY_SUITES[0]).toBe(0xc02b); // ECDHE-ECDSA-AES128-GCM-SHA256
    expect(suiteCategories(suiteName(LEGACY_SUITES.at(-1)!)).length).toBeGreaterThan(0);
    for (const category of [
      'null',
      'anonymous',
      'export',
      'rc4',
      'des',
      '3des',
      'cbc',
      'no-forward-secrecy',
    ] as const) {
      expect(suitesInCategory(category).length).toBeGreaterThan(0);
    }
  });
});

describe('mapWithConcurrency', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
  it('handles an empty list and rejects on the first error', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    await expect(
      mapWithConcurrency([1, 2], 1, async (n) => {
        if (n === 1) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});
