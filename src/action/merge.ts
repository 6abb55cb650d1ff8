// Merge mode: the JSON reports that sharded jobs uploaded, found by path or glob, read and merged
// into one report (the same merge as `tls-gate merge`).
import { readFile } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import { ConfigurationError, errorMessage } from '../errors.js';
import { asReport, mergeReports } from '../merge.js';
import type { FailOn, Report } from '../model.js';

export async function mergeReportFiles(
  patterns: string[],
  options: { cwd: string; failOn?: FailOn },
): Promise<Report> {
  const files = (await glob(patterns, { cwd: options.cwd, absolute: true, dot: true })).sort();
  if (files.length === 0) {
    throw new ConfigurationError(
      `input "merge": no JSON report matches ${patterns.map((p) => `"${p}"`).join(', ')}`,
    );
  }
  const reports: Report[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new ConfigurationError([
        { file, message: `cannot read JSON report: ${errorMessage(error)}` },
      ]);
    }
    reports.push(asReport(parsed, file));
  }
  return mergeReports(reports, options.failOn);
}
