// Writes the fixture PKI: node scripts/run-ts.mjs scripts/gen-fixtures.ts [OUT_DIR] [--keys DIR]
// OUT_DIR defaults to fixtures/, the keys directory to OUT_DIR/keys. Keys found there are reused
// (so the output is byte-identical run after run); missing keys are generated and written.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildFixtures } from './fixtures/build.js';

const args = process.argv.slice(2);
const keysFlag = args.indexOf('--keys');
const keysDir = keysFlag >= 0 ? args.splice(keysFlag, 2)[1] : undefined;
const outDir = resolve(args[0] ?? 'fixtures');
const keyDir = resolve(keysDir ?? join(outDir, 'keys'));

const started = Date.now();
const built = buildFixtures((name) => {
  const path = join(keyDir, `${name}.pem`);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
});

mkdirSync(keyDir, { recursive: true });
for (const [name, pem] of built.newKeys) {
  writeFileSync(join(keyDir, `${name}.pem`), pem);
  console.error(`generated key ${join(keyDir, `${name}.pem`)}`);
}
// Stale certificate files from removed cases would otherwise linger.
rmSync(join(outDir, 'certs'), { recursive: true, force: true });
for (const [rel, data] of built.files) {
  const path = join(outDir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}
console.error(
  `wrote ${built.files.size} files (${built.cases.length} cases) to ${outDir} in ${Date.now() - started} ms`,
);
