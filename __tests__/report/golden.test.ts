import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenFiles } from './golden-files.js';

// Compared as text: a change to any renderer shows up here as a reviewable diff.
// Refresh after an intended change: node scripts/run-ts.mjs scripts/update-golden.ts
const dir = join(process.cwd(), '__tests__', 'golden');

describe('golden report files', () => {
  it.each(goldenFiles().map((golden) => [golden.file, golden.render] as const))(
    '%s matches the sample report rendered now',
    (file, render) => {
      expect(render()).toBe(readFileSync(join(dir, file), 'utf8'));
    },
  );
});
