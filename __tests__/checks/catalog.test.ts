import { readFileSync } from 'node:fs';
import { renderRuleCatalog, withRuleIds } from '../../src/checks/catalog.js';
import { ALL_RULES } from '../../src/checks/index.js';

describe('docs/rules.md', () => {
  it('is what the registry generates (run `npm run docs` after changing a rule)', () => {
    expect(readFileSync('docs/rules.md', 'utf8')).toBe(renderRuleCatalog());
  });

  it('lists every rule id', () => {
    const catalog = renderRuleCatalog();
    for (const rule of ALL_RULES) expect(catalog).toContain(`\`${rule.id}\``);
  });
});

describe('schema/tls-gate.schema.json', () => {
  it('lists exactly the registry rule ids (run `npm run docs` after adding a rule)', () => {
    const schema = readFileSync('schema/tls-gate.schema.json', 'utf8');
    expect(schema).toBe(withRuleIds(schema));
  });
});
