import fc from 'fast-check';
import type { Report } from '../../src/model.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/index.js';
import { UNSAFE_CHAR, hostileString, workflowCommandLines } from './hostile.js';
import { HOSTILE_SUBJECT, sampleReport } from './sample-report.js';

/** The sample report with every server- or file-controlled string replaced by `value`. */
function hostileReport(value: string): Report {
  const report = sampleReport();
  for (const target of report.targets) {
    target.name = `${value}:443`;
    if (target.facts.leaf) {
      target.facts.leaf.subject = value;
      target.facts.leaf.issuer = value;
      target.facts.leaf.notAfter = value;
    }
    target.facts.protocol = value;
    target.facts.cipher = value;
    target.facts.address = value;
    for (const finding of target.findings) {
      finding.message = value;
      if (finding.reason !== undefined) finding.reason = value;
      if (finding.certificate) finding.certificate.subject = value;
    }
  }
  report.policy.path = value;
  report.notes = [value];
  return report;
}

/** What no output may contain, whatever the report holds. */
function unsafeParts(output: string): string[] {
  const problems = workflowCommandLines(output).map((line) => `workflow command: ${line}`);
  if (output.includes('\u001b')) problems.push('ESC');
  if (UNSAFE_CHAR.test(output.replace(/[\n\r]/g, ''))) problems.push('control character');
  if (output.includes('\r')) problems.push('CR');
  return problems;
}

describe('every format is safe against hostile certificates, servers and file names', () => {
  it.each(REPORT_FORMATS)('%s: the sample report with a hostile subject', (format) => {
    const output = renderReport(sampleReport(), format);
    expect(unsafeParts(output)).toEqual([]);
  });

  it('text with colour emits only its own SGR sequences', () => {
    const output = renderReport(sampleReport(), 'text', { color: true });
    // eslint-disable-next-line no-control-regex
    const withoutOwn = output.replace(/\u001b\[[0-9;]*m/g, '');
    expect(unsafeParts(withoutOwn)).toEqual([]);
    expect(output).toContain('\\x1b[31m'); // the subject's ESC, shown
    expect(HOSTILE_SUBJECT).toContain('\u001b[31m');
  });

  it('holds for any string in every field, in every format', () => {
    fc.assert(
      fc.property(hostileString, (value) =>
        REPORT_FORMATS.every((format) => {
          const output = renderReport(hostileReport(value), format);
          return unsafeParts(output).length === 0;
        }),
      ),
      { numRuns: 150, seed: 20260601 },
    );
  });
});
