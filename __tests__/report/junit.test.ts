import { SaxesParser } from 'saxes';
import type { FailOn, Report } from '../../src/model.js';
import { renderJunit } from '../../src/report/junit.js';
import { sampleReport } from './sample-report.js';

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/** Parses with a strict XML 1.0 parser (throws unless well-formed) into a small tree. */
function parse(xml: string): Element {
  const parser = new SaxesParser();
  const root: Element = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const element: Element = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => stack.pop());
  parser.on('text', (text) => (stack.at(-1)!.text += text));
  parser.write(xml).close();
  return root.children[0]!;
}

const child = (element: Element, name: string) => element.children.find((c) => c.name === name);
const all = (element: Element, name: string) => element.children.filter((c) => c.name === name);

function withFailOn(failOn: FailOn): Report {
  const report = sampleReport();
  report.targets[1]!.failOn = failOn;
  return report;
}

function testcase(report: Report, target: string, family: string): Element {
  const suite = all(parse(renderJunit(report)), 'testsuite').find(
    (s) => s.attributes.name === target,
  )!;
  return all(suite, 'testcase').find((c) => c.attributes.name === family)!;
}

describe('JUnit report', () => {
  const root = parse(renderJunit(sampleReport()));
  const suites = all(root, 'testsuite');

  it('is well-formed XML with a testsuite per target', () => {
    expect(root.name).toBe('testsuites');
    expect(suites.map((suite) => suite.attributes.name)).toEqual([
      'certs/site.pem',
      'api.example.com:443',
      'legacy.example.org:8443',
    ]);
  });

  it('has a testcase per check family evaluated, and counts that add up', () => {
    expect(all(suites[0]!, 'testcase').map((c) => c.attributes.name)).toEqual([
      'file',
      'chain',
      'hostname',
      'expiry',
      'key',
      'signature',
    ]);
    let tests = 0;
    let failures = 0;
    for (const suite of suites) {
      const cases = all(suite, 'testcase');
      const failed = cases.filter((c) => child(c, 'failure')).length;
      expect(Number(suite.attributes.tests)).toBe(cases.length);
      expect(Number(suite.attributes.failures)).toBe(failed);
      tests += cases.length;
      failures += failed;
    }
    expect(Number(root.attributes.tests)).toBe(tests);
    expect(Number(root.attributes.failures)).toBe(failures);
    expect(failures).toBe(3);
  });

  it('falls back to the families that produced findings when the gate recorded none', () => {
    const report = sampleReport();
    delete report.targets[1]!.checks;
    const suite = all(parse(renderJunit(report)), 'testsuite')[1]!;
    expect(all(suite, 'testcase').map((c) => c.attributes.name)).toEqual([
      'protocol',
      'chain',
      'hostname',
      'expiry',
      'revocation',
    ]);
  });

  it('fails a testcase on an error, with the most severe finding as the message', () => {
    const failure = child(testcase(sampleReport(), 'api.example.com:443', 'chain'), 'failure')!;
    expect(failure.attributes.type).toBe('error');
    expect(failure.attributes.message).toBe(
      'chain.untrusted-root: the chain ends at CN=Evil CA, which is not a trust anchor',
    );
  });

  it('fails on warnings only when fail_on is warning; never fails with fail_on never', () => {
    const expiry = (failOn: FailOn) =>
      testcase(withFailOn(failOn), 'api.example.com:443', 'expiry');
    expect(child(expiry('error'), 'failure')).toBeUndefined();
    expect(child(expiry('error'), 'system-out')?.text).toMatch(/^warning expiry\.expiring-soon: /);
    expect(child(expiry('warning'), 'failure')?.attributes.type).toBe('warning');
    const chain = testcase(withFailOn('never'), 'api.example.com:443', 'chain');
    expect(child(chain, 'failure')).toBeUndefined();
    expect(child(chain, 'system-out')?.text).toMatch(/^error chain\.untrusted-root: /);
  });

  it('reports suppressed findings in system-out with the reason, not as failures', () => {
    const protocol = testcase(sampleReport(), 'api.example.com:443', 'protocol');
    expect(child(protocol, 'failure')).toBeUndefined();
    expect(child(protocol, 'system-out')?.text).toBe(
      'notice protocol.tls10: the server accepts TLS 1.0 [suppressed error: vendor appliance @ops-team, replacement tracked in #42 [OPS-123](http://e)]',
    );
  });

  it('keeps hostile text as visible, inert characters', () => {
    const failure = child(testcase(sampleReport(), 'api.example.com:443', 'hostname'), 'failure')!;
    expect(failure.attributes.message).toContain(
      '@admin\n:\u2060:error file=x::injected\r#\u2060#[group]',
    );
    expect(failure.attributes.message).toContain('\\x9b2J \\u202eevil');
    const subject = child(suites[1]!, 'properties')!.children.find(
      (p) => p.attributes.name === 'leaf_subject',
    )!;
    expect(subject.attributes.value).toBe(
      'CN=<img src=x>@admin #1 ::error::x #\u2060#[warning]\\x1b[31m|[a](http://e)',
    );
  });
});
