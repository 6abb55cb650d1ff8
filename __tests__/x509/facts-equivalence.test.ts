// The DER route of parseCertificate must give exactly the facts of the pkijs route, and decline
// (leaving the decision to pkijs) whenever the encoding is not plain DER. Compared over ordinary
// and odd factory certificates, the pinned Mozilla roots and the committed fixtures.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  encodeName,
  generateKey,
  issueCertificate,
  makeChain,
  pssAlgorithm,
  type CertSpec,
} from '../helpers/pki.js';
import { factsViaDer, factsViaPkijs, parseCertificate } from '../../src/x509/certificate.js';
import { MOZILLA_ROOTS } from '../../src/x509/roots/mozilla-roots.generated.js';
import { decodeCertificateFile } from '../../src/x509/decode.js';

const origin = { kind: 'file', name: 'corpus.pem', index: 0 } as const;
const rsa = generateKey({ type: 'rsa', bits: 1024 });
const chain = makeChain({ name: 'Equiv' });
const issuer = chain.intermediate;

function rawName(...rdns: asn1js.AsnType[][]): pkijs.RelativeDistinguishedNames {
  const der = new asn1js.Sequence({
    value: rdns.map((atvs) => new asn1js.Set({ value: atvs })),
  }).toBER();
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(der).result });
}

const atv = (oid: string, value: asn1js.AsnType) =>
  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] });

const leaf = (spec: Partial<CertSpec>): CertSpec => ({ subject: 'CN=leaf.test', issuer, ...spec });

/** Factory certificates the DER route must read itself, with the same facts as pkijs. */
const ordinary: [string, CertSpec][] = [
  [
    'EC leaf with every usual extension',
    leaf({
      subject: 'CN=www.example.com,O=Example\\, Inc.,C=US',
      sans: {
        dns: ['www.example.com', '*.example.com'],
        ip: ['192.0.2.1', '2001:db8::1', '::1', 'fe80::1:0:0:0'],
        email: ['ops@example.com'],
        uri: ['https://example.com/'],
      },
      keyUsage: ['digitalSignature', 'keyEncipherment', 'decipherOnly'],
      extKeyUsage: ['serverAuth', 'clientAuth', 'OCSPSigning', '1.2.3.4'],
      ocsp: ['http://ocsp.example.com', 'http://ocsp2.example.com'],
      caIssuers: ['http://ca.example.com/int.crt'],
      crl: ['http://crl.example.com/a.crl', 'http://crl.example.com/b.crl'],
      scts: 3,
      mustStaple: true,
      policies: ['2.23.140.1.2.1'],
      extraExtensions: [{ oid: '1.2.3.4.5', critical: true, value: new Uint8Array([5, 0]) }],
    }),
  ],
  ['RSA 1024 / e=3 key', leaf({ key: generateKey({ type: 'rsa', bits: 1024, exponent: 3 }) })],
  [
    'RSA issuer, MD5',
    {
      subject: 'CN=md5',
      issuer: issueCertificate({ subject: 'CN=rsa ca', key: rsa, ca: true }),
      signatureHash: 'md5',
    },
  ],
  ['RSA self-signed SHA-512', { subject: 'CN=rsa512', key: rsa, signatureHash: 'sha512' }],
  ['P-384 key', leaf({ key: generateKey({ type: 'ec', curve: 'P-384' }) })],
  [
    'P-521 key, SHA-384',
    leaf({ key: generateKey({ type: 'ec', curve: 'P-521' }), signatureHash: 'sha384' }),
  ],
  ['secp256k1 key', leaf({ key: generateKey({ type: 'ec', curve: 'secp256k1' }) })],
  ['Ed25519 self-signed', { subject: 'CN=ed25519', key: generateKey({ type: 'ed25519' }) }],
  ['Ed448 self-signed', { subject: 'CN=ed448', key: generateKey({ type: 'ed448' }) }],
  ['DSA key', leaf({ key: generateKey({ type: 'dsa', bits: 1024 }) })],
  [
    'RSASSA-PSS with SHA-384',
    {
      subject: 'CN=pss',
      key: rsa,
      mutate: (c) => {
        c.signature = pssAlgorithm('2.16.840.1.101.3.4.2.2');
        c.signatureAlgorithm = pssAlgorithm('2.16.840.1.101.3.4.2.2');
      },
    },
  ],
  [
    'RSASSA-PSS with default hash',
    {
      subject: 'CN=pss1',
      key: rsa,
      mutate: (c) => {
        c.signature = pssAlgorithm();
        c.signatureAlgorithm = pssAlgorithm();
      },
    },
  ],
  [
    'CA with path length and name constraints',
    leaf({
      subject: 'CN=Constrained CA',
      ca: true,
      pathLength: 3,
      nameConstraints: {
        permitted: { dns: ['example.com'], ip: ['10.0.0.0/8'] },
        excluded: { dns: ['bad.example.com'] },
        critical: true,
      },
    }),
  ],
  ['explicit cA=FALSE', leaf({ ca: false })],
  ['v1 certificate, empty subject', { subject: '', version: 1 }],
  ['long and leading-zero serials', leaf({ serial: '00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff' })],
  ['negative serial', leaf({ serial: '80' })],
  ['no key identifiers', leaf({ omitKeyIdentifiers: true })],
  ['duplicate extensions', leaf({ sans: { dns: ['a.test'] }, duplicateExtensions: ['2.5.29.17'] })],
  ['UTF-8 names beyond ASCII', leaf({ subject: 'CN=Ünïcødé 日本,O=Ωmega,L=São Paulo' })],
  ['names needing RFC 4514 escapes', leaf({ subject: 'CN= #lead\\,ing+x=y;z<>\\"q\\"\\\\ ' })],
  [
    'dates before 2000 and after 2050',
    leaf({
      notBefore: new Date('1999-12-31T23:59:59Z'),
      notAfter: new Date('2051-01-01T00:00:00Z'),
    }),
  ],
  ['issuer name differs from the issuer', leaf({ issuerName: 'CN=Somebody Else,O=Elsewhere' })],
  [
    'multi-valued RDN and DC, emailAddress',
    leaf({
      mutate: (c) => {
        c.subject = rawName(
          [
            atv('2.5.4.3', new asn1js.Utf8String({ value: 'a' })),
            atv('2.5.4.11', new asn1js.PrintableString({ value: 'b' })),
          ],
          [atv('0.9.2342.19200300.100.1.25', new asn1js.IA5String({ value: 'example' }))],
          [atv('1.2.840.113549.1.9.1', new asn1js.IA5String({ value: 'x@example.com' }))],
        );
      },
    }),
  ],
  [
    'BMPString, TeletexString and INTEGER name values',
    leaf({
      mutate: (c) => {
        c.subject = rawName(
          [atv('2.5.4.10', new asn1js.BmpString({ value: 'Ünits' }))],
          [atv('2.5.4.11', new asn1js.TeletexString({ value: 'tele' }))],
          [atv('1.2.3.4', new asn1js.Integer({ value: 5 }))],
        );
      },
    }),
  ],
];

function expectSameFacts(der: Uint8Array): void {
  const viaDer = factsViaDer(der);
  expect(viaDer).toBeDefined();
  expect(viaDer).toStrictEqual(factsViaPkijs(der).facts);
  // Key order too: facts are serialised into reports.
  expect(JSON.stringify(viaDer)).toBe(JSON.stringify(factsViaPkijs(der).facts));
}

describe('facts via DER equal facts via pkijs', () => {
  it.each(ordinary)('%s', (_, spec) => {
    expectSameFacts(issueCertificate(spec).der);
  });

  it('for every pinned Mozilla root', () => {
    const declined = MOZILLA_ROOTS.filter((base64) => {
      const der = new Uint8Array(Buffer.from(base64, 'base64'));
      const viaDer = factsViaDer(der);
      if (viaDer) expect(viaDer).toStrictEqual(factsViaPkijs(der).facts);
      return viaDer === undefined;
    });
    // Real roots are plain DER: the fast route must cover (nearly) all of them.
    expect(declined.length).toBeLessThanOrEqual(2);
  });

  it('for every committed fixture certificate', () => {
    const files: string[] = [];
    const visit = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) visit(path);
        else if (/\.(pem|crt|cer|der)$/.test(name)) files.push(path);
      }
    };
    visit('fixtures/certs');
    let compared = 0;
    for (const file of files) {
      for (const cert of decodeCertificateFile(readFileSync(file), file).certificates) {
        const viaDer = factsViaDer(cert.der);
        expect([file, viaDer]).toStrictEqual([file, factsViaPkijs(cert.der).facts]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe('the DER route declines what is not plain DER', () => {
  const der = issueCertificate(leaf({ sans: { dns: ['ber.test'] } })).der;

  it('a non-minimal (BER) length: pkijs decides, with the same facts', () => {
    // 30 82 LL LL → 30 83 00 LL LL: valid BER, not DER.
    expect(der[1]).toBe(0x82);
    const ber = Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)]);
    expect(factsViaDer(ber)).toBeUndefined();
    const parsed = parseCertificate(ber, origin);
    expect(parsed.facts).toStrictEqual(factsViaPkijs(ber).facts);
    expect(parsed.facts.dnsNames).toEqual(['ber.test']);
  });

  it('malformed input: the pkijs route reports it as before', () => {
    expect(factsViaDer(der.subarray(0, 40))).toBeUndefined();
    expect(() => parseCertificate(der.subarray(0, der.length - 10), origin)).toThrow(/truncated/);
    expect(factsViaDer(encodeName('CN=x'))).toBeUndefined();
  });
});

describe('parseCertificate results', () => {
  it('share one decode per DER, keep each origin, and build pkijs lazily', () => {
    const der = issueCertificate(leaf({ subject: 'CN=shared.test' })).der;
    const a = parseCertificate(der, origin);
    const b = parseCertificate(Buffer.from(der), { kind: 'server', name: 'h', index: 1 });
    expect(b.facts).toBe(a.facts);
    expect(a.origin).toEqual(origin);
    expect(b.origin).toEqual({ kind: 'server', name: 'h', index: 1 });
    expect(a.pkijs).toBeInstanceOf(pkijs.Certificate);
    expect(b.pkijs).toBe(a.pkijs);
    expect(a.pkijs.subject.typesAndValues[0]?.value.valueBlock.value).toBe('shared.test');
    expect(Object.keys(a)).toEqual(['der', 'facts', 'pkijs', 'origin']);
    expect({ ...a }.pkijs).toBe(a.pkijs);
  });
});
