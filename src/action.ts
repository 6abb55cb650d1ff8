// The Action: the real policy loader, gate, report renderers and runner I/O wired into runAction.
import * as core from '@actions/core';
import { EOL } from 'node:os';
import { mergeReportFiles } from './action/merge.js';
import { runAction } from './action/run.js';
import { exitWhenFlushed } from './exit.js';
import { runGate } from './gate.js';
import { loadPolicy } from './policy/load.js';
import { renderReport } from './report/index.js';

export async function run(): Promise<void> {
  const result = await runAction({
    env: process.env,
    cwd: process.cwd(),
    write: (line) => process.stdout.write(`${line}${EOL}`),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (secret) => core.setSecret(secret),
    loadPolicy,
    runGate,
    mergeReports: mergeReportFiles,
    renderReport,
  });
  exitWhenFlushed(result.exitCode);
}
