// Writes the chain corpus to disk: node scripts/run-ts.mjs scripts/gen-chain-corpus.ts [OUT_DIR]
// OUT_DIR defaults to fixtures/chains/; its keys/ are reused (so the output is the same bytes run
// after run, see scripts/chain-corpus/build.ts) and missing keys are generated and written.
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildChainCorpus } from './chain-corpus/build.js';
import { keyLoader, writeFiles, writeNewKeys } from './fixtures/write.js';

const outDir = resolve(process.argv[2] ?? 'fixtures/chains');
const keyDir = join(outDir, 'keys');

const started = Date.now();
const built = buildChainCorpus(keyLoader(keyDir));
writeNewKeys(keyDir, built.newKeys);
// Directories of renamed or removed cases would otherwise linger.
for (const entry of readdirSync(outDir)) {
  if (entry !== 'keys') rmSync(join(outDir, entry), { recursive: true, force: true });
}
writeFiles(outDir, built.files);
console.error(
  `wrote ${built.files.size} files (${built.cases.length} cases) to ${outDir} in ${Date.now() - started} ms`,
);
