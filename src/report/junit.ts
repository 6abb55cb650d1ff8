// JUnit XML for CI test views: a testsuite per target, a testcase per check family evaluated on it.
// Every value goes through xmlEscape, so the document stays well-formed whatever a certificate says.
import type { CheckFamily, FailOn, Finding, Report, TargetReport } from '../model.js';
import { countFindings, familiesOf, sortFindings } from './common.js';
import { xmlEscape } from './escape.js';

const EXPLANATION = `<!--
  tls-gate: one testsuite per target, one testcase per check family evaluated on it.
  A testcase fails (<failure type="error">) when its family has an unsuppressed error. Warnings
  fail it (<failure type="warning">) only when the target's fail_on is "warning", because only then
  do they close the gate; with fail_on "never" nothing fails. Findings that do not fail are listed
  in <system-out> (warnings, notices, suppressed findings). A JUnit testcase holds one <failure>:
  its message is the most severe finding, its body lists every failing finding.
-->`;

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlEscape(String(value))}"`)
    .join('');
}

function findingLine(finding: Finding): string {
  if (finding.suppressed) {
    const was = finding.originalSeverity ? ` ${finding.originalSeverity}` : '';
    const reason = finding.reason ? `: ${finding.reason}` : '';
    return `notice ${finding.rule}: ${finding.message} [suppressed${was}${reason}]`;
  }
  return `${finding.severity} ${finding.rule}: ${finding.message}`;
}

function failing(finding: Finding, failOn: FailOn): boolean {
  if (finding.suppressed || failOn === 'never') return false;
  return finding.severity === 'error' || (finding.severity === 'warning' && failOn === 'warning');
}

interface Testcase {
  xml: string;
  failed: boolean;
}

function testcase(target: TargetReport, family: CheckFamily, failOn: FailOn): Testcase {
  const findings = sortFindings(target.findings.filter((finding) => finding.check === family));
  const failures = findings.filter((finding) => failing(finding, failOn));
  const others = findings.filter((finding) => !failing(finding, failOn));
  const open = `    <testcase${attributes({ classname: target.name, name: family })}`;
  if (findings.length === 0) return { xml: `${open}/>`, failed: false };
  const lines = [`${open}>`];
  const [first] = failures;
  if (first) {
    const type = failures.some((finding) => finding.severity === 'error') ? 'error' : 'warning';
    const message = `${first.rule}: ${first.message}${failures.length > 1 ? ` (+${failures.length - 1} more)` : ''}`;
    const body = failures.map((finding) => xmlEscape(findingLine(finding))).join('\n');
    lines.push(`      <failure${attributes({ type, message })}>${body}</failure>`);
  }
  if (others.length > 0) {
    const body = others.map((finding) => xmlEscape(findingLine(finding))).join('\n');
    lines.push(`      <system-out>${body}</system-out>`);
  }
  lines.push('    </testcase>');
  return { xml: lines.join('\n'), failed: failures.length > 0 };
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
}

function testsuite(report: Report, target: TargetReport): Suite {
  const failOn = target.failOn ?? report.policy.failOn;
  const families = familiesOf(target);
  const cases = families.map((family) => testcase(target, family, failOn));
  const failures = cases.filter((c) => c.failed).length;
  const counts = countFindings(target.findings);
  const properties = {
    type: target.type,
    status: target.status,
    fail_on: failOn,
    errors: counts.errors,
    warnings: counts.warnings,
    notices: counts.notices,
    suppressed: counts.suppressed,
    ...(target.source ? { policy_line: target.source.line } : {}),
    ...(target.facts.leaf
      ? {
          leaf_subject: target.facts.leaf.subject,
          leaf_not_after: target.facts.leaf.notAfter,
          leaf_days_left: target.facts.leaf.daysLeft,
          leaf_sha256: target.facts.leaf.sha256,
        }
      : {}),
    ...(target.facts.protocol ? { protocol: target.facts.protocol } : {}),
  };
  const lines = [
    `  <testsuite${attributes({
      name: target.name,
      tests: cases.length,
      failures,
      errors: 0,
      skipped: 0,
      timestamp: report.evaluatedAt,
      time: target.durationMs === undefined ? undefined : (target.durationMs / 1000).toFixed(3),
    })}>`,
    '    <properties>',
    ...Object.entries(properties).map(
      ([name, value]) => `      <property${attributes({ name, value })}/>`,
    ),
    '    </properties>',
    ...cases.map((c) => c.xml),
    '  </testsuite>',
  ];
  return { xml: lines.join('\n'), tests: cases.length, failures };
}

export function renderJunit(report: Report): string {
  const suites = report.targets.map((target) => testsuite(report, target));
  const tests = suites.reduce((sum, suite) => sum + suite.tests, 0);
  const failures = suites.reduce((sum, suite) => sum + suite.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    EXPLANATION,
    `<testsuites${attributes({ name: 'tls-gate', tests, failures, errors: 0, skipped: 0, timestamp: report.evaluatedAt })}>`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
