import { buildCorpus } from './chain-corpus.js';
import { analyze, codes } from './chain-support.js';

const corpus = buildCorpus();

describe('chain corpus', () => {
  test.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const analysis = await analyze(c);
    expect({ valid: analysis.valid, codes: [...new Set(codes(analysis))].sort() }).toEqual({
      valid: c.valid,
      codes: [...c.codes].sort(),
    });
  });
});
