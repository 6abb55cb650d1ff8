// Times probeHost against N loopback TLS servers running in a child process (so server CPU is
// not charged to the probing process's event loop, as with a real remote host). Prints figures;
// asserts nothing.   node scripts/run-ts.mjs scripts/bench-hosts.ts [HOSTS=50] [CONCURRENCY=16]
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { makeChain } from '../__tests__/helpers/pki.js';
import { DEFAULT_SETTINGS, type HostTarget } from '../src/policy/types.js';
import { mapWithConcurrency, probeHost } from '../src/probe/index.js';

const SERVE_FLAG = '--serve-loopback';

async function serve(count: number): Promise<void> {
  const chain = makeChain({ hostname: 'localhost' });
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = tls.createServer(chain.serverOptions, (socket) => socket.end());
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address && typeof address === 'object') ports.push(address.port);
  }
  process.send!({ ports });
}

function target(port: number): HostTarget {
  return {
    type: 'host',
    name: `localhost:${port}`,
    host: 'localhost',
    port,
    address: '127.0.0.1',
    source: { file: 'bench', line: 1, column: 1 },
    settings: DEFAULT_SETTINGS,
  };
}

async function timed(label: string, ports: number[], concurrency: number): Promise<void> {
  const started = performance.now();
  const results = await mapWithConcurrency(ports, concurrency, (port) => probeHost(target(port)));
  const ms = performance.now() - started;
  const failed = results.filter((r) => r.failure).length;
  const perHost = results.map((r) => r.timings.total ?? 0).sort((a, b) => a - b);
  const median = perHost[Math.floor(perHost.length / 2)] ?? 0;
  console.log(
    `${label.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms   median host ${median.toFixed(1)} ms` +
      (failed ? `   FAILED: ${failed}` : ''),
  );
}

async function main(): Promise<void> {
  const hosts = Number(process.argv[2] ?? 50);
  const concurrency = Number(process.argv[3] ?? 16);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [SERVE_FLAG, String(hosts)]);
  const ports = await new Promise<number[]>((resolve) =>
    child.once('message', (m) => resolve((m as { ports: number[] }).ports)),
  );
  console.log(
    `probeHost against loopback node:tls servers (child process); node ${process.version}, ` +
      `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`,
  );
  try {
    await timed('1 host (cold)', ports.slice(0, 1), 1);
    await timed('1 host (warm)', ports.slice(1, 2), 1);
    await timed(`${hosts} hosts, concurrency ${concurrency}`, ports, concurrency);
    await timed(`${hosts} hosts, concurrency ${hosts}`, ports, hosts);
  } finally {
    child.kill();
  }
}

if (process.argv.includes(SERVE_FLAG)) {
  await serve(Number(process.argv[process.argv.indexOf(SERVE_FLAG) + 1]));
} else {
  await main();
}
