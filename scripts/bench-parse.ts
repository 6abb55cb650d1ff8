// `node scripts/run-ts.mjs scripts/bench-parse.ts [--cli PATH] [--no-cli]`: what certificate
// parsing and chain analysis cost, in-process (ms/op) and through the whole CLI process
// (Node start-up included) on 1, 100 and 1,000 certificate files. Prints figures; asserts nothing.
// The CLI is bundled from src/ into a temporary folder (same esbuild options as scripts/build.mjs)
// so the figures are those of the working tree without touching dist/; --cli times another build.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import {
  generateKey,
  issueCertificate,
  makeChain,
  type IssuedCert,
} from '../__tests__/helpers/pki.js';
import { parseCertificate } from '../src/x509/certificate.js';
import { analyzeChain } from '../src/x509/chain.js';
import { decodeCertificateFile } from '../src/x509/decode.js';
import { bundledTrustStore, loadTrustFile } from '../src/x509/roots.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const args = process.argv.slice(2);

function time(label: string, ops: number, body: () => void): number {
  const start = performance.now();
  body();
  const ms = (performance.now() - start) / ops;
  console.log(`${label.padEnd(58)} ${ms.toFixed(4).padStart(9)} ms/op  (${ops} ops)`);
  return ms;
}

async function timeAsync(label: string, ops: number, body: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await body();
  const ms = (performance.now() - start) / ops;
  console.log(`${label.padEnd(58)} ${ms.toFixed(4).padStart(9)} ms/op  (${ops} ops)`);
  return ms;
}

/** A few hundred distinct certificates: RSA and EC leaves and intermediates. */
function corpus(): IssuedCert[] {
  const out: IssuedCert[] = [];
  for (const keySpec of [{ type: 'ec' as const }, { type: 'rsa' as const, bits: 2048 }]) {
    const chain = makeChain({ keySpec, name: `Bench ${keySpec.type}` });
    const leafKey = generateKey(keySpec, 90);
    for (let i = 0; i < 100; i++) {
      out.push(
        issueCertificate({
          subject: `CN=host${i}.bench.test,O=Bench`,
          issuer: chain.intermediate,
          key: leafKey,
          serial: BigInt(1000 + i),
          sans: { dns: [`host${i}.bench.test`, `*.host${i}.bench.test`], ip: ['192.0.2.7'] },
          ocsp: ['http://ocsp.bench.test'],
          crl: ['http://crl.bench.test/int.crl'],
          scts: 2,
        }),
      );
    }
    for (let i = 0; i < 25; i++) {
      out.push(
        issueCertificate({
          subject: `CN=Bench ${keySpec.type} Intermediate ${i},O=Bench`,
          issuer: chain.root,
          key: generateKey(keySpec, 91),
          serial: BigInt(5000 + i),
          ca: true,
          pathLength: 0,
        }),
      );
    }
  }
  return out;
}

async function inProcess(dir: string): Promise<void> {
  const certs = corpus();
  const origin = { kind: 'file', name: 'bench.pem', index: 0 } as const;
  // Distinct DER each time: the cost of a parse nobody did before.
  time(`parseCertificate, ${certs.length} distinct certs (first parse)`, certs.length, () => {
    for (const c of certs) parseCertificate(c.der, origin);
  });
  time('parseCertificate, same certs again (repeat parse)', certs.length * 5, () => {
    for (let r = 0; r < 5; r++) for (const c of certs) parseCertificate(c.der, origin);
  });
  time('parseCertificate + .pkijs (full pkijs object)', certs.length, () => {
    for (const c of certs) void parseCertificate(Buffer.from(c.der), origin).pkijs.version;
  });

  const chain = makeChain({ name: 'Bench Chain', hostname: 'bench.example.test' });
  const file = new TextEncoder().encode(chain.chainPem);
  time('decodeCertificateFile, 2-cert PEM', 2000, () => {
    for (let i = 0; i < 2000; i++) decodeCertificateFile(file, 'chain.pem');
  });

  const trustPath = join(dir, 'trust.pem');
  writeFileSync(trustPath, chain.trustPem);
  const presented = decodeCertificateFile(file, 'chain.pem').certificates;
  const policyTrust = await loadTrustFile(trustPath);
  const input = { presented, extra: [], now: NOW, usage: 'server' as const };
  await timeAsync('analyzeChain, 3-cert chain vs policy trust file', 500, async () => {
    for (let i = 0; i < 500; i++) await analyzeChain({ ...input, trust: policyTrust });
  });
  await timeAsync('loadTrustFile + decode + analyzeChain (one file target)', 500, async () => {
    for (let i = 0; i < 500; i++) {
      const p = decodeCertificateFile(file, 'chain.pem').certificates;
      await analyzeChain({ ...input, presented: p, trust: await loadTrustFile(trustPath) });
    }
  });
  const bundled = bundledTrustStore();
  await timeAsync('analyzeChain vs bundled store, first call (cold)', 1, async () => {
    await analyzeChain({ ...input, trust: bundled });
  });
  await timeAsync('analyzeChain vs bundled store (warm)', 500, async () => {
    for (let i = 0; i < 500; i++) await analyzeChain({ ...input, trust: bundled });
  });
}

function runCli(cli: string, policy: string): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  const argv = [cli, 'check', '--policy', policy, '--format', 'json', '--now', NOW.toISOString()];
  return new Promise((done) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => done({ ms: performance.now() - started, code }));
  });
}

async function bundleCli(dir: string): Promise<string> {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const outfile = join(dir, 'cli.js');
  await build({
    entryPoints: ['src/cli.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    define: { __TLS_GATE_VERSION__: JSON.stringify(pkg.version) },
    banner: {
      js: "import { createRequire as __c } from 'node:module';\nconst require = __c(import.meta.url);",
    },
  });
  return outfile;
}

async function wholeCli(dir: string): Promise<void> {
  const at = args.indexOf('--cli');
  const cli = at >= 0 ? resolve(args[at + 1] as string) : await bundleCli(dir);
  console.log(`\nCLI ${cli}: median of 3 runs, start-up included`);
  const chain = makeChain({ hostname: 'bench.example.test', name: 'Bench CLI' });
  writeFileSync(join(dir, 'root.pem'), chain.trustPem);
  for (const count of [1, 100, 1000]) {
    const entries: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `cert-${count}-${i}.pem`;
      writeFileSync(join(dir, name), chain.chainPem);
      entries.push(`  - path: ${name}\n    trust: root.pem\n    hostname: bench.example.test`);
    }
    const policy = join(dir, `files-${count}.yml`);
    writeFileSync(policy, `version: 1\ncertificates:\n${entries.join('\n')}\n`);
    const runs = [];
    for (let r = 0; r < 3; r++) runs.push(await runCli(cli, policy));
    runs.sort((a, b) => a.ms - b.ms);
    const mid = runs[1]!;
    console.log(
      `${String(count).padStart(5)} files  ${mid.ms.toFixed(0).padStart(6)} ms` +
        `  ${(mid.ms / count).toFixed(2).padStart(7)} ms/file  exit ${mid.code}`,
    );
  }
  const started = performance.now();
  await new Promise((done) => spawn(process.execPath, [cli, '--version']).on('exit', done));
  console.log(`start-up only (--version): ${(performance.now() - started).toFixed(0)} ms`);
}

const dir = mkdtempSync(join(tmpdir(), 'tls-gate-bench-parse-'));
try {
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})\n`);
  await inProcess(dir);
  if (!args.includes('--no-cli')) await wholeCli(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
