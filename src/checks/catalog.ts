// The rule catalogue as Markdown (docs/rules.md), generated from the registry so the documented
// ids, severities and citations can never drift from the code.
import { ALL_RULES } from './index.js';

const cell = (text: string): string => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

export function renderRuleCatalog(): string {
  const lines = [
    '# tls-gate rules',
    '',
    'Generated from the rule registry (`src/checks/`) by `npm run docs`; do not edit by hand.',
    'Every rule id can be used in `rules:` (severity override or `off`) and `ignore:` entries,',
    'as can a whole family (the part before the dot).',
    '',
  ];
  const families = [...new Set(ALL_RULES.map((rule) => rule.check))];
  for (const family of families) {
    lines.push(`## ${family}`, '', '| Rule | Default | Targets | What it means | Basis |');
    lines.push('| --- | --- | --- | --- | --- |');
    for (const rule of ALL_RULES.filter((r) => r.check === family)) {
      const what = rule.help ? `${rule.description} *Fix:* ${rule.help}` : rule.description;
      lines.push(
        `| \`${rule.id}\` | ${rule.defaultSeverity} | ${rule.appliesTo.join(', ')} | ${cell(what)} | ${cell(rule.citation)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Every value `rules:` keys and `ignore[].rule` accept: each family, then each rule id. */
export function ruleIdsForSchema(): string[] {
  const families = [...new Set(ALL_RULES.map((rule) => rule.check))].sort();
  return [...families, ...ALL_RULES.map((rule) => rule.id).sort()];
}

interface PolicySchema {
  definitions: { rules: { propertyNames: { enum?: string[] } } };
  properties: { ignore: { items: { properties: { rule: { enum?: string[] } } } } };
}

/**
 * The policy schema with its rule-id lists taken from the registry, so editors flag a misspelt
 * rule id exactly as the loader does.
 */
export function withRuleIds(schemaText: string): string {
  const schema = JSON.parse(schemaText) as PolicySchema;
  const ids = ruleIdsForSchema();
  schema.definitions.rules.propertyNames.enum = ids;
  schema.properties.ignore.items.properties.rule.enum = ids;
  return `${JSON.stringify(schema, null, 2)}\n`;
}
