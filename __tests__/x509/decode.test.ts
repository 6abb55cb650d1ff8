import { describe, expect, it } from '@jest/globals';
import { generateKey, makeChain, pem } from '../helpers/pki.js';
import { decodeCertificateFile, MAX_FILE_BYTES, MAX_PEM_BLOCKS } from '../../src/x509/decode.js';

const chain = makeChain({ hostname: 'decode.example' });
const bytes = (text: string) => Buffer.from(text, 'latin1');
const messages = (file: ReturnType<typeof decodeCertificateFile>) =>
  file.problems.map((p) => p.message);

describe('decodeCertificateFile', () => {
  it('reads several PEM blocks with CRLF and text around them, leaf first', () => {
    const text =
      'subject=CN = decode.example\r\n' +
      chain.leaf.pem.replace(/\n/g, '\r\n') +
      'Certificate:\n    Data: ...\n' +
      chain.intermediate.pem;
    const file = decodeCertificateFile(bytes(text), 'bundle.pem');
    expect(file.problems).toEqual([]);
    expect(file.certificates.map((c) => c.facts.subject)).toEqual([
      'CN=decode.example',
      'CN=Test Intermediate CA,O=tls-gate tests',
    ]);
    expect(file.certificates.map((c) => c.origin)).toEqual([
      { kind: 'file', name: 'bundle.pem', index: 0 },
      { kind: 'file', name: 'bundle.pem', index: 1 },
    ]);
  });

  it('reads DER', () => {
    const file = decodeCertificateFile(chain.leaf.der, 'leaf.der');
    expect(file.problems).toEqual([]);
    expect(file.certificates[0]?.facts.dnsNames).toEqual(['decode.example']);
  });

  it('reads TRUSTED CERTIFICATE blocks, ignoring the OpenSSL trust settings after the certificate', () => {
    const aux = Buffer.from([0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 6, 1, 5, 5, 7, 3, 1]);
    const text = pem(Buffer.concat([chain.root.der, aux]), 'TRUSTED CERTIFICATE');
    const file = decodeCertificateFile(bytes(text), 'trusted.pem');
    expect(file.problems).toEqual([]);
    expect(file.certificates[0]?.facts.subject).toBe('CN=Test Root CA,O=tls-gate tests');
  });

  it('records private-key blocks of every label without parsing them', () => {
    const block = (label: string, body: string, headers = '') =>
      `-----BEGIN ${label}-----\n${headers}${body}\n-----END ${label}-----\n`;
    const openssh = (cipher: string) => {
      const magic = Buffer.from('openssh-key-v1\0', 'latin1');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(cipher.length);
      return Buffer.concat([magic, length, Buffer.from(cipher)]).toString('base64');
    };
    const text =
      chain.leaf.pem +
      generateKey().keyPem +
      block('ENCRYPTED PRIVATE KEY', 'AAAA') +
      block('RSA PRIVATE KEY', 'AAAA', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n') +
      block('EC PARAMETERS', 'BggqhkjOPQMBBw==') +
      block('EC PRIVATE KEY', 'AAAA') +
      block('DSA PRIVATE KEY', 'AAAA') +
      block('OPENSSH PRIVATE KEY', openssh('aes256-ctr')) +
      block('OPENSSH PRIVATE KEY', openssh('none'));
    const file = decodeCertificateFile(bytes(text), 'leaf+key.pem');
    expect(file.problems).toEqual([]);
    expect(file.certificates).toHaveLength(1);
    expect(file.privateKeys).toEqual([
      { label: 'PRIVATE KEY', encrypted: false },
      { label: 'ENCRYPTED PRIVATE KEY', encrypted: true },
      { label: 'RSA PRIVATE KEY', encrypted: true },
      { label: 'EC PRIVATE KEY', encrypted: false },
      { label: 'DSA PRIVATE KEY', encrypted: false },
      { label: 'OPENSSH PRIVATE KEY', encrypted: true },
      { label: 'OPENSSH PRIVATE KEY', encrypted: false },
    ]);
  });

  it('names the block and what is wrong with it, and keeps reading', () => {
    const body = chain.leaf.der.toString('base64');
    const truncated = chain.leaf.der.subarray(0, 100).toString('base64');
    const trailing = Buffer.concat([chain.leaf.der, Buffer.from([1, 2, 3])]).toString('base64');
    const text = [
      `-----BEGIN CERTIFICATE-----\n${body.slice(0, 20)}!!${body.slice(22)}\n-----END CERTIFICATE-----`,
      `-----BEGIN CERTIFICATE-----\n${truncated}\n-----END CERTIFICATE-----`,
      `-----BEGIN CERTIFICATE-----\n${trailing}\n-----END CERTIFICATE-----`,
      `-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----`,
      `-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----`,
      `-----BEGIN X509 CRL-----\nMAMCAQE=\n-----END X509 CRL-----`,
      chain.intermediate.pem,
      `-----BEGIN CERTIFICATE-----\n${body}\n`,
    ].join('\n');
    const file = decodeCertificateFile(bytes(text), 'broken.pem');
    expect(file.certificates.map((c) => c.facts.subjectCommonName)).toEqual([
      'Test Intermediate CA',
    ]);
    expect(file.certificates[0]?.origin.index).toBe(0);
    expect(file.problems.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 7]);
    const list = messages(file);
    expect(list[0]).toBe('block 1 (CERTIFICATE): bad base64');
    expect(list[1]).toMatch(/^block 2 \(CERTIFICATE\): truncated DER/);
    expect(list[2]).toBe('block 3 (CERTIFICATE): trailing data: 3 bytes after the certificate');
    expect(list[3]).toMatch(/^block 4 \(CERTIFICATE\): not an X.509 certificate/);
    expect(list[4]).toBe('block 5 (CERTIFICATE): the block is empty');
    expect(list[5]).toBe('block 6 (X509 CRL): not a certificate block');
    expect(list[6]).toBe('block 8 (CERTIFICATE): no matching -----END CERTIFICATE----- line');
  });

  it('reports text without PEM once, as undecodable', () => {
    expect(decodeCertificateFile(bytes('hello'), 'f').problems).toEqual([
      { message: 'f is neither PEM (no -----BEGIN line) nor DER (does not start with a SEQUENCE)' },
    ]);
  });

  it.each([
    ['an empty file', '', 'no certificate in f: the file is empty'],
    ['whitespace only', ' \r\n\n', 'no certificate in f: the file is empty'],
    [
      'only a key',
      generateKey().keyPem,
      'no certificate in f: only a private key, no CERTIFICATE block',
    ],
    [
      'only a CRL block',
      '-----BEGIN X509 CRL-----\nMAMCAQE=\n-----END X509 CRL-----\n',
      'no certificate in f: no CERTIFICATE block',
    ],
  ])('reports %s as having no certificate', (_, text, message) => {
    const file = decodeCertificateFile(bytes(text), 'f');
    expect(file.certificates).toEqual([]);
    expect(file.problems).toContainEqual({ message, code: 'no-certificate' });
  });

  it.each([
    ['bad base64', '!!!!', /^block 1 \(CERTIFICATE\): bad base64$/],
    ['no certificate inside', 'MAMCAQE=', /^block 1 \(CERTIFICATE\): not an X.509 certificate/],
  ])('reports a lone CERTIFICATE block with %s once, as that block', (_, body, message) => {
    const text = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
    for (const extra of ['', generateKey().keyPem]) {
      const file = decodeCertificateFile(bytes(text + extra), 'f');
      expect(file.certificates).toEqual([]);
      expect(file.problems).toEqual([{ index: 0, message: expect.stringMatching(message) }]);
    }
  });

  it('reports text that is neither PEM nor DER', () => {
    expect(messages(decodeCertificateFile(bytes('hello'), 'f'))).toContain(
      'f is neither PEM (no -----BEGIN line) nor DER (does not start with a SEQUENCE)',
    );
  });

  it('recognises a DER private key and a broken DER certificate', () => {
    const der = generateKey().privateKey.export({ format: 'der', type: 'pkcs8' });
    const key = decodeCertificateFile(der, 'key.der');
    expect(key.privateKeys).toEqual([{ label: 'PRIVATE KEY (DER)', encrypted: false }]);
    expect(key.problems).toEqual([
      { code: 'no-certificate', message: 'no certificate in key.der: it is a DER private key' },
    ]);
    const broken = decodeCertificateFile(chain.leaf.der.subarray(0, 50), 'leaf.der');
    expect(broken.problems).toEqual([
      { index: 0, message: expect.stringMatching(/^DER: truncated DER/) },
    ]);
  });

  it('bounds the input: size and number of blocks', () => {
    const big = decodeCertificateFile(new Uint8Array(MAX_FILE_BYTES + 1), 'big.pem');
    expect(messages(big)).toEqual([expect.stringContaining('larger than 10485760 bytes (10 MiB)')]);
    const many = decodeCertificateFile(
      bytes(
        '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n'.repeat(
          MAX_PEM_BLOCKS + 5,
        ),
      ),
      'many.pem',
    );
    expect(messages(many)).toContain(
      'many.pem has more than 1000 PEM blocks; the rest were not read',
    );
  });

  it('never throws on arbitrary bytes', () => {
    const header = Buffer.from('-----BEGIN CERTIFICATE-----\n');
    for (let seed = 1; seed < 200; seed++) {
      const junk = Buffer.alloc(64 + seed, 0).map((_, i) => (i * 7919 * seed + seed) & 0xff);
      junk[0] = seed % 2 ? 0x30 : junk[0]!;
      expect(() => decodeCertificateFile(junk, 'junk')).not.toThrow();
      expect(() => decodeCertificateFile(Buffer.concat([header, junk]), 'junk')).not.toThrow();
      const cut = chain.leaf.der.subarray(0, seed * 2);
      expect(decodeCertificateFile(cut, 'cut').certificates).toEqual([]);
    }
  });
});
