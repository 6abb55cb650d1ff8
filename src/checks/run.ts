// Runs the registry over one target's facts and turns violations into findings, applying the
// policy's severity overrides. A rule that throws becomes an error finding: a crashed check must
// never let the gate pass silently.
import type { Finding, RuleSeverity, Severity, TargetType } from '../model.js';
import { errorMessage } from '../errors.js';
import type { TargetSettings } from '../policy/types.js';
import type { CheckContext, Rule, TargetFacts, Violation } from './types.js';

/** The policy's severity for a rule: its id first, then its family, else undefined. */
export function configuredSeverity(
  rule: Pick<Rule, 'id' | 'check'>,
  settings: TargetSettings,
): RuleSeverity | undefined {
  return settings.rules[rule.id] ?? settings.rules[rule.check];
}

export function rulesFor(rules: readonly Rule[], type: TargetType): Rule[] {
  return rules.filter((rule) => rule.appliesTo.includes(type));
}

function toFinding(rule: Rule, violation: Violation, severity: Severity): Finding {
  const finding: Finding = {
    check: rule.check,
    rule: rule.id,
    severity,
    message: violation.message,
  };
  if (violation.certificate) {
    const cert = violation.certificate;
    finding.certificate = {
      index: Math.max(0, cert.origin.index),
      subject: cert.facts.subject,
      sha256: cert.facts.sha256,
    };
  }
  if (violation.details) finding.details = violation.details;
  return finding;
}

export function evaluateRules(
  rules: readonly Rule[],
  facts: TargetFacts,
  ctx: CheckContext,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rulesFor(rules, facts.target.type)) {
    const configured = configuredSeverity(rule, ctx.settings);
    if (configured === 'off') continue;
    let violations: Violation[];
    try {
      violations = rule.evaluate(facts, ctx);
    } catch (error) {
      violations = [
        {
          message: `tls-gate could not evaluate this check (${errorMessage(error)}); treated as failed`,
          severity: 'error',
        },
      ];
    }
    for (const violation of violations) {
      const severity = configured ?? violation.severity ?? rule.defaultSeverity;
      findings.push(toFinding(rule, violation, severity));
    }
  }
  return findings;
}
