// `tls-gate` command line: argv → policy → gate → report → exit code (contract §1).
// Exit 0: gate open; 1: gate closed; 2: bad invocation or invalid policy.
import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigurationError, errorMessage, formatProblem } from './errors.js';
import { DEFAULT_CONCURRENCY, runGate } from './gate.js';
import { ConsoleLogger, type Logger } from './logger.js';
import type { FailOn } from './model.js';
import { mergeReports, readReportFile } from './merge.js';
import type { Report } from './model.js';
import { loadPolicy } from './policy/load.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from './report/index.js';
import { exitWhenFlushed } from './exit.js';
import { VERSION } from './version.js';

export const DEFAULT_POLICY = '.github/tls-gate.yml';

const HELP = `tls-gate ${VERSION} — stop a deploy when TLS is broken

Usage:
  tls-gate check [--policy PATH] [--format FORMAT] [--output FILE] [--now ISO-8601]
                 [--concurrency N] [--fail-on error|warning|never] [--shard I/N]
                 [--verbose]
  tls-gate merge REPORT.json... [--format FORMAT] [--output FILE] [--fail-on LEVEL]
  tls-gate --help | --version

Commands:
  check          check every host and certificate file of the policy
  merge          combine the JSON reports of sharded runs into one report and one verdict

Options:
  -p, --policy PATH     policy file (default ${DEFAULT_POLICY})
  -f, --format FORMAT   ${REPORT_FORMATS.join(' | ')} (default text)
  -o, --output FILE     write the report to FILE instead of stdout
      --now INSTANT     evaluate as of this ISO-8601 instant (expiry, chain validity)
      --concurrency N   most targets checked at once (default ${DEFAULT_CONCURRENCY})
      --fail-on LEVEL   override the policy's fail_on: error | warning | never
      --shard I/N       check only the I-th of N deterministic slices of the targets
  -v, --verbose         debug logging on stderr
  -h, --help            show this help
      --version         print the version

Exit codes: 0 gate open, 1 gate closed, 2 bad invocation or invalid policy.
Docs: README.md (policy reference, rules, formats).
`;

export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface CheckOptions {
  policy: string;
  format: ReportFormat;
  output?: string;
  now: Date;
  concurrency?: number;
  failOn?: FailOn;
  shard?: { index: number; count: number };
}

function usage(message: string): ConfigurationError {
  return new ConfigurationError(`${message} (see tls-gate --help)`);
}

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  // Date.parse accepts many shapes; require ISO-8601 so `--now 12/01` is not silently misread.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw usage(`--now: expected an ISO-8601 instant such as 2026-06-01T00:00:00Z, got "${value}"`);
  }
  const instant = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(instant.getTime())) throw usage(`--now: "${value}" is not a valid date`);
  return instant;
}

function parseCheckOptions(args: string[]): CheckOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      policy: { type: 'string', short: 'p' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      now: { type: 'string' },
      concurrency: { type: 'string' },
      'fail-on': { type: 'string' },
      shard: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  if (positionals.length > 0) throw usage(`unexpected argument "${positionals[0]}"`);
  const format = parseFormat(values.format);
  const options: CheckOptions = {
    policy: values.policy ?? DEFAULT_POLICY,
    format,
    now: parseNow(values.now),
  };
  if (values.output !== undefined) options.output = values.output;
  if (values.concurrency !== undefined) {
    const n = Number(values.concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 1024) {
      throw usage(`--concurrency: expected an integer 1-1024, got "${values.concurrency}"`);
    }
    options.concurrency = n;
  }
  const failOn = parseFailOn(values['fail-on']);
  if (failOn) options.failOn = failOn;
  if (values.shard !== undefined) options.shard = parseShard(values.shard);
  return options;
}

function parseFailOn(value: string | undefined): FailOn | undefined {
  if (value === undefined) return undefined;
  if (value !== 'error' && value !== 'warning' && value !== 'never') {
    throw usage(`--fail-on: expected error, warning or never, got "${value}"`);
  }
  return value;
}

function parseFormat(value: string | undefined): ReportFormat {
  const format = (value ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) {
    throw usage(`--format: expected one of ${REPORT_FORMATS.join(', ')}, got "${value}"`);
  }
  return format;
}

function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1000 || index < 1 || index > count) {
    throw usage(`--shard: expected I/N with 1 <= I <= N, e.g. 2/4, got "${value}"`);
  }
  return { index, count };
}

async function emit(
  report: Report,
  format: ReportFormat,
  output: string | undefined,
  io: CliIo,
  logger: Logger,
): Promise<number> {
  const color = format === 'text' && !output && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const rendered = renderReport(report, format, { color });
  if (output) {
    try {
      await mkdir(dirname(resolve(io.cwd, output)), { recursive: true });
      await writeFile(resolve(io.cwd, output), rendered);
    } catch (error) {
      throw usage(`--output: cannot write ${output}: ${errorMessage(error)}`);
    }
    logger.info(`tls-gate: ${report.verdict}; report written to ${output}`);
  } else {
    io.stdout.write(rendered);
  }
  return report.gateClosed ? 1 : 0;
}

async function check(args: string[], io: CliIo, logger: Logger): Promise<number> {
  const options = parseCheckOptions(args);
  const policy = await loadPolicy(options.policy, { cwd: io.cwd, env: io.env });
  logger.debug(`policy ${policy.path}: ${policy.targets.length} targets`);
  const report = await runGate(policy, {
    now: options.now,
    logger,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.failOn ? { failOn: options.failOn } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  });
  return emit(report, options.format, options.output, io, logger);
}

async function merge(args: string[], io: CliIo, logger: Logger): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const format = parseFormat(values.format);
  const failOn = parseFailOn(values['fail-on']);
  if (positionals.length === 0) throw usage('merge: give the JSON reports to merge');
  const reports = await Promise.all(positionals.map(readReportFile));
  const report = mergeReports(reports, failOn);
  return emit(report, format, values.output, io, logger);
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v') || io.env.RUNNER_DEBUG === '1';
  const logger = new ConsoleLogger(io.stderr, verbose);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout).write(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-V') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(HELP);
      return 0;
    }
    if (command === 'check') return await check(rest, io, logger);
    if (command === 'merge') return await merge(rest, io, logger);
    throw usage(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      for (const problem of error.problems) io.stderr.write(`error: ${formatProblem(problem)}\n`);
      return 2;
    }
    // parseArgs reports unknown or malformed flags with a code; they are usage errors too.
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr.write(`error: ${error.message} (see tls-gate --help)\n`);
      return 2;
    }
    // A bug must still close the gate: nothing was verified. Exit 1, never 0.
    io.stderr.write(`tls-gate: internal error: ${errorMessage(error)}\n`);
    if (error instanceof Error && error.stack) logger.debug(error.stack);
    io.stderr.write(
      'The gate is closed because the check could not complete. Please report this.\n',
    );
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  }).then(exitWhenFlushed, (error: unknown) => {
    process.stderr.write(`tls-gate: internal error: ${errorMessage(error)}\n`);
    exitWhenFlushed(1);
  });
}
