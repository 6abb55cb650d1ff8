import { describe, expect, it } from '@jest/globals';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { makeChain } from '../../helpers/pki.js';
import { noCertificate } from '../../../src/checks/file/no-certificate.js';
import { privateKeyPresent } from '../../../src/checks/file/private-key-present.js';
import { unparseable } from '../../../src/checks/file/unparseable.js';
import { unreadable } from '../../../src/checks/file/unreadable.js';
import { fileRules } from '../../../src/checks/file/index.js';
import { decodeCertificateFile } from '../../../src/x509/decode.js';

const ctx = contextFor();
const { leaf } = makeChain({ hostname: 'file.example' });

/** Facts as the gate builds them from a file's bytes. */
function decoded(text: string) {
  const file = decodeCertificateFile(Buffer.from(text), 'test.pem');
  return factsFor(file.certificates, { problems: file.problems, privateKeys: file.privateKeys });
}

describe('file rules', () => {
  it('are registered', () => {
    expect(fileRules.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'file.unreadable',
        'file.unparseable',
        'file.no-certificate',
        'file.private-key-present',
      ]),
    );
  });

  it('file.unreadable reports an unreadable file and is quiet otherwise', () => {
    const message = 'cannot read /policy/test.pem: ENOENT';
    expect(unreadable.evaluate(factsFor([], { unreadable: { message } }), ctx)).toEqual([
      { message },
    ]);
    expect(unreadable.evaluate(factsFor([leaf]), ctx)).toEqual([]);
  });

  it('file.unparseable reports each bad block, not the missing certificate', () => {
    const facts = decoded(
      `-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n${leaf.pem}`,
    );
    expect(unparseable.evaluate(facts, ctx)).toEqual([
      { message: 'block 1 (CERTIFICATE): bad base64', details: { block: 0 } },
    ]);
    expect(unparseable.evaluate(decoded(''), ctx)).toEqual([]);
    expect(unparseable.evaluate(decoded(leaf.pem), ctx)).toEqual([]);
  });

  it('file.no-certificate reports a file without certificates, with the reason', () => {
    expect(noCertificate.evaluate(decoded(leaf.key.keyPem), ctx)).toEqual([
      { message: 'no certificate in test.pem: only a private key, no CERTIFICATE block' },
    ]);
    expect(noCertificate.evaluate(decoded(leaf.pem), ctx)).toEqual([]);
    expect(noCertificate.evaluate(factsFor([], { unreadable: { message: 'x' } }), ctx)).toEqual([]);
  });

  it('file.private-key-present names the key label and whether it is encrypted', () => {
    const encrypted =
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n';
    const messages = privateKeyPresent
      .evaluate(decoded(leaf.pem + leaf.key.keyPem + encrypted), ctx)
      .map((v) => v.message);
    expect(messages).toEqual([
      'the file contains an unencrypted private key (PRIVATE KEY)',
      'the file contains a private key (ENCRYPTED PRIVATE KEY, encrypted; still keep it out of the repository)',
    ]);
    expect(privateKeyPresent.evaluate(decoded(leaf.pem), ctx)).toEqual([]);
  });
});
