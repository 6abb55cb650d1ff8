// Injection end to end: certificates whose subject, issuer and SANs carry workflow commands, HTML,
// Markdown links and images, mentions, references, terminal escapes, line breaks and table
// breakers, served by a loopback TLS server (with a hostile HSTS header too) and read from files,
// run through the real gate and then every renderer the CLI and the Action have. Whatever the
// certificate says, no output may give it a voice: no workflow command, no tag, no link, no
// mention, no escape sequence.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import MarkdownIt from 'markdown-it';
import { runGate } from '../../src/gate.js';
import { silentLogger } from '../../src/logger.js';
import type { Report } from '../../src/model.js';
import { parsePolicyText } from '../../src/policy/load.js';
import { formatAnnotation, reportAnnotations } from '../../src/report/github-annotations.js';
import { renderPullRequestComment, stickyMarker } from '../../src/report/github-comment.js';
import {
  auditMarker,
  renderAuditIssue,
  renderAuditResolvedComment,
} from '../../src/report/github-issue.js';
import { renderJobSummary } from '../../src/report/github-summary.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/index.js';
import { generateKey, issueCertificate, type IssuedCert } from '../helpers/pki.js';
import { workflowCommandLines } from '../report/hostile.js';

/** What an attacker who controls a certificate or a server would write. */
const PAYLOADS = [
  '::error::x',
  'mid ##[warning]x',
  '<img src=x onerror=alert(1)>',
  '[a](http://e)',
  '![i](http://e/i.png)',
  '@admin',
  '#123',
  '\u001b]0;x\u0007\u001b[31mred',
  'a\r\n::error::crlf\n##[error]lf',
  'a|b|c',
  '&#64;admin',
  '\\@admin',
];

/** RFC 4514 value: commas and backslashes escaped for the factory's DN parser. */
const dnValue = (text: string) => text.replace(/\\/g, '\\\\').replace(/,/g, '\\,');
const ALL = PAYLOADS.join(' ');

let dir: string;
let report: Report;
let server: tls.Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-gate-injection-'));
  const ca = issueCertificate({
    subject: `CN=${dnValue(ALL)},O=${dnValue('::warning::ca')}`,
    key: generateKey({ type: 'ec' }, 50),
    ca: true,
  });
  const leafFor = (payload: string, slot: number): IssuedCert =>
    issueCertificate({
      subject: `CN=${dnValue(payload)},OU=${dnValue(ALL)}`,
      key: generateKey({ type: 'ec' }, slot),
      issuer: ca,
      // IA5String SANs: every ASCII payload, as a name the hostname check will list.
      // eslint-disable-next-line no-control-regex
      sans: { dns: PAYLOADS.filter((p) => /^[\x00-\x7f]*$/.test(p)) },
      notAfter: new Date(Date.now() + 3 * 86_400_000), // expiring: the subject is in the message
    });

  // Files: one per payload, untrusted (the issuer's hostile subject is named), wrong hostname.
  const files = PAYLOADS.map((payload, i) => {
    const name = `cert-${i}.pem`;
    writeFileSync(join(dir, name), leafFor(payload, 51 + i).pem);
    return name;
  });

  // A host: the combined payload as subject, and a hostile HSTS header on GET /.
  const leaf = leafFor(ALL, 70);
  server = tls.createServer({ key: leaf.key.keyPem, cert: leaf.pem + ca.pem }, (socket) => {
    socket.on('error', () => {});
    socket.once('data', () => {
      socket.end(
        'HTTP/1.1 200 OK\r\n' +
          `Strict-Transport-Security: max-age=1; ${ALL.replace(/[\r\n]/g, ' ')}\r\n` +
          'Content-Length: 0\r\n\r\n',
      );
    });
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const policy = await parsePolicyText(
    [
      'version: 1',
      'defaults: { timeout_ms: 2000, revocation: off }',
      'hosts:',
      `  - host: good.example`,
      `    address: 127.0.0.1`,
      `    port: ${port}`,
      `    hsts: {}`,
      'certificates:',
      ...files.map((name) => `  - path: ${name}\n    hostname: good.example`),
      '',
    ].join('\n'),
    '.github/tls-gate.yml',
    join(dir, 'tls-gate.yml'),
  );
  report = await runGate(policy, { now: new Date(), logger: silentLogger });
}, 30_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** Rendered outputs by name: every report format and every GitHub surface. */
function outputs(): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const format of REPORT_FORMATS) rendered[format] = renderReport(report, format);
  rendered.summary = renderJobSummary(report);
  rendered.comment = renderPullRequestComment(report, {
    marker: stickyMarker(report.policy.path),
  });
  const issue = renderAuditIssue(report, { marker: auditMarker(report.policy.path) });
  rendered['issue title'] = issue.title;
  rendered.issue = issue.body;
  rendered['issue resolved comment'] = renderAuditResolvedComment(report);
  return rendered;
}

const MARKDOWN_OUTPUTS = ['markdown', 'summary', 'comment', 'issue', 'issue resolved comment'];

/** GitHub renders Markdown with HTML allowed; markdown-it does the same with `html: true`. */
const markdown = new MarkdownIt({ html: true, linkify: true });

/** Visible text outside code spans and blocks, entities decoded, as GitHub links it. */
function linkableText(html: string): string {
  return html
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** What GitHub would make of `text` as Markdown that it must not. */
function markdownProblems(text: string): string[] {
  const html = markdown.render(text);
  const problems: string[] = [];
  if (/<img\b/i.test(html)) problems.push('an image');
  if (/<[^>]*\bon\w+=/i.test(html)) problems.push('an event handler attribute');
  if (/href="http:\/\/e/.test(html)) problems.push('a link to the payload');
  const visible = linkableText(html);
  if (/(?<![\w`])@admin\b/.test(visible)) problems.push('an @mention');
  if (/(?<![\w&])#123\b/.test(visible)) problems.push('a #reference');
  return problems;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('hostile certificates and servers, through the gate and every renderer', () => {
  it('the payloads reached the report (the test would prove nothing otherwise)', () => {
    const json = JSON.stringify(report);
    expect(json).toContain('::error::x');
    expect(json).toContain('<img src=x onerror=alert(1)>');
    expect(json).toContain('\\u001b]0;x');
    const host = report.targets.find((t) => t.type === 'host')!;
    expect(host.findings.map((f) => f.rule)).toContain('hsts.invalid');
    expect(report.targets.filter((t) => t.type === 'file')).toHaveLength(PAYLOADS.length);
  });

  it('no output can issue a workflow command', () => {
    for (const [name, text] of Object.entries(outputs())) {
      expect({ name, lines: workflowCommandLines(text) }).toEqual({ name, lines: [] });
    }
  });

  it('annotations: one line each, the command is ours and the data cannot start another', () => {
    const annotations = reportAnnotations(report, { file: '.github/tls-gate.yml' });
    expect(annotations.length).toBeGreaterThan(0);
    for (const line of annotations.map(formatAnnotation)) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(line).toMatch(/^::(error|warning|notice)( [^:]*)?::/);
      expect(line).not.toContain('##[');
      expect(line).not.toContain('\u001b');
    }
  });

  it('no terminal escape sequence or raw control character in any output', () => {
    for (const [name, text] of Object.entries(outputs())) {
      expect({ name, controls: text.match(CONTROL) }).toEqual({ name, controls: null });
    }
  });

  it('Markdown surfaces: no HTML, no links or images, no mentions or references', () => {
    const all = outputs();
    for (const name of [...MARKDOWN_OUTPUTS, 'issue title']) {
      expect({ name, problems: markdownProblems(all[name]!) }).toEqual({ name, problems: [] });
    }
    // ...while the findings that carry the payloads are shown (escaped) on each of them.
    for (const name of MARKDOWN_OUTPUTS.filter((n) => n !== 'issue resolved comment')) {
      expect({ name, shown: /onerror=alert/.test(all[name]!) }).toEqual({ name, shown: true });
    }
  });

  it('the detectors above catch every payload left raw', () => {
    expect(markdownProblems(ALL).sort()).toEqual([
      'a #reference',
      'a link to the payload',
      'an @mention',
      'an event handler attribute',
      'an image',
    ]);
    expect(workflowCommandLines(ALL).length).toBeGreaterThan(0);
    expect(ALL).toMatch(CONTROL);
  });

  it('the text report shows the payloads, inert', () => {
    const text = renderReport(report, 'text');
    expect(text).toContain('\\x1b]0;x\\x07\\x1b[31mred');
    expect(text).toMatch(/<img src=x onerror=alert\(1\)>/);
  });
});
