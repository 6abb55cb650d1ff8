import { describe, expect, it } from '@jest/globals';
import {
  FIXTURE_NOW,
  generateKey,
  issueCertificate,
  makeChain,
  pssAlgorithm,
} from '../helpers/pki.js';
import {
  daysUntil,
  ipToText,
  parseCertificate,
  summarizeCertificate,
} from '../../src/x509/certificate.js';

const origin = { kind: 'file', name: 'test.pem', index: 0 } as const;
const DAY = 86_400_000;

describe('parseCertificate', () => {
  it('reads names, SANs, validity, key, signature and extensions of a leaf', () => {
    const chain = makeChain({ hostname: 'www.example.com' });
    const leaf = issueCertificate({
      subject: 'CN=www.example.com,O=Example\\, Inc.,C=US',
      issuer: chain.intermediate,
      serial: 0x0123abn,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2026-12-31T23:59:59Z'),
      sans: {
        dns: ['www.example.com', '*.example.com'],
        ip: ['192.0.2.1', '2001:db8:0:0:1:0:0:1'],
        email: ['ops@example.com'],
        uri: ['https://example.com/'],
      },
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extKeyUsage: ['serverAuth', 'clientAuth', '1.2.3.4'],
      ocsp: ['http://ocsp.example.com'],
      caIssuers: ['http://ca.example.com/int.crt'],
      crl: ['http://crl.example.com/int.crl'],
      scts: 3,
      mustStaple: true,
      extraExtensions: [{ oid: '1.2.3.4.5', critical: true, value: new Uint8Array([5, 0]) }],
    });
    const { facts } = parseCertificate(leaf.der, origin);
    expect(facts.version).toBe(3);
    expect(facts.subject).toBe('CN=www.example.com,O=Example\\, Inc.,C=US');
    expect(facts.subjectCommonName).toBe('www.example.com');
    expect(facts.issuer).toBe('CN=Test Intermediate CA,O=tls-gate tests');
    expect(facts.serialNumber).toBe('0123ab');
    expect(facts.notBefore.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(facts.notAfter.toISOString()).toBe('2026-12-31T23:59:59.000Z');
    expect(facts.dnsNames).toEqual(['www.example.com', '*.example.com']);
    expect(facts.ipAddresses).toEqual(['192.0.2.1', '2001:db8::1:0:0:1']);
    expect(facts.emailAddresses).toEqual(['ops@example.com']);
    expect(facts.uris).toEqual(['https://example.com/']);
    expect(facts.publicKey).toEqual({
      type: 'ec',
      bits: 256,
      curve: 'P-256',
      algorithmOid: '1.2.840.10045.2.1',
    });
    expect(facts.signatureAlgorithm).toEqual({
      oid: '1.2.840.10045.4.3.2',
      name: 'ecdsa-with-SHA256',
      hash: 'sha256',
    });
    expect(facts.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(facts.extKeyUsage).toEqual(['serverAuth', 'clientAuth', '1.2.3.4']);
    expect(facts.ocspUrls).toEqual(['http://ocsp.example.com']);
    expect(facts.caIssuerUrls).toEqual(['http://ca.example.com/int.crt']);
    expect(facts.crlUrls).toEqual(['http://crl.example.com/int.crl']);
    expect(facts.sctCount).toBe(3);
    expect(facts.mustStaple).toBe(true);
    expect(facts.subjectKeyIdentifier).toMatch(/^[0-9a-f]+$/);
    expect(facts.authorityKeyIdentifier).toBe(
      parseCertificate(chain.intermediate.der, origin).facts.subjectKeyIdentifier,
    );
    expect(facts.extensions).toContainEqual({ oid: '1.2.3.4.5', critical: true, known: false });
    expect(facts.extensions).toContainEqual({ oid: '2.5.29.17', critical: false, known: true });
    expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.selfIssued).toBe(false);
    expect(facts.basicConstraints).toBeUndefined();
  });

  it('reads CA facts and self-issued roots', () => {
    const chain = makeChain();
    const root = parseCertificate(chain.root.der, origin).facts;
    expect(root.selfIssued).toBe(true);
    expect(root.basicConstraints).toEqual(expect.objectContaining({ ca: true }));
    const intermediate = parseCertificate(chain.intermediate.der, origin).facts;
    expect(intermediate.basicConstraints).toEqual(
      expect.objectContaining({ ca: true, pathLength: 0 }),
    );
    expect(intermediate.keyUsage).toEqual(expect.arrayContaining(['keyCertSign']));
    expect(intermediate.selfIssued).toBe(false);
  });

  it.each([
    [{ type: 'rsa', bits: 1024, exponent: 3 } as const, { type: 'rsa', bits: 1024, exponent: 3 }],
    [{ type: 'ec', curve: 'P-384' } as const, { type: 'ec', bits: 384, curve: 'P-384' }],
    [{ type: 'ec', curve: 'secp256k1' } as const, { type: 'ec', bits: 256, curve: 'secp256k1' }],
    [{ type: 'ed25519' } as const, { type: 'ed25519', bits: 256 }],
    [{ type: 'ed448' } as const, { type: 'ed448', bits: 456 }],
    [{ type: 'dsa', bits: 1024 } as const, { type: 'dsa', bits: 1024 }],
  ])('reads %j keys', (spec, expected) => {
    const cert = issueCertificate({ subject: 'CN=k', key: generateKey(spec) });
    expect(parseCertificate(cert.der, origin).facts.publicKey).toEqual(
      expect.objectContaining(expected),
    );
  });

  it.each([
    ['md5', 'md5WithRSAEncryption'],
    ['sha1', 'sha1WithRSAEncryption'],
    ['sha384', 'sha384WithRSAEncryption'],
  ] as const)('names %s RSA signatures', (hash, name) => {
    const issuer = issueCertificate({
      subject: 'CN=rsa ca',
      key: generateKey({ type: 'rsa', bits: 1024 }),
      ca: true,
    });
    const cert = issueCertificate({ subject: 'CN=x', issuer, signatureHash: hash });
    expect(parseCertificate(cert.der, origin).facts.signatureAlgorithm).toEqual(
      expect.objectContaining({ name, hash }),
    );
  });

  it.each([
    ['SHA-384 in the parameters', '2.16.840.1.101.3.4.2.2', 'sha384'],
    ['absent hash parameter (defaults to SHA-1)', undefined, 'sha1'],
  ])('reads the hash of RSASSA-PSS with %s', (_, hashOid, hash) => {
    const pss = () => pssAlgorithm(hashOid);
    // Only the algorithm identifier matters for facts; the signature need not verify.
    const cert = issueCertificate({
      subject: 'CN=pss',
      mutate: (c) => {
        c.signature = pss();
        c.signatureAlgorithm = pss();
      },
    });
    expect(parseCertificate(cert.der, origin).facts.signatureAlgorithm).toEqual({
      oid: '1.2.840.113549.1.1.10',
      name: 'RSASSA-PSS',
      hash,
    });
  });

  it('reads v1 certificates and empty names', () => {
    const cert = issueCertificate({ subject: '', version: 1 });
    const facts = parseCertificate(cert.der, origin).facts;
    expect(facts.version).toBe(1);
    expect(facts.subject).toBe('');
    expect(facts.extensions).toEqual([]);
    expect(facts.dnsNames).toEqual([]);
  });

  it('throws clear errors for malformed input', () => {
    const { der } = makeChain().leaf;
    expect(() => parseCertificate(der.subarray(0, der.length - 10), origin)).toThrow(/truncated/);
    expect(() => parseCertificate(Buffer.concat([der, Buffer.from([0, 0])]), origin)).toThrow(
      /trailing data: 2 bytes/,
    );
    expect(() => parseCertificate(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]), origin)).toThrow(
      /not an X.509 certificate/,
    );
  });
});

describe('ipToText', () => {
  it.each([
    [[192, 0, 2, 1], '192.0.2.1'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1], '2001:db8:1:0:1:1:1:1'],
    [[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'fe80::'],
    [[1, 2, 3], '#010203'],
  ])('%j → %s', (bytes, text) => {
    expect(ipToText(Uint8Array.from(bytes))).toBe(text);
  });
});

describe('summarizeCertificate', () => {
  it('describes the certificate with days left rounded down', () => {
    const cert = issueCertificate({
      subject: 'CN=s',
      notBefore: new Date(FIXTURE_NOW.getTime() - 10 * DAY),
      notAfter: new Date(FIXTURE_NOW.getTime() + 20 * DAY + 3_600_000),
    });
    const summary = summarizeCertificate(parseCertificate(cert.der, origin), FIXTURE_NOW);
    expect(summary).toEqual(
      expect.objectContaining({ subject: 'CN=s', daysLeft: 20, publicKey: 'EC P-256' }),
    );
    expect(daysUntil(new Date(FIXTURE_NOW.getTime() - 1), FIXTURE_NOW)).toBe(-1);
  });
});
