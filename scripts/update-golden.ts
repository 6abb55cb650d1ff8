// Refreshes the golden report files from the sample report: run it after an intended change to a
// renderer, then review the diff of __tests__/golden/ like any other change.
//   node scripts/run-ts.mjs scripts/update-golden.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenFiles } from '../__tests__/report/golden-files.js';

const dir = join(process.cwd(), '__tests__', 'golden');
for (const { file, render } of goldenFiles()) {
  writeFileSync(join(dir, file), render());
  console.log(`wrote __tests__/golden/${file}`);
}
