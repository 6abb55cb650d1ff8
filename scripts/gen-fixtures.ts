// Writes the fixture PKI: node scripts/run-ts.mjs scripts/gen-fixtures.ts [OUT_DIR] [--keys DIR]
// OUT_DIR defaults to fixtures/, the keys directory to OUT_DIR/keys. Keys found there are reused
// (so the output is byte-identical run after run); missing keys are generated and written.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildFixtures } from './fixtures/build.js';
import { keyLoader, writeFiles, writeNewKeys } from './fixtures/write.js';

const args = process.argv.slice(2);
const keysFlag = args.indexOf('--keys');
const keysDir = keysFlag >= 0 ? args.splice(keysFlag, 2)[1] : undefined;
const outDir = resolve(args[0] ?? 'fixtures');
const keyDir = resolve(keysDir ?? join(outDir, 'keys'));

const started = Date.now();
const built = buildFixtures(keyLoader(keyDir));
writeNewKeys(keyDir, built.newKeys);
// Stale certificate files from removed cases would otherwise linger.
rmSync(join(outDir, 'certs'), { recursive: true, force: true });
writeFiles(outDir, built.files);
console.error(
  `wrote ${built.files.size} files (${built.cases.length} cases) to ${outDir} in ${Date.now() - started} ms`,
);
