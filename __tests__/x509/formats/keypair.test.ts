import { parseCertificate } from '../../../src/x509/certificate.js';
import { keyPairFacts, readPrivateKeys, type ReadKeys } from '../../../src/x509/formats/keypair.js';
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
      detail: 'wrong passphrase',
    });
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
