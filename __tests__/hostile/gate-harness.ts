// Runs the real gate over a policy written to a temporary directory: one healthy loopback host
// next to whatever hostile targets a test adds, so every test can check that the hostile one got
// a clear finding, that the healthy one did not notice, and how long and how much memory it took.
import { join } from 'node:path';
import { runGate } from '../../src/gate.js';
import { silentLogger } from '../../src/logger.js';
import type { Report, TargetReport } from '../../src/model.js';
import { parsePolicyText } from '../../src/policy/load.js';
import { makeChain } from '../helpers/pki.js';
import { startTlsServer, type TestServer } from '../helpers/tls-servers.js';
import { targetNamed, workspace } from '../e2e/harness.js';

export interface HostileRun {
  report: Report;
  elapsedMs: number;
  /** Largest resident-set growth seen while the gate ran (sampled every 20 ms). */
  rssGrowthBytes: number;
  target(name: string): TargetReport;
}

export interface Harness {
  dir: string;
  /** `host:port` of the healthy host. */
  healthyName: string;
  /** Its findings' rule ids when checked alone: what every hostile run must leave unchanged. */
  healthyBaseline: string[];
  /** Writes a file next to the policy; returns its name (relative to the policy). */
  file(name: string, contents: string | Uint8Array): string;
  /** Runs the gate over the healthy host plus `targets` (YAML list items, policy-indented). */
  run(targets: { hosts?: string[]; certificates?: string[] }): Promise<HostileRun>;
  close(): Promise<void>;
}

const HEALTHY = makeChain({ hostname: 'localhost', name: 'Healthy', slot: 7 });

function rules(report: Report, name: string): string[] {
  return targetNamed(report, name)
    .findings.map((f) => `${f.rule}:${f.severity}`)
    .sort();
}

export async function startHarness(timeoutMs: number): Promise<Harness> {
  const ws = workspace('hostile');
  const dir = ws.dir;
  const server: TestServer = await startTlsServer(HEALTHY.serverOptions);
  ws.write('healthy-root.pem', HEALTHY.trustPem);
  const healthyName = `localhost:${server.port}`;
  const healthyYaml = [
    `  - host: localhost`,
    `    port: ${server.port}`,
    `    address: 127.0.0.1`,
    `    trust: healthy-root.pem`,
    // The healthy host must stay healthy while a hostile neighbour eats CPU on a loaded runner:
    // its own deadline is roomier than the hostile targets' short timeout.
    `    timeout_ms: ${Math.max(timeoutMs, 3000)}`,
  ];

  const run = async (targets: { hosts?: string[]; certificates?: string[] }) => {
    const lines = [
      'version: 1',
      'defaults:',
      `  timeout_ms: ${timeoutMs}`,
      'hosts:',
      ...healthyYaml,
      ...(targets.hosts ?? []),
      ...(targets.certificates?.length ? ['certificates:', ...targets.certificates] : []),
    ];
    const policy = await parsePolicyText(
      `${lines.join('\n')}\n`,
      'tls-gate.yml',
      join(dir, 'tls-gate.yml'),
    );
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    try {
      const report = await runGate(policy, { now: new Date(), logger: silentLogger });
      const elapsedMs = performance.now() - started;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      return {
        report,
        elapsedMs,
        rssGrowthBytes: rssPeak - rssBefore,
        target: (name: string) => targetNamed(report, name),
      };
    } finally {
      clearInterval(sampler);
    }
  };

  const baseline = await run({});
  return {
    dir,
    healthyName,
    healthyBaseline: rules(baseline.report, healthyName),
    file(name, contents) {
      ws.write(name, contents);
      return name;
    },
    run,
    async close() {
      await server.close();
      ws.remove();
    },
  };
}

/** The healthy target's findings in a run, in the form of `healthyBaseline`. */
export function healthyRules(run: HostileRun, harness: Harness): string[] {
  return rules(run.report, harness.healthyName);
}

/** YAML list item for a loopback host at `port`; `extra` lines are added under it. */
export function hostItem(port: number, extra: string[] = []): string[] {
  return [
    `  - host: localhost`,
    `    port: ${port}`,
    `    address: 127.0.0.1`,
    ...extra.map((line) => `    ${line}`),
  ];
}
