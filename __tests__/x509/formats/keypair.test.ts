import { parseCertificate } from '../../../src/x509/certificate.js';
import { createPrivateKey } from 'node:crypto';
import {
  keyPairFacts,
  readPrivateKeys,
  WRONG_PASSPHRASE,
  type ReadKeys,
} from '../../../src/x509/formats/keypair.js';
import { generateKey, issueCertificate, type KeyPair } from '../../helpers/pki.js';

const ec = generateKey({ type: 'ec' }, 201);
const otherEc = generateKey({ type: 'ec' }, 202);
const rsa = generateKey({ type: 'rsa' }, 0);
const ed = generateKey({ type: 'ed25519' }, 201);

function leafFor(key: KeyPair) {
  const cert = issueCertificate({ subject: 'CN=pair.example.test', key });
  return parseCertificate(cert.der, { kind: 'file', name: 'pair.pem', index: 0 });
}

const text = (value: string | Buffer) => Buffer.from(value);
/** The code of the error OpenSSL's own decoder throws for an encrypted key and passphrase. */
function openSslError(bytes: Buffer, passphrase: string): string | undefined {
  const der = !bytes.includes('-----BEGIN ');
  try {
    createPrivateKey({ key: bytes, passphrase, ...(der ? { format: 'der', type: 'pkcs8' } : {}) });
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}
const pkcs8 = (key: KeyPair) => text(key.keyPem);

describe('readPrivateKeys + keyPairFacts', () => {
  it.each([
    ['PKCS#8 EC', ec, pkcs8(ec)],
    ['SEC1 EC', ec, text(ec.privateKey.export({ type: 'sec1', format: 'pem' }))],
    ['PKCS#1 RSA', rsa, text(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }))],
    ['PKCS#8 Ed25519', ed, pkcs8(ed)],
    ['DER PKCS#8', ec, ec.privateKey.export({ type: 'pkcs8', format: 'der' })],
    ['DER PKCS#1', rsa, rsa.privateKey.export({ type: 'pkcs1', format: 'der' })],
  ])('%s matches its certificate', (_label, key, bytes) => {
    const pair = keyPairFacts(leafFor(key), readPrivateKeys(bytes), 'tls.key');
    expect(pair).toMatchObject({ source: 'tls.key', status: 'match' });
  });

  it('a key for another certificate is a mismatch, with both key types named', () => {
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(pkcs8(rsa)), 'tls.key')).toEqual({
      source: 'tls.key',
      status: 'mismatch',
      keyType: 'rsa 2048',
    });
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(pkcs8(otherEc)), 'k').status).toBe('mismatch');
  });

  it('one matching key among several is enough', () => {
    const both = text(otherEc.keyPem + ec.keyPem);
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(both), 'k').status).toBe('match');
    const neither = text(otherEc.keyPem + rsa.keyPem);
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(neither), 'k')).toMatchObject({
      status: 'mismatch',
      detail: 'none of its 2 keys matches',
    });
  });

  const encryptedPkcs8 = text(
    ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }),
  );
  const encryptedSec1 = text(
    ec.privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' }),
  );

  it.each([
    ['ENCRYPTED PRIVATE KEY', encryptedPkcs8],
    ['Proc-Type: 4,ENCRYPTED', encryptedSec1],
  ])('%s: encrypted without a passphrase, decrypted with it', (_label, bytes) => {
    const locked: ReadKeys = readPrivateKeys(bytes);
    expect(locked).toEqual({ keys: [], encrypted: 1, problems: [] });
    expect(keyPairFacts(leafFor(ec), locked, 'k')).toEqual({
      source: 'k',
      status: 'encrypted',
      detail: 'the key is encrypted and no password_env is set',
    });
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(bytes, 'pw'), 'k').status).toBe('match');
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(bytes, 'bad'), 'k')).toEqual({
      source: 'k',
      status: 'unreadable',
      detail: WRONG_PASSPHRASE,
    });
  });

  // Keys (passphrase `pw`) for which the wrong passphrase `bad` happens to decrypt to valid
  // padding, so OpenSSL's decoder says "unsupported" instead of "bad decrypt"; found by
  // encrypting a fresh P-256 key until that happened (about 1 in 200 tries).
  const paddingLuck = {
    pkcs8: `-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjWBI0NLjHakAICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEOVLBubyCFddHJgsCdLgQn8EgZBk
UyYextXivj5XR12jqADFcwWJ5apshJxjxRiXZ9n+seBaaJlCkz4ZVJQR9dNwu9nu
9DrD1NPHGtVCqbS0xxtxahtZyfAR7dYc0wgCR5pQRFAPd3rN95Knr4APYkKboETy
ccMhTKgYfzbQdQvdbUH0CG5GepHJVHHesrDubsOw4WRQQvD0uJqnzy39iHhGi98=
-----END ENCRYPTED PRIVATE KEY-----
`,
    sec1: `-----BEGIN EC PRIVATE KEY-----
Proc-Type: 4,ENCRYPTED
DEK-Info: AES-128-CBC,4A13FA4FA2D0AB27FC2E4EEB6D333E15

mn5was+SLCh1j2Z1ZUwMWH2L6Wg6+d0/29r9VikLng8sYGSifJnLAoo4QoKQHxV3
nep0Y80JKshlSBj/acl1NBWWO2MMVl8nQ5aDPTxXfCvrVGJjU7l5ix4rp6sxdiAF
cFS54Ogh1l/Yb9CwcY56q3JLbtKhwRL3Sy3urdmrBKs=
-----END EC PRIVATE KEY-----
`,
  };
  const derOf = (pemText: string) => Buffer.from(pemText.replace(/^-----.*$/gm, ''), 'base64');

  it.each([
    ['ENCRYPTED PRIVATE KEY', text(paddingLuck.pkcs8)],
    ['Proc-Type: 4,ENCRYPTED', text(paddingLuck.sec1)],
    ['DER EncryptedPrivateKeyInfo', derOf(paddingLuck.pkcs8)],
  ])(
    '%s: a wrong passphrase that passes the padding check is still a wrong passphrase',
    (_label, bytes) => {
      // The fixture still covers the case: OpenSSL alone does not say "bad decrypt" (PEM:
      // "DECODER routines::unsupported", DER: "asn1 encoding routines::too long").
      expect(openSslError(bytes, 'bad')).toMatch(/^ERR_OSSL_(?!BAD_DECRYPT$)/);
      expect(readPrivateKeys(bytes, 'bad')).toEqual({
        keys: [],
        encrypted: 0,
        problems: [WRONG_PASSPHRASE],
      });
      const [key] = readPrivateKeys(bytes, 'pw').keys;
      expect(key?.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    },
  );

  it('an encryption scheme that cannot be used is named, not blamed on the passphrase', () => {
    const des = paddingLuck.sec1.replace(
      'AES-128-CBC,4A13FA4FA2D0AB27FC2E4EEB6D333E15',
      'DES-CBC,4A13FA4FA2D0AB27',
    );
    expect(readPrivateKeys(text(des), 'pw').problems).toEqual([
      'cannot read the EC PRIVATE KEY: DES-CBC encryption is not supported; re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`',
    ]);
    // PBES2 with an encryption scheme OID nobody assigned (aes-256-cbc's last arc 42 → 99).
    const der = derOf(paddingLuck.pkcs8);
    const aes256 = Buffer.from('060960864801650304012a', 'hex');
    const at = der.indexOf(aes256);
    expect(at).toBeGreaterThan(0);
    der[at + aes256.length - 1] = 99;
    expect(readPrivateKeys(der, 'pw').problems).toEqual([
      'cannot read the DER private key: PBES2 encryption scheme 2.16.840.1.101.3.4.1.99 is not supported, or the passphrase is wrong; re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`',
    ]);
  });

  it('a scheme only OpenSSL knows (scrypt) is left to OpenSSL', () => {
    // `openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -scrypt -passout pass:pw`
    const scrypt = text(`-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHkME8GCSqGSIb3DQEFDTBCMCEGCSsGAQQB2kcECzAUBAic+iwuPw7xTAICQAAC
AQgCAQEwHQYJYIZIAWUDBAEqBBDKYLa6QFJCPWfBjIxDK0qTBIGQi4OXja4ZWEtY
f8UL5wOji9ZZlPv3YvBDY0/YEb/FAAKHOzmxwi2S8goyP1H/mnRzPVkmDbqb8Q0N
+WU6hwIES/vdXcpWA5D0MYs3nYqC/k4TqIMmcAKyDARFbMv1ibcaWY2q4l8XduIG
kF6YQVVrc3kvWzntfe54K5OhggcHwtujI7xF0PdfpH4bZA55Ya2C
-----END ENCRYPTED PRIVATE KEY-----
`);
    expect(readPrivateKeys(scrypt, 'pw').keys).toHaveLength(1);
    expect(readPrivateKeys(scrypt, 'bad').problems).toEqual([
      expect.stringMatching(
        /^cannot read the ENCRYPTED PRIVATE KEY: PBES2 key derivation 1\.3\.6\.1\.4\.1\.11591\.4\.11 is not supported, or the passphrase is wrong/,
      ),
    ]);
  });

  it('files without a usable key are unreadable, with the reason', () => {
    expect(readPrivateKeys(text('just text')).problems).toEqual([
      'not a PEM or DER private key (an encrypted DER key needs password_env)',
    ]);
    expect(
      readPrivateKeys(text('-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n'))
        .problems,
    ).toEqual(['no PRIVATE KEY block']);
    const openssh = text(
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n',
    );
    expect(readPrivateKeys(openssh).problems[0]).toMatch(/ssh-keygen -p -m PKCS8/);
    const broken = text('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(broken), 'k')).toMatchObject({
      status: 'unreadable',
      detail: expect.stringMatching(/^cannot read the PRIVATE KEY: /),
    });
  });

  it('a mismatch is not claimed while another key in the file stays encrypted', () => {
    const mixed = Buffer.concat([pkcs8(otherEc), encryptedPkcs8]);
    expect(keyPairFacts(leafFor(ec), readPrivateKeys(mixed), 'k').status).toBe('encrypted');
  });
});
