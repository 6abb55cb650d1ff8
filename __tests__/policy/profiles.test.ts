import { cipherTripleDes } from '../../src/checks/cipher/3des.js';
import { cipherDes } from '../../src/checks/cipher/des.js';
import { cipherExport } from '../../src/checks/cipher/export.js';
import { configuredSeverity } from '../../src/checks/run.js';
import type { Rule } from '../../src/checks/types.js';
import { parsePolicyText } from '../../src/policy/load.js';

async function settingsOf(yaml: string) {
  const policy = await parsePolicyText(yaml, 'p.yml', '/nowhere/p.yml');
  return { defaults: policy.defaults, target: policy.targets[0]!.settings };
}

const HOST = 'hosts:\n  - host: example.com\n';

describe('profiles', () => {
  it('mozilla-intermediate requires TLS 1.2 and makes CBC and static RSA errors', async () => {
    const { target } = await settingsOf(`version: 1\nprofile: mozilla-intermediate@5.7\n${HOST}`);
    expect(target.minProtocol).toBe('TLSv1.2');
    expect(target.maxValidityDays).toBe(366);
    expect(target.rules).toMatchObject({
      'cipher.cbc': 'error',
      'cipher.no-forward-secrecy': 'error',
    });
  });

  it('mozilla-modern requires TLS 1.3', async () => {
    const { target } = await settingsOf(`version: 1\nprofile: mozilla-modern\n${HOST}`);
    expect(target.minProtocol).toBe('TLSv1.3');
  });

  it('mozilla-old allows TLS 1.0, CBC and static RSA, and lowers 3DES to a warning', async () => {
    const { target } = await settingsOf(`version: 1\nprofile: mozilla-old@5.6\n${HOST}`);
    expect(target.minProtocol).toBe('TLSv1');
    expect(target.rules).toMatchObject({
      'cipher.cbc': 'off',
      'cipher.no-forward-secrecy': 'off',
      'cipher.3des': 'warning',
    });
    expect(target.minDhBits).toBe(1024);
  });

  it('mozilla-old keeps single DES and export suites errors', async () => {
    const { target } = await settingsOf(`version: 1\nprofile: mozilla-old@5.6\n${HOST}`);
    const severity = (rule: Rule) => configuredSeverity(rule, target) ?? rule.defaultSeverity;
    expect(severity(cipherTripleDes)).toBe('warning');
    expect(severity(cipherDes)).toBe('error');
    expect(severity(cipherExport)).toBe('error');
  });

  it('is a base layer: defaults and targets override it', async () => {
    const { defaults, target } = await settingsOf(
      `version: 1\nprofile: mozilla-modern\ndefaults:\n  min_protocol: TLSv1.2\n  rules: { cipher.cbc: warning }\n` +
        `hosts:\n  - host: example.com\n    max_validity_days: 90\n`,
    );
    expect(defaults.minProtocol).toBe('TLSv1.2');
    expect(defaults.rules['cipher.cbc']).toBe('warning');
    expect(target.maxValidityDays).toBe(90);
  });
});
