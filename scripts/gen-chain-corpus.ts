// Writes the chain corpus to disk: node scripts/run-ts.mjs scripts/gen-chain-corpus.ts [OUT_DIR]
// OUT_DIR defaults to fixtures/chains/; its keys/ are reused (so the output is the same bytes run
// after run, see scripts/chain-corpus/build.ts) and missing keys are generated and written.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildChainCorpus } from './chain-corpus/build.js';

const outDir = resolve(process.argv[2] ?? 'fixtures/chains');
const keyDir = join(outDir, 'keys');

const started = Date.now();
const built = buildChainCorpus((name) => {
  const path = join(keyDir, `${name}.pem`);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
});

mkdirSync(keyDir, { recursive: true });
for (const [name, pem] of built.newKeys) {
  writeFileSync(join(keyDir, `${name}.pem`), pem);
  console.error(`generated key ${join(keyDir, `${name}.pem`)}`);
}
// Directories of renamed or removed cases would otherwise linger.
for (const entry of readdirSync(outDir)) {
  if (entry !== 'keys') rmSync(join(outDir, entry), { recursive: true, force: true });
}
for (const [rel, data] of built.files) {
  const path = join(outDir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}
console.error(
  `wrote ${built.files.size} files (${built.cases.length} cases) to ${outDir} in ${Date.now() - started} ms`,
);
