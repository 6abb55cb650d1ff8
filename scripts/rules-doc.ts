// Writes docs/rules.md and the rule-id lists of the policy schema from the rule registry:
// node scripts/run-ts.mjs scripts/rules-doc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRuleCatalog, withRuleIds } from '../src/checks/catalog.js';

const SCHEMA = 'schema/tls-gate.schema.json';
writeFileSync('docs/rules.md', renderRuleCatalog());
writeFileSync(SCHEMA, withRuleIds(readFileSync(SCHEMA, 'utf8')));
console.error(`wrote docs/rules.md and the rule ids of ${SCHEMA}`);
