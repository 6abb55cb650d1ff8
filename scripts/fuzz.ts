// The long fuzz run: the same properties as __tests__/hostile/properties.test.ts with many more
// cases and a fresh seed each time (printed, so a failure can be replayed).
//   node scripts/run-ts.mjs scripts/fuzz.ts [runs-per-property] [seed] [property name filter]
import { PROPERTIES } from '../__tests__/hostile/properties.js';

const runs = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const filter = process.argv[4]?.toLowerCase();
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: node scripts/run-ts.mjs scripts/fuzz.ts [runs] [seed] [filter]');
  process.exit(2);
}

let failed = false;
for (const [name, property] of Object.entries(PROPERTIES)) {
  if (filter && !name.toLowerCase().includes(filter)) continue;
  const started = performance.now();
  try {
    await property({ numRuns: runs, seed });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`ok    ${name}: ${runs} cases in ${seconds} s (seed ${seed})`);
  } catch (error) {
    failed = true;
    console.log(`FAIL  ${name} (seed ${seed})`);
    console.log(error instanceof Error ? error.message : String(error));
  }
}
process.exit(failed ? 1 : 0);
