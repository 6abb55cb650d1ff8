// Merge mode: the JSON reports that sharded jobs uploaded, found by path or glob, read and merged
// into one report (the same merge as `tls-gate merge`).
import { glob } from 'tinyglobby';
import { ConfigurationError } from '../errors.js';
import { mergeReports, readReportFile } from '../merge.js';
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
  const reports = await Promise.all(files.map(readReportFile));
  return mergeReports(reports, options.failOn);
}
