import { createPrivateKey, X509Certificate } from 'node:crypto';
import { decodeContainerFile } from '../../../src/x509/formats/index.js';
import { keyMatchesCertificate } from '../../../src/x509/formats/keypair.js';
import { Pkcs12Error, readPkcs12, REEXPORT_HINT } from '../../../src/x509/formats/pkcs12.js';
import { fixture, INTERMEDIATE_SUBJECT, LEAF_SUBJECT, P12_PASSWORD } from './support.js';

describe('readPkcs12 on files written by OpenSSL 3', () => {
  it.each([
    ['aes.p12', P12_PASSWORD, 'sha256 MAC'], // PBES2 AES-256-CBC, the OpenSSL 3 default
    ['3des.p12', P12_PASSWORD, 'sha1 MAC'], // pbeWithSHAAnd3-KeyTripleDES-CBC everywhere
    ['empty-password.p12', '', 'sha256 MAC'],
    ['unicode.p12', 'pässwörd€', 'sha256 MAC'], // BMPString for the MAC, UTF-8 for PBES2
    ['nomac.p12', P12_PASSWORD, 'no MAC'],
    ['rsa-plain-certs.p12', P12_PASSWORD, 'sha256 MAC'], // certificates not encrypted
    // `-legacy`, as OpenSSL 1.x, Windows and Java write them: RC2/RC4 without the legacy provider.
    ['rc2.p12', P12_PASSWORD, 'sha1 MAC'], // RC2-40 certificates, 3DES key
    ['rc2-empty-password.p12', '', 'sha1 MAC'],
    ['rc2-128.p12', P12_PASSWORD, 'sha1 MAC'], // RC2-128 certificates and key
    ['rc4.p12', P12_PASSWORD, 'sha1 MAC'], // RC4-40 certificates, RC4-128 key
    ['rc2-nomac.p12', P12_PASSWORD, 'no MAC'],
  ])('%s: certificates, the key and its localKeyId', (file, password, integrity) => {
    const contents = readPkcs12(fixture(file), password);
    expect(contents.integrity).toBe(integrity);
    expect(contents.problems).toEqual([]);
    expect(contents.certificates).toHaveLength(2);
    expect(contents.keys).toHaveLength(1);
    const [key] = contents.keys;
    const leaf = contents.certificates.find((c) => c.localKeyId === key?.localKeyId);
    expect(leaf).toBeDefined();
    expect(new X509Certificate(Buffer.from(leaf!.der)).checkPrivateKey(key!.key)).toBe(true);
  });

  it('a wrong password fails the MAC', () => {
    expect(() => readPkcs12(fixture('aes.p12'), 'wrong')).toThrow(
      expect.objectContaining({ kind: 'wrong-password' }),
    );
  });

  it('without a MAC, a wrong password is found when decrypting', () => {
    let caught: unknown;
    try {
      readPkcs12(fixture('nomac.p12'), 'wrong');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Pkcs12Error);
    expect((caught as Pkcs12Error).kind).toBe('wrong-password');
    expect((caught as Error).message).toMatch(/does not decrypt: wrong password/);
  });

  it.each(['rc2.p12', 'rc2-128.p12', 'rc4.p12'])(
    '%s: the exact certificates and key that went in',
    (file) => {
      const contents = readPkcs12(fixture(file), P12_PASSWORD);
      const pems = contents.certificates.map((c) =>
        new X509Certificate(Buffer.from(c.der)).toString(),
      );
      expect(pems.sort()).toEqual(
        [fixture('leaf.pem').toString(), fixture('intermediate.pem').toString()].sort(),
      );
      const expected = createPrivateKey(fixture('leaf.key'));
      expect(contents.keys[0]?.key.equals(expected)).toBe(true);
    },
  );

  it.each(['rc2.p12', 'rc4.p12'])('%s: a wrong password fails the MAC', (file) => {
    expect(() => readPkcs12(fixture(file), 'wrong')).toThrow(
      expect.objectContaining({
        kind: 'wrong-password',
        message: 'the integrity MAC does not verify: wrong password',
      }),
    );
  });

  it('RC2 without a MAC: a wrong password is found by the padding, not parsed as garbage', () => {
    expect(() => readPkcs12(fixture('rc2-nomac.p12'), 'wrong')).toThrow(
      expect.objectContaining({
        kind: 'wrong-password',
        message: 'the encrypted certificate bag does not decrypt: wrong password',
      }),
    );
  });

  it('PBES1 (pbeWithMD5AndDES-CBC) is unsupported, with the command that fixes it', () => {
    expect(() => readPkcs12(fixture('pbes1.p12'), P12_PASSWORD)).toThrow(
      expect.objectContaining({
        kind: 'unsupported',
        message: expect.stringContaining(REEXPORT_HINT),
      }),
    );
  });
});

describe('decodeContainerFile with PKCS#12', () => {
  it('orders the leaf first and keeps its key out of privateKeys', () => {
    const decoded = decodeContainerFile(fixture('3des.p12'), 'bundle.p12', {
      password: P12_PASSWORD,
    });
    expect(decoded.format).toBe('pkcs12');
    expect(decoded.problems).toEqual([]);
    expect(decoded.certificates.map((c) => c.facts.subject)).toEqual([
      LEAF_SUBJECT,
      INTERMEDIATE_SUBJECT,
    ]);
    expect(decoded.certificates.map((c) => c.origin)).toEqual([
      { kind: 'file', name: 'bundle.p12', index: 0 },
      { kind: 'file', name: 'bundle.p12', index: 1 },
    ]);
    expect(decoded.privateKeys).toEqual([]);
    expect(decoded.keys).toHaveLength(1);
    expect(keyMatchesCertificate(decoded.certificates[0]!, decoded.keys[0]!)).toBe(true);
  });

  it('a wrong password is a problem naming the file and where the password came from', () => {
    const decoded = decodeContainerFile(fixture('aes.p12'), 'certs/app.pfx', {
      password: 'nope',
      passwordSource: 'the password from $P12_PASSWORD',
    });
    expect(decoded.certificates).toEqual([]);
    expect(decoded.problems).toEqual([
      {
        message:
          'certs/app.pfx: cannot open the PKCS#12 file with the password from $P12_PASSWORD: the integrity MAC does not verify: wrong password',
      },
    ]);
  });

  it('no password given means the empty password', () => {
    expect(decodeContainerFile(fixture('empty-password.p12'), 'a.p12').certificates).toHaveLength(
      2,
    );
    expect(decodeContainerFile(fixture('aes.p12'), 'a.p12').problems[0]?.message).toMatch(
      /with the empty password \(no password_env\)/,
    );
  });

  it('an `openssl pkcs12 -legacy` file decodes like any other', () => {
    const decoded = decodeContainerFile(fixture('rc2.p12'), 'old.pfx', { password: P12_PASSWORD });
    expect(decoded.problems).toEqual([]);
    expect(decoded.certificates.map((c) => c.facts.subject)).toEqual([
      LEAF_SUBJECT,
      INTERMEDIATE_SUBJECT,
    ]);
    expect(keyMatchesCertificate(decoded.certificates[0]!, decoded.keys[0]!)).toBe(true);
  });

  it('an unsupported cipher is one problem, never a crash', () => {
    const decoded = decodeContainerFile(fixture('pbes1.p12'), 'old.p12', {
      password: P12_PASSWORD,
    });
    expect(decoded.certificates).toEqual([]);
    expect(decoded.problems).toHaveLength(1);
    expect(decoded.problems[0]?.message).toMatch(
      /^old\.p12: cannot read the PKCS#12 file: the encrypted certificate bag encryption 1\.2\.840\.113549\.1\.5\.3 .*re-export it with `openssl pkcs12 -export -keypbe AES-256-CBC/,
    );
  });

  it('a truncated .p12 is a problem naming the file', () => {
    const bytes = fixture('aes.p12').subarray(0, 300);
    const decoded = decodeContainerFile(bytes, 'cut.p12');
    expect(decoded.format).toBe('pkcs12');
    expect(decoded.certificates).toEqual([]);
    expect(decoded.problems[0]?.message).toMatch(/^cut\.p12: cannot read the PKCS#12 file: /);
  });

  it('is recognised by content whatever the file is called', () => {
    const decoded = decodeContainerFile(fixture('aes.p12'), 'cert.der', { password: P12_PASSWORD });
    expect(decoded.format).toBe('pkcs12');
    expect(decoded.certificates).toHaveLength(2);
  });
});
