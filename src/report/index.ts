// One entry point for every report format; each format lives in its own module.
import type { Report } from '../model.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderOpenMetrics } from './openmetrics.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'junit' | 'openmetrics';

export const REPORT_FORMATS: readonly ReportFormat[] = [
  'text',
  'json',
  'markdown',
  'sarif',
  'junit',
  'openmetrics',
];

/** The usual file extension of each format (golden files, `--output` suggestions). */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  sarif: 'sarif',
  junit: 'xml',
  openmetrics: 'prom',
};

export interface RenderOptions {
  /** ANSI colour in the text format; the CLI sets it for a TTY when NO_COLOR is unset. */
  color?: boolean;
}

/** The report in a format, ending with a newline. */
export function renderReport(
  report: Report,
  format: ReportFormat,
  options: RenderOptions = {},
): string {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'openmetrics':
      return renderOpenMetrics(report);
  }
}
