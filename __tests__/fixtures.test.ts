// The committed fixtures are exactly what scripts/gen-fixtures.ts makes from the committed keys,
// and each case is what its description says (checked with node's own X.509 parser).
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_NOW } from './helpers/pki.js';
import { buildFixtures, FIXTURE_KEYS, type BuiltFixtures } from '../scripts/fixtures/build.js';

const dir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const DAY = 86_400_000;

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function certs(rel: string): X509Certificate[] {
  const text = readFileSync(join(dir, rel), 'latin1');
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map(
    (m) => new X509Certificate(m[0]),
  );
}

const root = () => certs('certs/trust/root.pem')[0]!;
const intermediate = () => certs('certs/trust/intermediate.pem')[0]!;
const daysLeft = (c: X509Certificate) =>
  (new Date(c.validTo).getTime() - FIXTURE_NOW.getTime()) / DAY;

let built: BuiltFixtures;

beforeAll(() => {
  built = buildFixtures((name) => {
    const path = join(dir, 'keys', `${name}.pem`);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  });
});

describe('committed fixtures', () => {
  it('has every key the generator needs', () => {
    expect([...built.newKeys.keys()]).toEqual([]);
    expect(listFiles(join(dir, 'keys')).sort()).toEqual(
      Object.keys(FIXTURE_KEYS)
        .map((k) => `${k}.pem`)
        .sort(),
    );
  });

  it('are byte-for-byte what the generator makes (run `npm run fixtures` after changing it)', () => {
    // fixtures/chains/ is the chain corpus, checked by __tests__/x509/chain-corpus-files.test.ts.
    const onDisk = listFiles(dir).filter((f) => !f.startsWith('keys/') && !f.startsWith('chains/'));
    expect(onDisk.sort()).toEqual([...built.files.keys()].sort());
    const differing = [...built.files].filter(
      ([rel, data]) => !readFileSync(join(dir, rel)).equals(data),
    );
    expect(differing.map(([rel]) => rel)).toEqual([]);
  });

  it('has a passing and a failing (or warning) case for every rule', () => {
    const byRule = new Map<string, Set<string>>();
    for (const c of built.cases) {
      byRule.set(c.rule, (byRule.get(c.rule) ?? new Set()).add(c.expect));
    }
    for (const [rule, expects] of byRule) {
      if (rule === 'good' || rule === 'formats') continue;
      expect({ rule, pass: expects.has('pass') }).toEqual({ rule, pass: true });
      expect({ rule, fails: expects.has('fail') || expects.has('warn') }).toEqual({
        rule,
        fails: true,
      });
    }
    for (const c of built.cases) {
      expect(existsSync(join(dir, c.file))).toBe(true);
      expect(existsSync(join(dir, c.file.replace(/\.(pem|der)$/, '.txt')))).toBe(true);
    }
  });
});

describe('fixture cases mean what they say', () => {
  it('good chain: leaf ← intermediate ← trusted root, valid at FIXTURE_NOW', () => {
    const [leaf, inter] = certs('certs/good/chain.pem');
    expect(leaf!.verify(inter!.publicKey)).toBe(true);
    expect(inter!.verify(root().publicKey)).toBe(true);
    expect(inter!.checkIssued(root())).toBe(true);
    expect(leaf!.checkHost('www.example.test')).toBe('www.example.test');
    for (const c of [leaf!, inter!, root()]) {
      expect(new Date(c.validFrom).getTime()).toBeLessThan(FIXTURE_NOW.getTime());
      expect(daysLeft(c)).toBeGreaterThan(30);
    }
  });

  it('chain failures', () => {
    expect(certs('certs/chain.incomplete/fail.pem')).toHaveLength(1);
    const [otherLeaf, otherRoot] = certs('certs/chain.untrusted-root/fail.pem');
    expect(otherLeaf!.verify(otherRoot!.publicKey)).toBe(true);
    expect(otherRoot!.verify(root().publicKey)).toBe(false);
    const [self] = certs('certs/chain.self-signed-leaf/fail.pem');
    expect(self!.subject).toBe(self!.issuer);
    expect(self!.verify(self!.publicKey)).toBe(true);
    expect(self!.ca).toBe(false);
    const [bad] = certs('certs/chain.bad-signature/fail.pem');
    expect(bad!.verify(intermediate().publicKey)).toBe(false);
    const wrong = certs('certs/chain.wrong-order/fail.pem');
    expect(wrong.map((c) => c.ca)).toEqual([true, false]);
    const extra = certs('certs/chain.extra-certificates/fail.pem');
    expect(extra).toHaveLength(3);
    expect(
      extra.slice(0, 2).some((c) => extra[2]!.checkIssued(c) || c.checkIssued(extra[2]!)),
    ).toBe(false);
  });

  it('hostname cases', () => {
    const [wild] = certs('certs/hostname.mismatch/wildcard.pem');
    expect(wild!.checkHost('a.example.test')).toBeDefined();
    expect(wild!.checkHost('a.b.example.test')).toBeUndefined();
    const [ip] = certs('certs/hostname.mismatch/ip.pem');
    expect(ip!.checkIP('192.0.2.10')).toBe('192.0.2.10');
    expect(ip!.checkIP('192.0.2.11')).toBeUndefined();
    const [other] = certs('certs/hostname.mismatch/fail.pem');
    expect(other!.checkHost('www.example.test')).toBeUndefined();
    const [cnOnly] = certs('certs/hostname.mismatch/cn-only.pem');
    expect(cnOnly!.subjectAltName).toBeUndefined();
  });

  it('expiry cases relative to FIXTURE_NOW', () => {
    expect(daysLeft(certs('certs/expiry.expired/fail.pem')[0]!)).toBe(-31);
    expect(new Date(certs('certs/expiry.not-yet-valid/fail.pem')[0]!.validFrom)).toEqual(
      new Date(FIXTURE_NOW.getTime() + 30 * DAY),
    );
    expect(daysLeft(certs('certs/expiry.expiring/warn.pem')[0]!)).toBe(20);
    expect(daysLeft(certs('certs/expiry.expiring/fail.pem')[0]!)).toBe(3);
    const [leaf, inter] = certs('certs/expiry.expiring/intermediate-fail.pem');
    expect([daysLeft(leaf!), daysLeft(inter!)]).toEqual([2, 3]);
    expect(leaf!.verify(inter!.publicKey)).toBe(true);
    expect(inter!.verify(root().publicKey)).toBe(true);
  });

  it('key cases', () => {
    const key = (rel: string) => certs(rel)[0]!.publicKey;
    expect(key('certs/key.rsa-too-small/fail.pem').asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(key('certs/key.rsa-too-small/pass.pem').asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(key('certs/key.rsa-weak-exponent/warn.pem').asymmetricKeyDetails?.publicExponent).toBe(
      3n,
    );
    expect(key('certs/key.rsa-weak-exponent/pass.pem').asymmetricKeyDetails?.publicExponent).toBe(
      65537n,
    );
    expect(key('certs/key.dsa/fail.pem').asymmetricKeyType).toBe('dsa');
    expect(key('certs/key.ec-curve/fail.pem').asymmetricKeyDetails?.namedCurve).toBe('secp256k1');
    expect(key('certs/key.ec-curve/pass.pem').asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(key('certs/key.ec-curve/ed25519.pem').asymmetricKeyType).toBe('ed25519');
  });

  it('signature cases are signed with the hash they name and verify', () => {
    for (const [file, alg] of [
      ['signature.md5/fail', 'md5WithRSAEncryption'],
      ['signature.sha1/fail', 'sha1WithRSAEncryption'],
      ['signature.sha1/pass', 'sha256WithRSAEncryption'],
    ]) {
      const rel = `certs/${file}.pem`;
      expect(certs(rel)[0]!.verify(intermediate().publicKey)).toBe(true);
      expect(readFileSync(join(dir, rel.replace('.pem', '.txt')), 'utf8')).toContain(
        `signature:  ${alg}`,
      );
    }
  });

  it('weak signatures below the anchor count, not the anchor self-signature', () => {
    const [leaf, inter] = certs('certs/signature.sha1/intermediate-fail.pem');
    expect(leaf!.verify(inter!.publicKey)).toBe(true);
    expect(inter!.verify(root().publicKey)).toBe(true);
    const dump = (rel: string) => readFileSync(join(dir, rel), 'utf8');
    expect(dump('certs/signature.sha1/intermediate-fail.txt')).toMatch(
      /Block 2: CERTIFICATE[\s\S]*signature: {2}sha1WithRSAEncryption/,
    );
    const [sha1Root] = certs('certs/trust/root-sha1.pem');
    expect(certs('certs/signature.sha1/root-pass.pem')[0]!.verify(sha1Root!.publicKey)).toBe(true);
    expect(dump('certs/trust/root-sha1.txt')).toContain('signature:  sha1WithRSAEncryption');
  });

  it('file and format cases', () => {
    const withKey = readFileSync(join(dir, 'certs/file.private-key-present/fail.pem'), 'utf8');
    expect(withKey).toMatch(/-----BEGIN PRIVATE KEY-----/);
    expect(
      () => new X509Certificate(readFileSync(join(dir, 'certs/file.unparseable/fail.pem'))),
    ).toThrow();
    const der = new X509Certificate(readFileSync(join(dir, 'certs/formats/leaf.der')));
    expect(der.raw.equals(certs('certs/good/chain.pem')[0]!.raw)).toBe(true);
    const crlf = readFileSync(join(dir, 'certs/formats/crlf.pem'), 'latin1');
    expect(crlf.split('\r\n').length).toBeGreaterThan(20);
    expect(crlf).not.toMatch(/[^\r]\n/);
    expect(crlf.startsWith('Subject:')).toBe(true);
  });
});
