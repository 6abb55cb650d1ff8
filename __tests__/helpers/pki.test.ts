import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  FIXTURE_NOW,
  defaultValidity,
  encodeName,
  generateKey,
  issueCertificate,
  keyFromPem,
  keyIdentifier,
  makeChain,
  pem,
  tlsServerOptions,
  type HashAlg,
  type KeySpec,
} from './pki.js';

const rsa = generateKey({ type: 'rsa' });

function parsed(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

function extension(der: Uint8Array, oid: string): pkijs.Extension | undefined {
  return parsed(der).extensions?.find((e) => e.extnID === oid);
}

function octets(der: Uint8Array, oid: string): string {
  const e = extension(der, oid);
  if (!e) throw new Error(`no extension ${oid}`);
  return Buffer.from(e.extnValue.valueBlock.valueHexView).toString('hex');
}

describe('generateKey', () => {
  it('caches per spec and slot', () => {
    expect(generateKey({ type: 'ec' })).toBe(generateKey({ type: 'ec', curve: 'P-256' }));
    expect(generateKey({ type: 'ec' }, 1)).not.toBe(generateKey({ type: 'ec' }, 0));
  });

  it('round-trips through keyFromPem with the spec read back from the key', () => {
    const k = keyFromPem(rsa.keyPem);
    expect(k.spec).toEqual({ type: 'rsa', bits: 2048, exponent: 65537 });
    expect(keyFromPem(generateKey({ type: 'ec', curve: 'secp256k1' }).keyPem).spec).toEqual({
      type: 'ec',
      curve: 'secp256k1',
    });
    expect(keyFromPem(generateKey({ type: 'ed25519' }).keyPem).spec).toEqual({ type: 'ed25519' });
  });
});

describe('issueCertificate', () => {
  it('makes a self-signed CA that node parses and verifies', () => {
    const ca = issueCertificate({
      subject: 'CN=Root,O=Org,C=US',
      key: rsa,
      ca: true,
      pathLength: 1,
    });
    const x = new X509Certificate(ca.der);
    // RFC 4514 order in the spec; node prints the encoded order (most significant first).
    expect(x.subject).toBe('C=US\nO=Org\nCN=Root');
    expect(x.issuer).toBe(x.subject);
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    const bc = extension(ca.der, '2.5.29.19')!;
    expect(bc.critical).toBe(true);
    expect((bc.parsedValue as pkijs.BasicConstraints).pathLenConstraint).toBe(1);
    expect(x.toString()).toBe(ca.pem);
  });

  it('issues a leaf under an issuer with SANs, validity, EKU and key identifiers', () => {
    const chain = makeChain({ hostname: 'a.example.test' });
    const notBefore = new Date('2026-01-01T00:00:00Z');
    const notAfter = new Date('2026-12-31T12:34:56Z');
    const leaf = issueCertificate({
      subject: 'CN=svc',
      issuer: chain.intermediate,
      sans: {
        dns: ['a.example.test', '*.example.test'],
        ip: ['192.0.2.10', '2001:db8::1'],
        email: ['ops@example.test'],
        uri: ['https://example.test/x'],
      },
      notBefore,
      notAfter,
      extKeyUsage: ['serverAuth', 'clientAuth', '1.2.3.4'],
    });
    const x = new X509Certificate(leaf.der);
    const issuer = new X509Certificate(chain.intermediate.der);
    expect(x.verify(issuer.publicKey)).toBe(true);
    expect(x.checkIssued(issuer)).toBe(true);
    expect(x.subjectAltName).toBe(
      'email:ops@example.test, DNS:a.example.test, DNS:*.example.test, ' +
        'URI:https://example.test/x, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:1',
    );
    expect(x.checkHost('b.example.test')).toBe('*.example.test');
    expect(x.checkHost('a.b.example.test')).toBeUndefined();
    expect(x.checkIP('192.0.2.10')).toBe('192.0.2.10');
    expect(new Date(x.validFrom)).toEqual(notBefore);
    expect(new Date(x.validTo)).toEqual(notAfter);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2', '1.2.3.4']);
    expect(x.ca).toBe(false);
    expect(extension(leaf.der, '2.5.29.19')).toBeUndefined();
    // AKI of the leaf is the SKI of its issuer; SKI is SHA-1 of the public key bits.
    const ski = octets(chain.intermediate.der, '2.5.29.14');
    expect(octets(leaf.der, '2.5.29.35')).toBe(`3016${'8014'}${ski.slice(4)}`);
    const point = generateKey().publicKey.export({ type: 'spki', format: 'der' }).subarray(-65);
    expect(Buffer.from(keyIdentifier(generateKey())).toString('hex')).toBe(
      createHash('sha1').update(point).digest('hex'),
    );
  });

  it('encodes key usage bits and criticality', () => {
    const c = issueCertificate({
      subject: 'CN=ku',
      key: rsa,
      keyUsage: ['digitalSignature', 'keyAgreement', 'decipherOnly'],
      keyUsageCritical: false,
      extKeyUsage: [],
    });
    const ku = extension(c.der, '2.5.29.15')!;
    expect(ku.critical).toBe(false);
    // bits 0, 4 and 8: 0x88 0x80 with 7 unused bits
    expect(Buffer.from(ku.extnValue.valueBlock.valueHexView).toString('hex')).toBe('0303078880');
    expect(extension(c.der, '2.5.29.37')).toBeUndefined();
    const ca = issueCertificate({ subject: 'CN=ca', ca: true, crlSign: false });
    const caKu = Buffer.from(extension(ca.der, '2.5.29.15')!.extnValue.valueBlock.valueHexView);
    expect(caKu.toString('hex')).toBe('03020284'); // digitalSignature + keyCertSign
  });

  const algorithms: [KeySpec, HashAlg, string][] = [
    [{ type: 'rsa' }, 'md5', '1.2.840.113549.1.1.4'],
    [{ type: 'rsa' }, 'sha1', '1.2.840.113549.1.1.5'],
    [{ type: 'rsa' }, 'sha256', '1.2.840.113549.1.1.11'],
    [{ type: 'rsa' }, 'sha384', '1.2.840.113549.1.1.12'],
    [{ type: 'rsa' }, 'sha512', '1.2.840.113549.1.1.13'],
    [{ type: 'ec' }, 'sha1', '1.2.840.10045.4.1'],
    [{ type: 'ec' }, 'sha256', '1.2.840.10045.4.3.2'],
    [{ type: 'ec', curve: 'P-384' }, 'sha384', '1.2.840.10045.4.3.3'],
    [{ type: 'ec', curve: 'secp256k1' }, 'sha512', '1.2.840.10045.4.3.4'],
    [{ type: 'dsa' }, 'sha1', '1.2.840.10040.4.3'],
    [{ type: 'dsa' }, 'sha256', '2.16.840.1.101.3.4.3.2'],
    [{ type: 'ed25519' }, 'sha256', '1.3.101.112'],
    [{ type: 'ed448' }, 'sha256', '1.3.101.113'],
  ];
  it.each(algorithms)('signs with %j using %s as %s', (spec, hash, oid) => {
    const c = issueCertificate({
      subject: `CN=${spec.type} ${hash}`,
      key: generateKey(spec),
      signatureHash: hash,
    });
    const p = parsed(c.der);
    expect(p.signatureAlgorithm.algorithmId).toBe(oid);
    expect(p.signature.algorithmId).toBe(oid);
    // PKCS#1 v1.5 carries NULL parameters, the others none.
    expect(p.signatureAlgorithm.algorithmParams instanceof asn1js.Null).toBe(spec.type === 'rsa');
    const x = new X509Certificate(c.der);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyType).toBe(spec.type);
  });

  it('makes weak RSA keys with the requested size and exponent', () => {
    const k = generateKey({ type: 'rsa', bits: 1024, exponent: 3 });
    const x = new X509Certificate(issueCertificate({ subject: 'CN=weak', key: k }).der);
    expect(x.publicKey.asymmetricKeyDetails).toMatchObject({
      modulusLength: 1024,
      publicExponent: 3n,
    });
  });

  it('corrupts the signature on request', () => {
    const c = issueCertificate({ subject: 'CN=bad', key: rsa, corruptSignature: true });
    const x = new X509Certificate(c.der);
    expect(x.verify(x.publicKey)).toBe(false);
  });

  it('is deterministic for RSA and Ed25519 signers and varies the serial per subject', () => {
    const a = issueCertificate({ subject: 'CN=det', key: rsa, notBefore: FIXTURE_NOW });
    const b = issueCertificate({ subject: 'CN=det', key: rsa, notBefore: FIXTURE_NOW });
    expect(a.der.equals(b.der)).toBe(true);
    const ed = generateKey({ type: 'ed25519' });
    expect(issueCertificate({ subject: 'CN=e', key: ed }).der).toEqual(
      issueCertificate({ subject: 'CN=e', key: ed }).der,
    );
    const other = issueCertificate({ subject: 'CN=det2', key: rsa, notBefore: FIXTURE_NOW });
    expect(new X509Certificate(other.der).serialNumber).not.toBe(
      new X509Certificate(a.der).serialNumber,
    );
  });

  it('takes explicit serials, issuer names, versions and omitted key identifiers', () => {
    const root = issueCertificate({ subject: 'CN=R', key: rsa, ca: true });
    const c = issueCertificate({
      subject: 'CN=x',
      issuer: root,
      serial: 0x1234n,
      issuerName: 'CN=Somebody Else',
      omitKeyIdentifiers: true,
    });
    const x = new X509Certificate(c.der);
    expect(x.serialNumber).toBe('1234');
    expect(x.issuer).toBe('CN=Somebody Else');
    expect(x.verify(new X509Certificate(root.der).publicKey)).toBe(true);
    expect(extension(c.der, '2.5.29.14')).toBeUndefined();
    expect(extension(c.der, '2.5.29.35')).toBeUndefined();
    const serial = parsed(issueCertificate({ subject: 'CN=y', serial: '00ff' }).der).serialNumber;
    expect(Buffer.from(serial.valueBlock.valueHexView).toString('hex')).toBe('00ff');
    const v1 = parsed(issueCertificate({ subject: 'CN=v1', version: 1, ca: true }).der);
    expect(v1.version).toBe(0);
    expect(v1.extensions).toBeUndefined();
  });

  it('adds AIA, CRL DP, must-staple, SCTs, policies and name constraints', () => {
    const c = issueCertificate({
      subject: 'CN=full',
      ca: true,
      ocsp: ['http://ocsp.example.test'],
      caIssuers: ['http://ca.example.test/i.crt'],
      crl: ['http://crl.example.test/i.crl'],
      mustStaple: true,
      scts: 3,
      policies: ['2.23.140.1.2.1'],
      nameConstraints: {
        permitted: { dns: ['example.test'], ip: ['10.0.0.0/8'] },
        excluded: { dns: ['bad.example.test'] },
      },
    });
    const x = new X509Certificate(c.der);
    expect(x.infoAccess).toBe(
      'OCSP - URI:http://ocsp.example.test\nCA Issuers - URI:http://ca.example.test/i.crt',
    );
    const crl = extension(c.der, '2.5.29.31')!.parsedValue as pkijs.CRLDistributionPoints;
    expect((crl.distributionPoints[0]!.distributionPoint as pkijs.GeneralName[])[0]!.value).toBe(
      'http://crl.example.test/i.crl',
    );
    expect(octets(c.der, '1.3.6.1.5.5.7.1.24')).toBe('3003020105');
    const scts = extension(c.der, '1.3.6.1.4.1.11129.2.4.2')!
      .parsedValue as pkijs.SignedCertificateTimestampList;
    expect(scts.timestamps).toHaveLength(3);
    const nc = extension(c.der, '2.5.29.30')!;
    expect(nc.critical).toBe(true);
    const ncv = nc.parsedValue as pkijs.NameConstraints;
    expect(ncv.permittedSubtrees!.map((s) => s.base.type)).toEqual([2, 7]);
    expect(
      Buffer.from(
        (ncv.permittedSubtrees![1]!.base.value as asn1js.OctetString).valueBlock.valueHexView,
      ).toString('hex'),
    ).toBe('0a000000ff000000');
    expect(ncv.excludedSubtrees![0]!.base.value).toBe('bad.example.test');
    expect(octets(c.der, '2.5.29.32')).toBe('300a3008060667810c010201');
  });

  it('adds extra and duplicate extensions and applies mutate last', () => {
    const c = issueCertificate({
      subject: 'CN=odd',
      extraExtensions: [{ oid: '1.2.3.4.5', critical: true, value: Uint8Array.from([5, 0]) }],
      duplicateExtensions: ['2.5.29.15'],
      mutate: (cert) => {
        cert.notAfter = new pkijs.Time({ type: 1, value: new Date('2051-01-01T00:00:00Z') });
      },
    });
    const exts = parsed(c.der).extensions!;
    expect(exts.filter((e) => e.extnID === '2.5.29.15')).toHaveLength(2);
    expect(exts.find((e) => e.extnID === '1.2.3.4.5')).toMatchObject({ critical: true });
    expect(parsed(c.der).notAfter.type).toBe(1);
  });

  it('writes GeneralizedTime from 2050 and UTCTime before', () => {
    const c = issueCertificate({
      subject: 'CN=long',
      notBefore: new Date('2049-12-31T23:59:59Z'),
      notAfter: new Date('2050-01-01T00:00:00Z'),
    });
    const p = parsed(c.der);
    expect([p.notBefore.type, p.notAfter.type]).toEqual([0, 1]);
  });

  it('encodes names with escapes, printable country and empty subjects', () => {
    expect(Buffer.from(encodeName('')).toString('hex')).toBe('3000');
    const x = new X509Certificate(issueCertificate({ subject: 'CN=a\\,b,C=DE' }).der);
    expect(x.subject).toBe('C=DE\nCN=a\\,b');
    const empty = issueCertificate({ subject: '', sans: { dns: ['x.test'] } });
    expect(extension(empty.der, '2.5.29.17')!.critical).toBe(true);
  });
});

describe('defaults and conveniences', () => {
  it('default validity covers both FIXTURE_NOW and today', () => {
    const { notBefore, notAfter } = defaultValidity();
    for (const t of [FIXTURE_NOW.getTime(), Date.now()]) {
      expect(notBefore.getTime()).toBeLessThan(t);
      expect(notAfter.getTime()).toBeGreaterThan(t);
    }
  });

  it('pem wraps at 64 columns', () => {
    const text = pem(new Uint8Array(100), 'X');
    expect(text.split('\n').map((l) => l.length)).toEqual([17, 64, 64, 8, 15, 0]);
  });

  it('makeChain serves a chain that node:tls accepts with the root as trust anchor', async () => {
    const chain = makeChain({ name: 'Tls' });
    expect(tlsServerOptions(chain.leaf, [chain.intermediate])).toEqual(chain.serverOptions);
    const server = tls.createServer(chain.serverOptions, (s) => s.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca: chain.trustPem,
      });
      await once(socket, 'secureConnect');
      expect(socket.authorized).toBe(true);
      expect(socket.getPeerCertificate().subject.CN).toBe('localhost');
      socket.destroy();
    } finally {
      server.close();
    }
  });

  it('makeChain puts IP hostnames in an IP SAN', () => {
    const x = new X509Certificate(makeChain({ hostname: '127.0.0.1' }).leaf.der);
    expect(x.subjectAltName).toBe('IP Address:127.0.0.1');
  });
});
