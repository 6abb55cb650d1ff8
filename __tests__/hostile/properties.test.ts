// Seeded property runs over mutated certificates, PEM files, PKCS#12/#7 containers and policies
// (see properties.ts for what each asserts); scripts/fuzz.ts runs the same with more cases.
import { describe, it } from '@jest/globals';
import { PROPERTIES } from './properties.js';

// Chosen so each property stays around a second or two on a shared 2-core machine.
const RUNS: Record<string, number> = {
  'mutated DER certificates': 1500,
  'mutated PEM files': 600,
  'mutated PKCS#12 and PKCS#7 files': 400,
  'mutated policies': 1500,
};

describe('no input crashes the gate', () => {
  it.each(Object.keys(PROPERTIES))(
    '%s',
    async (name) => {
      await PROPERTIES[name]!({ numRuns: RUNS[name] ?? 500, seed: 20260601 });
    },
    30_000,
  );
});
