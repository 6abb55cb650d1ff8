// `npm run bench`: times the bundled CLI (dist/cli.js) end to end, Node start-up included, on
// generated certificate files and on loopback TLS servers. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { issueCertificate, makeChain } from '../__tests__/helpers/pki.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const RUNS = 3;

function runCli(policy: string): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'check', '--policy', policy, '--format', 'json'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) => resolve({ ms: performance.now() - started, code }));
  });
}

async function median(policy: string): Promise<{ ms: number; code: number | null }> {
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await runCli(policy));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)]!;
}

function line(label: string, count: number, result: { ms: number; code: number | null }): void {
  const per = result.ms / count;
  console.log(
    `${label.padEnd(22)} ${String(count).padStart(5)}  ${result.ms.toFixed(0).padStart(7)} ms` +
      `  ${per.toFixed(2).padStart(8)} ms/target  exit ${result.code}`,
  );
}

async function benchFiles(dir: string): Promise<void> {
  const chain = makeChain({ hostname: 'bench.example.test', name: 'Bench' });
  writeFileSync(join(dir, 'root.pem'), chain.trustPem);
  // A distinct leaf per file (one shared intermediate, as in a real repository), so the run
  // parses and verifies every certificate instead of hitting a cache.
  const leaves = Array.from({ length: 1000 }, (_, i) =>
    issueCertificate({
      subject: `CN=svc-${i}.bench.example.test`,
      issuer: chain.intermediate,
      key: chain.leaf.key,
      sans: { dns: [`svc-${i}.bench.example.test`] },
    }),
  );
  for (const count of [1, 100, 1000]) {
    const entries: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const file = `cert-${count}-${i}.pem`;
      writeFileSync(join(dir, file), leaves[i]!.pem + chain.intermediate.pem);
      entries.push(
        `  - path: ${file}\n    trust: root.pem\n    hostname: svc-${i}.bench.example.test`,
      );
    }
    const policy = join(dir, `files-${count}.yml`);
    writeFileSync(policy, `version: 1\ncertificates:\n${entries.join('\n')}\n`);
    line('certificate files', count, await median(policy));
  }
}

async function startServers(count: number, options: { key: string; cert: string }) {
  const servers: Server[] = [];
  for (let i = 0; i < count; i += 1) {
    const server = createServer({ ...options, minVersion: 'TLSv1.2' }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  return servers;
}

async function benchHosts(dir: string): Promise<void> {
  const chain = makeChain({ hostname: 'localhost', name: 'BenchHost' });
  writeFileSync(join(dir, 'host-root.pem'), chain.trustPem);
  for (const count of [1, 10, 50]) {
    const servers = await startServers(count, chain.serverOptions);
    const entries = servers.map((server) => {
      const { port } = server.address() as { port: number };
      return `  - host: localhost\n    port: ${port}\n    address: 127.0.0.1\n    trust: host-root.pem`;
    });
    const policy = join(dir, `hosts-${count}.yml`);
    writeFileSync(policy, `version: 1\nhosts:\n${entries.join('\n')}\n`);
    line('loopback TLS hosts', count, await median(policy));
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tls-gate-bench-'));
try {
  console.log(
    `tls-gate benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
  );
  console.log(`median of ${RUNS} runs of the whole CLI process (dist/cli.js), start-up included\n`);
  console.log(
    `${'what'.padEnd(22)} ${'count'.padStart(5)}  ${'wall'.padStart(10)}  ${'per target'.padStart(17)}`,
  );
  await benchFiles(dir);
  await benchHosts(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
