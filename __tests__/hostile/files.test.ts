// Hostile files and policies: YAML bombs, oversized and special files are refused with a clear
// message before they are read, and the CLI bundle exits 0, 1 or 2 on mutated inputs, never
// with a crash.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runGate } from '../../src/gate.js';
import { MAX_FILE_BYTES, MAX_POLICY_BYTES } from '../../src/limits.js';
import { silentLogger } from '../../src/logger.js';
import { parsePolicyText } from '../../src/policy/load.js';
import { ConfigurationError } from '../../src/errors.js';
import { runCli } from '../helpers/run-dist.js';
import {
  REPO_ROOT,
  SEED_DERS,
  checkContainer,
  mutatedDer,
  mutatedPem,
  mutatedPolicy,
} from './properties.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls-gate-hostile-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function configurationError(text: string): Promise<ConfigurationError> {
  try {
    await parsePolicyText(text, 'tls-gate.yml', join(dir, 'tls-gate.yml'));
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('policies', () => {
  it('a billion-laughs YAML bomb is refused quickly, at a line', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const error = await configurationError(`version: 1\n${levels.join('\n')}\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(/^tls-gate\.yml:1:1: too many YAML alias expansions/);
  });

  it('a policy above the size limit is refused before parsing', async () => {
    const error = await configurationError(`version: 1\n#${'x'.repeat(MAX_POLICY_BYTES)}\n`);
    expect(error.message).toMatch(/tls-gate\.yml.*bytes/);
  });

  it('collection keys are a problem at their line, not a Node warning on stderr', async () => {
    const path = join(dir, 'collection-key.yml');
    writeFileSync(path, 'version: 1\n{ a: 1 }: x\nhosts: [{ host: a }]\n');
    const run = await runCli(['check', '--policy', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/collection-key\.yml:2:1: .*keys must be plain names/);
    expect(run.stderr).not.toMatch(/Warning/);
  });
});

describe('certificate files', () => {
  const gateOn = async (path: string) => {
    writeFileSync(join(dir, 'placeholder.pem'), SEED_DERS[0]!);
    const loaded = await parsePolicyText(
      'version: 1\ncertificates:\n  - path: placeholder.pem\n',
      'tls-gate.yml',
      join(dir, 'tls-gate.yml'),
    );
    // The loader checked placeholder.pem; the file under test takes its place, as a checkout
    // could between loading and reading (and as an API caller may build targets by hand).
    const target = loaded.targets[0]!;
    if (target.type !== 'file') throw new Error('expected a file target');
    target.path = path;
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const report = await runGate(loaded, { now: new Date(), logger: silentLogger });
    return {
      elapsedMs: performance.now() - started,
      rssGrowth: process.memoryUsage().rss - rss,
      findings: report.targets[0]!.findings,
    };
  };

  it('a file above the size limit is refused without being read', async () => {
    const path = join(dir, 'huge.pem');
    writeFileSync(path, '');
    truncateSync(path, 64 * MAX_FILE_BYTES); // sparse: 640 MiB that cost nothing on disk
    const { findings, rssGrowth } = await gateOn(path);
    expect(findings[0]).toMatchObject({ severity: 'error' });
    expect(findings[0]!.message).toMatch(/larger than 10485760 bytes \(10 MiB\) are not read/);
    expect(rssGrowth).toBeLessThan(100 * 1024 * 1024);
  });

  it('a device that never ends is refused, not read', async () => {
    const { findings, elapsedMs } = await gateOn('/dev/zero');
    expect(findings[0]!.message).toMatch(/not a regular file/);
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('a FIFO nobody writes to does not block the gate', async () => {
    const fifo = join(dir, 'pipe.pem');
    execFileSync('mkfifo', [fifo]);
    const { findings } = await gateOn(fifo);
    expect(findings[0]!.message).toMatch(/not a regular file/);
  });
});

describe('ASN.1 that asn1js throws on', () => {
  // A SEQUENCE holding a GeneralizedTime whose content is not a date: asn1js throws on it.
  const BAD_TIME = Buffer.from([0x30, 0x04, 0x18, 0x02, 0x41, 0x41]);
  const pemOf = (label: string) =>
    `-----BEGIN ${label}-----\n${BAD_TIME.toString('base64')}\n-----END ${label}-----\n`;

  it.each([
    ['bad.der', BAD_TIME],
    ['bad.p12', BAD_TIME],
    ['bad.p7b', BAD_TIME],
    ['bad.pem', Buffer.from(pemOf('PKCS7'))],
    ['bad-cert.pem', Buffer.from(pemOf('TRUSTED CERTIFICATE'))],
  ])('%s is a problem, not a crash', (name, bytes) => {
    const decoded = checkContainer(name, bytes);
    expect(decoded.certificates).toEqual([]);
    expect(decoded.problems.length).toBeGreaterThan(0);
  });
});

describe('the CLI bundle on mutated inputs exits 0, 1 or 2', () => {
  const SEED = 20260602;

  it('mutated policies (run from the fixture layout, so their files resolve)', async () => {
    // valid/ and invalid/ policies name files as ../files/…: give the copies the same neighbour.
    const root = join(dir, 'policies');
    mkdirSync(join(root, 'p'), { recursive: true });
    symlinkSync(join(REPO_ROOT, '__tests__', 'fixtures', 'policies', 'files'), join(root, 'files'));
    // Policies naming hosts would send the bundle to DNS: tests stay off the network.
    const offline = mutatedPolicy.filter(({ text }) => !/host|address/.test(text));
    const samples = fc.sample(offline, { numRuns: 6, seed: SEED });
    const runs = await Promise.all(
      samples.map(async ({ text }, i) => {
        const path = join(root, 'p', `policy-${i}.yml`);
        writeFileSync(path, text);
        return {
          text,
          run: await runCli(['check', '--policy', path, '--format', 'json'], { timeoutMs: 20_000 }),
        };
      }),
    );
    for (const { text, run } of runs) {
      const crashed = /\n\s+at |TypeError|RangeError/.test(run.stderr);
      expect({ text, exitInContract: [0, 1, 2].includes(run.code ?? -1), crashed }).toEqual({
        text,
        exitInContract: true,
        crashed: false,
      });
    }
  }, 30_000);

  it('mutated certificate files', async () => {
    const files = [
      ...fc.sample(mutatedDer, { numRuns: 3, seed: SEED }).map((bytes, i) => ({
        name: `m${i}.der`,
        bytes,
      })),
      ...fc.sample(mutatedPem, { numRuns: 3, seed: SEED }).map((text, i) => ({
        name: `m${i}.pem`,
        bytes: Buffer.from(text),
      })),
    ];
    const certDir = join(dir, 'certs');
    mkdirSync(certDir, { recursive: true });
    for (const file of files) writeFileSync(join(certDir, file.name), file.bytes);
    writeFileSync(
      join(certDir, 'tls-gate.yml'),
      // Mutated certificates keep their OCSP/CRL URLs: no revocation fetch may leave loopback.
      `version: 1\ndefaults: { revocation: off }\ncertificates:\n${files.map((f) => `  - path: ${f.name}\n`).join('')}`,
    );
    const run = await runCli(
      ['check', '--policy', join(certDir, 'tls-gate.yml'), '--format', 'json'],
      {
        timeoutMs: 20_000,
      },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { targets: { name: string }[] };
    expect(report.targets.map((t) => t.name).sort()).toEqual(files.map((f) => f.name).sort());
  }, 30_000);
});
