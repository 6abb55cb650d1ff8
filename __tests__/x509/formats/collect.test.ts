// The new inputs end to end: policy target → collectFileFacts → every registered rule.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_RULES } from '../../../src/checks/index.js';
import { evaluateRules } from '../../../src/checks/run.js';
import type { TargetFacts } from '../../../src/checks/types.js';
import { collectFileFacts } from '../../../src/collect.js';
import { DEFAULT_SETTINGS, type CertificateTarget } from '../../../src/policy/types.js';
import { expandManifestTargets } from '../../../src/x509/formats/targets.js';
import { WRONG_PASSPHRASE } from '../../../src/x509/formats/keypair.js';
import { FIXTURE_NOW, generateKey, issueCertificate } from '../../helpers/pki.js';
import { FIXTURES, fixture, LEAF_SUBJECT, P12_PASSWORD } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'tls-gate-formats-'));
const noProbe = () => Promise.reject(new Error('no hosts in these tests'));

function target(name: string, extra: Partial<CertificateTarget> = {}): CertificateTarget {
  const path = name.startsWith('/') ? name : join(FIXTURES, name);
  return {
    type: 'file',
    name: name.startsWith('/') ? name.slice(dir.length + 1) : name,
    path,
    usage: 'server',
    trust: join(FIXTURES, 'root.pem'),
    source: { file: 'policy.yml', line: 1, column: 1 },
    settings: DEFAULT_SETTINGS,
    ...extra,
  };
}

// These certificates carry no OCSP or CRL URL: any fetch would be a bug.
const noFetch = {
  fetch: () => Promise.reject(new Error('no revocation fetch expected')),
};

function collect(t: CertificateTarget, env: Record<string, string> = {}): Promise<TargetFacts> {
  return collectFileFacts(t, { now: FIXTURE_NOW, probe: noProbe, fetcher: noFetch, env });
}

function rulesHit(facts: TargetFacts): string[] {
  return evaluateRules(ALL_RULES, facts, { now: FIXTURE_NOW, settings: facts.target.settings })
    .map((f) => `${f.severity} ${f.rule}`)
    .sort();
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('PKCS#12 targets', () => {
  it('password from password_env; the bundled key must match; the chain validates', async () => {
    const facts = await collect(target('aes.p12', { passwordEnv: 'P12_PASSWORD' }), {
      P12_PASSWORD,
    });
    expect(facts.problems).toEqual([]);
    expect(facts.certificates.map((c) => c.facts.subject)[0]).toBe(LEAF_SUBJECT);
    expect(facts.privateKeys).toEqual([]);
    expect(facts.keyPair).toEqual({
      source: 'the key in aes.p12',
      status: 'match',
      keyType: 'ec prime256v1',
    });
    expect(facts.chain?.valid).toBe(true);
    expect(rulesHit(facts).filter((r) => !r.includes('expiry.'))).toEqual([]);
  });

  it('an unset password_env is a problem, not an attempt with the empty password', async () => {
    const facts = await collect(target('aes.p12', { passwordEnv: 'P12_PASSWORD' }));
    expect(facts.certificates).toEqual([]);
    expect(facts.problems).toEqual([
      {
        message:
          'aes.p12: cannot open the PKCS#12 file: password_env P12_PASSWORD is not set in the environment',
      },
    ]);
  });

  it('a wrong password names the variable', async () => {
    const facts = await collect(target('aes.p12', { passwordEnv: 'PW' }), { PW: 'nope' });
    expect(facts.problems[0]?.message).toMatch(/with the password from \$PW: .*wrong password/);
  });
});

describe('key: on a certificate target', () => {
  it('a matching key passes, another key is key.mismatch', async () => {
    const good = await collect(target('leaf.pem', { key: join(FIXTURES, 'leaf.key') }));
    expect(good.keyPair?.status).toBe('match');
    expect(rulesHit(good)).not.toContain('error key.mismatch');

    const bad = await collect(target('leaf.pem', { key: join(FIXTURES, 'rsa-leaf.key') }));
    expect(bad.keyPair).toMatchObject({ status: 'mismatch', keyType: 'rsa 2048' });
    expect(rulesHit(bad)).toContain('error key.mismatch');
  });

  it('an encrypted key is a notice without the passphrase and checked with it', async () => {
    const key = generateKey({ type: 'ec' }, 103);
    const encrypted = key.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'open sesame',
    });
    const keyPath = write('encrypted.key', encrypted);
    const certPath = write('own.pem', issueCertificate({ subject: 'CN=own', key }).pem);
    const t = target(certPath, { key: keyPath, passwordEnv: 'KEY_PASS' });
    const locked = await collect(t);
    expect(locked.keyPair).toEqual({
      source: expect.stringContaining('encrypted.key'),
      status: 'encrypted',
      detail: 'the key is encrypted and password_env KEY_PASS is not set in the environment',
    });
    expect(rulesHit(locked)).toContain('notice key.pair-unverifiable');
    const opened = await collect(t, { KEY_PASS: 'open sesame' });
    expect(opened.keyPair?.status).toBe('match');
    const wrong = await collect(t, { KEY_PASS: 'wrong' });
    expect(wrong.keyPair).toMatchObject({ status: 'unreadable', detail: WRONG_PASSPHRASE });
    expect(rulesHit(wrong)).toContain('warning key.pair-unverifiable');
  });

  it('a missing key file is unverifiable, not a crash', async () => {
    const facts = await collect(target('leaf.pem', { key: join(dir, 'nope.key') }));
    expect(facts.keyPair).toMatchObject({ status: 'unreadable' });
    expect(rulesHit(facts)).toContain('warning key.pair-unverifiable');
  });
});

describe('PKCS#7 as the chain file', () => {
  it('supplies the intermediates', async () => {
    const facts = await collect(target('leaf.pem', { chain: join(FIXTURES, 'chain.p7b') }));
    expect(facts.extraCertificates).toHaveLength(3);
    expect(facts.chain?.valid).toBe(true);
  });
});

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64');

describe('Kubernetes manifests', () => {
  const crt = Buffer.concat([fixture('leaf.pem'), fixture('intermediate.pem')]);
  const manifest = `apiVersion: v1
kind: Secret
metadata: { name: web-tls, namespace: shop }
type: kubernetes.io/tls
data:
  tls.crt: ${b64(crt)}
  tls.key: ${b64(fixture('leaf.key'))}
---
apiVersion: v1
kind: Secret
metadata: { name: wrong-key }
type: kubernetes.io/tls
stringData:
  tls.crt: |
${crt
  .toString()
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
  tls.key: |
${fixture('rsa-leaf.key')
  .toString()
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web, namespace: shop }
spec:
  secretName: web-tls
  duration: 90d
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: yearly }
spec:
  duration: 8760h
  renewBefore: 240h
`;

  async function manifestTargets(): Promise<CertificateTarget[]> {
    const path = write('k8s.yaml', manifest);
    return expandManifestTargets([target(path)]);
  }

  it('each object is its own target with its own findings', async () => {
    const targets = await manifestTargets();
    expect(targets.map((t) => t.name)).toEqual([
      'k8s.yaml#shop/web-tls',
      'k8s.yaml#default/wrong-key',
      'k8s.yaml#shop/web',
      'k8s.yaml#default/yearly',
    ]);
    const [secret, wrongKey, certificate, yearly] = await Promise.all(
      targets.map((t) => collect(t)),
    );

    expect(secret!.problems).toEqual([]);
    expect(secret!.certificates.map((c) => c.facts.subject)[0]).toBe(LEAF_SUBJECT);
    expect(secret!.keyPair).toMatchObject({
      source: 'k8s.yaml#shop/web-tls tls.key',
      status: 'match',
    });
    expect(secret!.chain?.valid).toBe(true);
    // A committed Secret carries its key in plain base64: as exposed as a PEM key file.
    expect(secret!.privateKeys).toEqual([expect.objectContaining({ encrypted: false })]);
    expect(rulesHit(secret!).filter((r) => !r.includes('expiry.'))).toEqual([
      'warning file.private-key-present',
    ]);

    expect(rulesHit(wrongKey!)).toContain('error key.mismatch');

    expect(certificate!.manifest).toMatchObject({ kind: 'Certificate', name: 'web' });
    expect(certificate!.certificates).toEqual([]);
    expect(certificate!.problems).toEqual([]);
    expect(rulesHit(certificate!)).toEqual(['error expiry.cert-manager-invalid-duration']);

    // No max_validity_days: the issuer may be private PKI, so only the renewal timing is judged.
    expect(rulesHit(yearly!)).toEqual(['warning expiry.cert-manager-late-renewal']);
  });

  it('a manifest without TLS objects stays one target that says why', async () => {
    const path = write('config.yaml', 'kind: ConfigMap\nmetadata: { name: x }\n');
    const [only] = await expandManifestTargets([target(path)]);
    const facts = await collect(only!);
    expect(facts.problems).toEqual([
      {
        code: 'no-certificate',
        message:
          'no certificate in config.yaml: no Secret of type kubernetes.io/tls and no cert-manager Certificate',
      },
    ]);
  });
});

describe('usage: client reaches path validation', () => {
  it('a serverAuth-only leaf fails chain.eku as a client certificate only', async () => {
    const server = await collect(target('leaf.pem', { chain: join(FIXTURES, 'intermediate.pem') }));
    expect(rulesHit(server)).not.toContain('error chain.eku');
    const client = await collect(
      target('leaf.pem', { chain: join(FIXTURES, 'intermediate.pem'), usage: 'client' }),
    );
    expect(rulesHit(client)).toContain('error chain.eku');
  });
});
