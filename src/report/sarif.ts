// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per rule id, one result per
// finding, located at the target's entry in the policy file, with a fingerprint that stays the same
// across runs so an alert is tracked rather than re-opened.
import { createHash } from 'node:crypto';
import type { Finding, Report, RuleDescriptor, Severity, TargetReport } from '../model.js';
import { familyOf } from '../model.js';
import { logSafe, markdownCode, markdownText } from './escape.js';
import { findingSubject } from './common.js';
import { stringifyJson } from './json.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where people learn about the tool; the package page follows from the package name. */
/** The key of our fingerprint in `partialFingerprints`; bump the suffix if its inputs change. */
export const FINGERPRINT_KEY = 'tlsGateFinding/v2';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', notice: 'note' };
// GitHub ranks alerts by `security-severity` (CVSS-like score) when the rule is tagged `security`.
const SECURITY_SEVERITY: Record<Severity, string> = {
  error: '7.5',
  warning: '5.0',
  notice: '2.0',
};

/**
 * SARIF plain-text messages turn `[text](target)` into links, so brackets are escaped with a
 * backslash (and backslashes right before them doubled so the escape cannot be cancelled).
 */
function sarifText(text: string): string {
  return logSafe(text).replace(
    /(?<!\\)(\\*)([[\]])/g,
    (_, slashes: string, bracket: string) => `${slashes}${slashes}\\${bracket}`,
  );
}

/** The policy path as a URI reference: relative and POSIX, or a `file://` URI when absolute. */
export function artifactUri(path: string): string {
  // encodeURIComponent throws on a lone surrogate; a path cannot name one anyway.
  const posix = path
    .replace(/\\/g, '/')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(posix)) return `file:///${posix.slice(0, 2)}${encode(posix.slice(2))}`;
  if (posix.startsWith('/')) return `file://${encode(posix)}`;
  return encode(posix.replace(/^(\.\/)+/, ''));
}

/**
 * Stable across runs: the rule, the target and what the finding is about (its certificate, the
 * protocol, suite, SAN or policy entry), so two findings of one rule stay two alerts.
 */
export function fingerprint(finding: Finding, target: TargetReport): string {
  return createHash('sha256')
    .update([finding.rule, target.type, target.name, findingSubject(finding) ?? ''].join('\0'))
    .digest('hex');
}

function ruleDescriptors(report: Report): RuleDescriptor[] {
  const known = new Map(report.rules.map((rule) => [rule.id, rule]));
  for (const target of report.targets) {
    for (const finding of target.findings) {
      // A rule without metadata (e.g. from an older report fed to merge) still needs an entry.
      if (!known.has(finding.rule)) {
        known.set(finding.rule, {
          id: finding.rule,
          check: familyOf(finding.rule),
          description: finding.rule,
          citation: '',
          defaultSeverity: finding.originalSeverity ?? finding.severity,
        });
      }
    }
  }
  return [...known.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Rule texts may span lines (help); each line is escaped on its own. */
function perLine(text: string, escape: (line: string) => string): string {
  return text.split(/\r?\n/).map(escape).join('\n');
}

/** Rule help marks commands and keys as `code`: keep those spans code, escape the prose. */
function markdownKeepingCode(line: string): string {
  return line.replace(/`([^`]+)`|[^`]+|`/g, (part, code: string | undefined) =>
    code !== undefined ? markdownCode(code) : markdownText(part),
  );
}

function sarifRule(rule: RuleDescriptor) {
  const help = rule.help ?? rule.description;
  const reference = rule.citation ? `\n\nReference: ${rule.citation}` : '';
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: sarifText(rule.description) },
    fullDescription: {
      text: sarifText(rule.citation ? `${rule.description} (${rule.citation})` : rule.description),
    },
    help: {
      text: perLine(`${help}${reference}`, sarifText),
      markdown: perLine(`${help}${reference}`, markdownKeepingCode),
    },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: ['security', 'tls', rule.check],
      'security-severity': SECURITY_SEVERITY[rule.defaultSeverity],
    },
  };
}

function sarifResult(
  report: Report,
  target: TargetReport,
  finding: Finding,
  ruleIndex: number,
): Record<string, unknown> {
  // A suppressed result keeps the level it would have had: viewers show it as dismissed.
  const severity = finding.suppressed
    ? (finding.originalSeverity ?? finding.severity)
    : finding.severity;
  // GitHub shows an alert in the file view only with a line; the top of the policy without one.
  // Findings about a policy entry (an expired ignore) point at that entry, not the target's line.
  const line = finding.details?.['line'];
  const region =
    typeof line === 'number'
      ? { startLine: line }
      : target.source
        ? { startLine: target.source.line, startColumn: target.source.column }
        : { startLine: 1 };
  const result: Record<string, unknown> = {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[severity],
    message: { text: sarifText(`${target.name}: ${finding.message}`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(report.policy.path) },
          region,
        },
        logicalLocations: [{ name: logSafe(target.name), kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding, target) },
    properties: {
      target: target.name,
      targetType: target.type,
      ...(finding.certificate ? { certificate: finding.certificate } : {}),
    },
  };
  if (finding.suppressed) {
    result.suppressions = [{ kind: 'external', justification: sarifText(finding.reason ?? '') }];
  }
  return result;
}

export function renderSarif(report: Report): string {
  const rules = ruleDescriptors(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = report.targets.flatMap((target) =>
    target.findings.map((finding) =>
      sarifResult(report, target, finding, ruleIndex.get(finding.rule) ?? -1),
    ),
  );
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(sarifRule),
          },
        },
        results,
        properties: { verdict: report.verdict, gateClosed: report.gateClosed },
      },
    ],
  };
  return stringifyJson(sarif);
}
