// The golden files and how each is rendered; shared by the golden test and scripts/update-golden.ts.
import { REPORT_EXTENSIONS, REPORT_FORMATS, renderReport } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

export interface GoldenFile {
  file: string;
  render: () => string;
}

export function goldenFiles(): GoldenFile[] {
  return [
    ...REPORT_FORMATS.map((format) => ({
      file: `report.${REPORT_EXTENSIONS[format]}`,
      render: () => renderReport(sampleReport(), format),
    })),
    {
      file: 'report.color.txt',
      render: () => renderReport(sampleReport(), 'text', { color: true }),
    },
  ];
}
