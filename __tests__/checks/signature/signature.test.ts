import { describe, expect, it } from '@jest/globals';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { generateKey, issueCertificate, type HashAlg } from '../../helpers/pki.js';
import { md5 } from '../../../src/checks/signature/md5.js';
import { sha1 } from '../../../src/checks/signature/sha1.js';
import { signatureRules } from '../../../src/checks/signature/index.js';
import { weakHash } from '../../../src/checks/signature/weak-hash.js';

const ctx = contextFor();
const rsa = generateKey({ type: 'rsa', bits: 2048 });
const root = issueCertificate({
  subject: 'CN=Sig Root',
  key: rsa,
  ca: true,
  signatureHash: 'sha1',
});
const signed = (hash: HashAlg) =>
  issueCertificate({ subject: `CN=${hash} leaf`, issuer: root, signatureHash: hash });
const messages = (rule: typeof md5, ...certs: Parameters<typeof factsFor>[0]) =>
  rule.evaluate(factsFor(certs), ctx).map((v) => v.message);

describe('signature rules', () => {
  it('are registered', () => {
    expect(signatureRules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['signature.md5', 'signature.sha1', 'signature.weak-hash']),
    );
  });

  it('signature.md5: MD5 fails, SHA-256 passes', () => {
    expect(messages(md5, signed('md5'))).toEqual([
      'the certificate is signed with md5WithRSAEncryption (MD5 collisions are practical)',
    ]);
    expect(messages(md5, signed('sha256'))).toEqual([]);
  });

  it('signature.sha1: SHA-1 fails, SHA-384 passes; a self-signed root in the chain is exempt', () => {
    expect(messages(sha1, signed('sha1'), root)).toEqual([
      'the certificate is signed with sha1WithRSAEncryption (SHA-1 collisions are practical; clients reject it)',
    ]);
    expect(messages(sha1, signed('sha384'), root)).toEqual([]);
  });

  it('signature.weak-hash: MD2/MD4 fail, SHA-256 passes', () => {
    const md2 = issueCertificate({
      subject: 'CN=md2 leaf',
      issuer: root,
      signatureAlgorithmOid: '1.2.840.113549.1.1.2',
    });
    expect(messages(weakHash, md2)).toEqual([
      'the certificate is signed with md2WithRSAEncryption (the hash is broken)',
    ]);
    expect(messages(weakHash, signed('sha256'))).toEqual([]);
  });
});
