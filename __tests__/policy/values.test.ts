import { closest, editDistance } from '../../src/policy/suggest.js';
import {
  dateProblem,
  envNameProblem,
  hostProblem,
  ruleIdProblem,
} from '../../src/policy/values.js';

describe('hostProblem', () => {
  test.each([
    'api.example.com',
    'api.example.com.',
    'localhost',
    'xn--bcher-kva.example',
    '10.0.0.5',
    '::1',
    '2001:db8::10',
    `${'a'.repeat(63)}.example`,
  ])('accepts %s', (host) => expect(hostProblem(host)).toBeUndefined());

  test.each([
    ['https://api.example.com/x', 'did you mean api.example.com?'],
    ['https://[::1]:8443/', 'did you mean ::1?'],
    ['api.example.com:8443', 'set port: 8443 instead'],
    ['[2001:db8::1]', 'did you mean 2001:db8::1?'],
    ['*.example.com', 'wildcards are not allowed'],
    ['bücher.example', 'did you mean xn--bcher-kva.example?'],
    ['bad_name.example.com', 'must be a DNS name or an IP address'],
    ['300.1.1.1', 'must be a DNS name or an IP address'],
    ['-lead.example.com', 'must be a DNS name or an IP address'],
    [`${'a'.repeat(64)}.example`, 'must be a DNS name or an IP address'],
    ['a..b', 'must be a DNS name or an IP address'],
  ])('refuses %s: %s', (host, message) => expect(hostProblem(host)).toContain(message));
});

describe('envNameProblem', () => {
  test.each(['P12_PASSWORD', '_X', 'a1'])('accepts %s', (name) =>
    expect(envNameProblem(name)).toBeUndefined(),
  );
  test.each([
    ['$PASS', 'write the name without $, e.g. PASS'],
    ['${PASS}', 'e.g. PASS'],
    ['1PASS', 'not starting with a digit'],
    ['MY-PASS', 'must be the name of an environment variable'],
  ])('refuses %s', (name, message) => expect(envNameProblem(name)).toContain(message));
});

describe('dateProblem', () => {
  test.each(['2027-01-31', '2028-02-29'])('accepts %s', (date) =>
    expect(dateProblem(date)).toBeUndefined(),
  );
  test.each([
    ['2027-02-29', 'real calendar date'],
    ['2027-13-01', 'real calendar date'],
    ['2027-1-31', 'must be a date YYYY-MM-DD'],
    ['31.01.2027', 'must be a date YYYY-MM-DD'],
  ])('refuses %s', (date, message) => expect(dateProblem(date)).toContain(message));
});

describe('ruleIdProblem', () => {
  test.each(['cipher', 'cipher.cbc', 'key.rsa-too-small', 'protocol.tls10', 'hsts'])(
    'accepts %s',
    (id) => expect(ruleIdProblem(id)).toBeUndefined(),
  );
  test('refuses a well-formed id that names no rule, suggesting the closest', () => {
    expect(ruleIdProblem('cipher.rc5')).toContain('unknown rule');
    expect(ruleIdProblem('cipher.rc5')).toContain('did you mean cipher.rc4?');
  });
  test.each([
    ['Cipher.CBC', 'did you mean cipher.cbc?'],
    ['key.rsa_too_small', 'did you mean key.rsa-too-small?'],
    ['chian.untrusted-root', 'did you mean chain.untrusted-root?'],
    ['tls.version', 'unknown check family "tls"'],
    ['cipher.', 'must be a rule id'],
    ['cipher.cbc.x', 'must be a rule id'],
    ['cipher.-cbc', 'must be a rule id'],
  ])('refuses %s', (id, message) => expect(ruleIdProblem(id)).toContain(message));
});

describe('suggestions', () => {
  test('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  test('closest finds typos and other spellings, and nothing for unrelated words', () => {
    const keys = ['warn_days', 'fail_days', 'warn_percent_left'];
    expect(closest('warnDays', keys)).toBe('warn_days');
    expect(closest('fial_days', keys)).toBe('fail_days');
    expect(closest('warn_percent', keys)).toBe('warn_percent_left');
    expect(closest('colour', keys)).toBeUndefined();
    expect(closest('hots', ['hosts', 'host'])).toBe('hosts');
  });
});
