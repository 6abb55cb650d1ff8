// Writes docs/rules.md from the rule registry: node scripts/run-ts.mjs scripts/rules-doc.ts
import { writeFileSync } from 'node:fs';
import { renderRuleCatalog } from '../src/checks/catalog.js';

writeFileSync('docs/rules.md', renderRuleCatalog());
console.error('wrote docs/rules.md');
