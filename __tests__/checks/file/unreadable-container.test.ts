// A certificate file that does not decode (an unsupported PKCS#12 cipher, a wrong password, a PEM
// whose only CERTIFICATE block is broken) is one finding, file.unparseable, not that plus
// file.no-certificate saying the same thing.
import { describe, expect, it } from '@jest/globals';
import { contextFor, factsFor } from '../../helpers/facts.js';
import { fileRules } from '../../../src/checks/file/index.js';
import { evaluateRules } from '../../../src/checks/run.js';
import { decodeContainerFile } from '../../../src/x509/formats/index.js';
import { generateKey } from '../../helpers/pki.js';
import { fixture, P12_PASSWORD } from '../../x509/formats/support.js';

function findings(
  file: string,
  password: string,
  rules: Record<string, 'off'> = {},
  bytes: Uint8Array = fixture(file),
) {
  const decoded = decodeContainerFile(bytes, file, { password });
  const facts = factsFor([], { problems: decoded.problems, privateKeys: decoded.privateKeys });
  return evaluateRules(fileRules, facts, contextFor({ settings: { rules } })).map((f) => f.rule);
}

describe('a certificate file that does not decode', () => {
  it('an unsupported PKCS#12 cipher is reported once, as file.unparseable', () => {
    expect(findings('pbes1.p12', P12_PASSWORD)).toEqual(['file.unparseable']);
  });

  it('a wrong PKCS#12 password is reported once, as file.unparseable', () => {
    expect(findings('rc2.p12', 'wrong')).toEqual(['file.unparseable']);
  });

  it('with file.unparseable turned off, file.no-certificate still fails it', () => {
    expect(findings('pbes1.p12', P12_PASSWORD, { 'file.unparseable': 'off' })).toEqual([
      'file.no-certificate',
    ]);
  });

  it('a file that decodes and holds no certificate is still file.no-certificate', () => {
    expect(findings('leaf.key', '')).toEqual(['file.no-certificate', 'file.private-key-present']);
  });
});

describe('a PEM file whose certificate blocks do not decode', () => {
  const broken = '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n';
  const pemFindings = (text: string, rules: Record<string, 'off'> = {}) =>
    findings('cert.pem', '', rules, Buffer.from(text));

  it('is reported once, as file.unparseable naming the block', () => {
    expect(pemFindings(broken)).toEqual(['file.unparseable']);
    expect(pemFindings('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n')).toEqual([
      'file.unparseable',
    ]);
  });

  it('with file.unparseable turned off, file.no-certificate still fails it', () => {
    expect(pemFindings(broken, { 'file.unparseable': 'off' })).toEqual(['file.no-certificate']);
  });

  it('keeps file.no-certificate for files with no CERTIFICATE block at all', () => {
    expect(pemFindings('')).toEqual(['file.no-certificate']);
    expect(pemFindings(generateKey().keyPem)).toEqual([
      'file.no-certificate',
      'file.private-key-present',
    ]);
    // Plain text is reported once, as undecodable.
    expect(pemFindings('just some notes\n')).toEqual(['file.unparseable']);
  });
});
