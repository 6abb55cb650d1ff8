// The policy's `limits:` through the real gate: the whole-run deadline, file sizes, certificates
// per list, SANs per certificate and CRL sizes each end in a clear finding, and the report is
// still produced.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClientCredentials } from '../src/probe/client-credentials.js';
import { runGate } from '../src/gate.js';
import { silentLogger } from '../src/logger.js';
import type { TargetReport } from '../src/model.js';
import { parsePolicyText } from '../src/policy/load.js';
import type { HostTarget, Policy } from '../src/policy/types.js';
import type { HostFacts } from '../src/probe/types.js';
import { loadTrustFile } from '../src/x509/roots.js';
import { targetNamed } from './e2e/harness.js';
import { startRevocationServer, type RevocationServer } from './helpers/ocsp-responder.js';
import { issueCertificate, makeChain } from './helpers/pki.js';

let dir: string;
let revocation: RevocationServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-gate-limits-'));
  revocation = await startRevocationServer();
});
afterAll(async () => {
  await revocation.close();
  rmSync(dir, { recursive: true, force: true });
});

const CHAIN = makeChain({ hostname: 'limits.example', name: 'Limits', slot: 30 });

function file(name: string, contents: string | Uint8Array): string {
  writeFileSync(join(dir, name), contents);
  return name;
}

const policyOf = (...lines: string[]): Promise<Policy> =>
  parsePolicyText(`${lines.join('\n')}\n`, 'tls-gate.yml', join(dir, 'tls-gate.yml'));

const refused: HostFacts = {
  servedChain: [],
  protocols: {},
  timings: {},
  failure: { kind: 'refused', message: 'connection refused' },
};

const rules = (t: TargetReport): string[] => t.findings.map((f) => f.rule);

describe('limits.run_timeout_ms', () => {
  it('abandons the target in flight, starts no other, and still reports every target', async () => {
    file('deadline.pem', CHAIN.chainPem);
    const policy = await policyOf(
      'version: 1',
      'defaults: { timeout_ms: 5000 }',
      'limits: { run_timeout_ms: 300 }',
      'hosts:',
      '  - host: fine.example',
      '  - host: stuck.example',
      '  - host: later.example',
      'certificates:',
      '  - path: deadline.pem',
    );
    const probed: string[] = [];
    const started = performance.now();
    const report = await runGate(policy, {
      now: new Date(),
      logger: silentLogger,
      concurrency: 1,
      probe: (host: HostTarget) => {
        probed.push(host.host);
        return host.host === 'stuck.example' ? new Promise(() => {}) : Promise.resolve(refused);
      },
    });
    const elapsed = performance.now() - started;
    // The per-host deadline would be 15 s; the run's 300 ms is what ended it.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1300);
    expect(probed).toEqual(['fine.example', 'stuck.example']);
    expect(report.gateClosed).toBe(true);
    expect(report.targets).toHaveLength(4);

    expect(rules(targetNamed(report, 'fine.example:443'))).toEqual(['connection.unreachable']);
    const stuck = targetNamed(report, 'stuck.example:443');
    expect(rules(stuck)).toEqual(['connection.timeout']);
    expect(stuck.findings[0]?.message).toMatch(
      /run deadline of 300 ms \(limits\.run_timeout_ms\) passed while this host was being checked/,
    );
    const later = targetNamed(report, 'later.example:443');
    expect(rules(later)).toEqual(['connection.timeout']);
    expect(later.findings[0]?.message).toMatch(/passed before this host was checked/);
    const pem = targetNamed(report, 'deadline.pem');
    expect(rules(pem)).toEqual(['file.unreadable']);
    expect(pem.findings[0]?.message).toMatch(/passed before this file was checked/);
  });

  it('leaves a run that finishes in time alone', async () => {
    const policy = await policyOf(
      'version: 1',
      'limits: { run_timeout_ms: 5000 }',
      'hosts:',
      '  - host: fine.example',
    );
    const report = await runGate(policy, {
      now: new Date(),
      logger: silentLogger,
      probe: () => Promise.resolve(refused),
    });
    expect(rules(targetNamed(report, 'fine.example:443'))).toEqual(['connection.unreachable']);
  });
});

describe('limits.max_file_bytes', () => {
  it('refuses certificate and trust files above the limit before reading them', async () => {
    file('big.pem', CHAIN.chainPem);
    file('big-trust.pem', `${CHAIN.trustPem}${'#'.repeat(2048)}\n`);
    file('small.pem', CHAIN.leaf.pem);
    const policy = await policyOf(
      'version: 1',
      `limits: { max_file_bytes: ${CHAIN.leaf.pem.length + 10} }`,
      'certificates:',
      '  - path: big.pem',
      '  - path: small.pem',
      '    trust: big-trust.pem',
    );
    const report = await runGate(policy, { now: new Date(), logger: silentLogger });
    const big = targetNamed(report, 'big.pem');
    expect(rules(big)).toEqual(['file.unreadable']);
    expect(big.findings[0]?.message).toMatch(
      new RegExp(
        `big\\.pem is ${CHAIN.chainPem.length} bytes; .* are not read \\(limits\\.max_file_bytes\\)`,
      ),
    );
    const small = targetNamed(report, 'small.pem');
    expect(
      small.findings.some(
        (f) =>
          f.rule === 'file.unparseable' &&
          /trust file: .*big-trust\.pem is \d+ bytes; .*limits\.max_file_bytes/.test(f.message),
      ),
    ).toBe(true);
  });

  it('bounds trust files and client credentials too (no FIFO, device or huge file is read)', async () => {
    const trust = await loadTrustFile('/dev/zero');
    expect(trust.anchors).toEqual([]);
    expect(trust.problems[0]?.message).toMatch(/not a regular file/);

    const cert = join(dir, file('client.pem', CHAIN.leaf.pem));
    const key = join(dir, file('client.key', CHAIN.leaf.key.keyPem));
    const host = (clientCert: string, clientKey: string) =>
      ({ clientCert, clientKey }) as unknown as HostTarget;
    const tooBig = await loadClientCredentials(host(cert, key), {}, 100);
    expect(tooBig).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^client_cert .*client\.pem is \d+ bytes; files larger than 100 bytes are not read/,
      ),
    });
    const device = await loadClientCredentials(host(cert, '/dev/zero'), {});
    expect(device).toEqual({
      ok: false,
      problem: expect.stringMatching(/client_key \/dev\/zero: not a regular file/),
    });
    expect((await loadClientCredentials(host(cert, key), {}))?.ok).toBe(true);
  });
});

describe('limits.max_chain_certificates', () => {
  const extra = [1, 2, 3].map(
    (i) => issueCertificate({ subject: `CN=Extra ${i}`, key: CHAIN.root.key, ca: true }).pem,
  );

  it('reads only that many certificates of a file and says so', async () => {
    file('long.pem', CHAIN.chainPem + extra.join(''));
    const policy = await policyOf(
      'version: 1',
      'limits: { max_chain_certificates: 2 }',
      'certificates:',
      '  - path: long.pem',
    );
    const report = await runGate(policy, { now: new Date(), logger: silentLogger });
    const long = targetNamed(report, 'long.pem');
    expect(long.facts.presented).toHaveLength(2);
    expect(long.findings.find((f) => f.rule === 'file.unparseable')?.message).toBe(
      'long.pem holds 5 certificates; only the first 2 were read (limits.max_chain_certificates)',
    );
  });

  it('cuts a served chain before parsing it', async () => {
    const policy = await policyOf(
      'version: 1',
      'limits: { max_chain_certificates: 3 }',
      'hosts:',
      '  - host: limits.example',
    );
    const served = [CHAIN.leaf.der, CHAIN.intermediate.der, ...Array(40).fill(Buffer.from([1]))];
    const report = await runGate(policy, {
      now: new Date(),
      logger: silentLogger,
      probe: () =>
        Promise.resolve({ servedChain: served, protocols: { 'TLSv1.3': true }, timings: {} }),
    });
    const host = targetNamed(report, 'limits.example:443');
    const unparseable = host.findings.filter((f) => f.rule === 'file.unparseable');
    // The limit note, and the one garbage certificate within the limit; the other 39 never parsed.
    expect(unparseable.map((f) => f.message)).toEqual([
      'the chain the server sent holds 42 certificates; only the first 3 were read (limits.max_chain_certificates)',
      expect.stringMatching(/^served certificate 2: /),
    ]);
  });
});

describe('limits.max_san_count', () => {
  const sans = Array.from({ length: 5000 }, (_, i) => (i === 4000 ? 'bad_name!.x' : `h${i}.x`));
  const many = makeChain({ name: 'ManySans', slot: 31, leaf: { sans: { dns: sans } } });

  it('a 5,000-SAN certificate still matches its last name; reports list the limit', async () => {
    file('sans.pem', many.chainPem);
    file('sans-root.pem', many.trustPem);
    const policy = await policyOf(
      'version: 1',
      'certificates:',
      '  - path: sans.pem',
      '    trust: sans-root.pem',
      '    hostname: h4999.x',
    );
    const report = await runGate(policy, { now: new Date(), logger: silentLogger });
    const sansTarget = targetNamed(report, 'sans.pem');
    // Matching saw the last SAN; the malformed one at #4000 is beyond the 1,000 judged.
    expect(rules(sansTarget)).toEqual(['hostname.too-many-sans']);
    const warning = sansTarget.findings[0]!;
    expect(warning.severity).toBe('warning');
    expect(warning.message).toMatch(
      /has 5000 subjectAltNames, more than limits\.max_san_count \(1000\)/,
    );
    expect(sansTarget.facts.leaf?.dnsNames).toHaveLength(1000);
    expect(sansTarget.facts.leaf?.dnsNames.at(-1)).toBe('h999.x');
  });

  it('a mismatch lists at most max_san_count names, and a raised limit judges them all', async () => {
    const policy = await policyOf(
      'version: 1',
      'limits: { max_san_count: 5000 }',
      'certificates:',
      '  - path: sans.pem',
      '    trust: sans-root.pem',
      '    hostname: other.example',
    );
    const report = await runGate(policy, { now: new Date(), logger: silentLogger });
    const sansTarget = targetNamed(report, 'sans.pem');
    expect(rules(sansTarget).sort()).toEqual(['hostname.invalid-san', 'hostname.mismatch']);
    const low = await policyOf(
      'version: 1',
      'limits: { max_san_count: 20 }',
      'certificates:',
      '  - path: sans.pem',
      '    trust: sans-root.pem',
      '    hostname: other.example',
    );
    const lowReport = await runGate(low, { now: new Date(), logger: silentLogger });
    const mismatch = targetNamed(lowReport, 'sans.pem').findings.find(
      (f) => f.rule === 'hostname.mismatch',
    );
    expect((mismatch?.details?.sans as string[]).length).toBe(20);
    expect(mismatch?.details?.sanCount).toBe(5000);
    expect(targetNamed(lowReport, 'sans.pem').facts.leaf?.dnsNames).toHaveLength(20);
  });
});

describe('limits.max_crl_bytes', () => {
  it('reaches the fetcher: a CRL above it is refused', async () => {
    const url = revocation.route('/big.crl', { body: Buffer.alloc(8192, 0x30) });
    const chain = makeChain({
      hostname: 'crl.example',
      name: 'CrlLimit',
      slot: 32,
      leaf: { crl: [url] },
    });
    file('crl.pem', chain.chainPem);
    file('crl-root.pem', chain.trustPem);
    const policy = await policyOf(
      'version: 1',
      'defaults: { revocation: hard-fail }',
      'limits: { max_crl_bytes: 4096 }',
      'certificates:',
      '  - path: crl.pem',
      '    trust: crl-root.pem',
    );
    const report = await runGate(policy, { now: new Date(), logger: silentLogger });
    const unavailable = targetNamed(report, 'crl.pem').findings.find(
      (f) => f.rule === 'revocation.unavailable',
    );
    expect(unavailable?.message).toMatch(/(more than 4096 bytes|limit 4096)$/);
  });
});

describe('limits.max_file_bytes on Kubernetes manifests', () => {
  it('a manifest above the limit is not read while loading, and is reported when checked', async () => {
    const secret = [
      'apiVersion: v1',
      'kind: Secret',
      'type: kubernetes.io/tls',
      'metadata: { name: web, namespace: prod }',
      'data:',
      `  tls.crt: ${Buffer.from(CHAIN.chainPem).toString('base64')}`,
      '',
    ].join('\n');
    file('secret.yaml', secret);
    const lines = (limit: string) => [
      'version: 1',
      ...(limit ? [`limits: { max_file_bytes: ${limit} }`] : []),
      'certificates:',
      '  - path: secret.yaml',
    ];
    const expanded = await policyOf(...lines(''));
    expect(expanded.targets.map((t) => t.name)).toEqual(['secret.yaml#prod/web']);
    const small = await policyOf(...lines('1024'));
    expect(small.targets.map((t) => t.name)).toEqual(['secret.yaml']);
    const report = await runGate(small, { now: new Date(), logger: silentLogger });
    expect(rules(targetNamed(report, 'secret.yaml'))).toEqual(['file.unreadable']);
  });
});
