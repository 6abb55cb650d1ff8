import { ConfigurationError } from '../src/errors.js';
import { mergeReports, shardSetProblems } from '../src/merge.js';
import type { Report } from '../src/model.js';

function report(policy: string, shard?: [number, number], names: string[] = []): Report {
  return {
    tool: { name: 'tls-gate', version: '0.0.0', rulesVersion: 1 },
    evaluatedAt: '2026-06-01T00:00:00.000Z',
    policy: { path: policy, failOn: 'error' },
    verdict: 'pass',
    gateClosed: false,
    summary: { targets: names.length, errors: 0, warnings: 0, notices: 0, suppressed: 0 },
    targets: names.map((name) => ({ type: 'host', name, status: 'pass', facts: {}, findings: [] })),
    rules: [],
    ...(shard ? { shard: { index: shard[0], count: shard[1] }, unusedSuppressions: [] } : {}),
  };
}

describe('merge refuses an incomplete or inconsistent set of shards', () => {
  it('accepts a complete set, and whole reports of different policies', () => {
    expect(shardSetProblems([report('p.yml', [2, 2]), report('p.yml', [1, 2])])).toEqual([]);
    expect(shardSetProblems([report('a.yml'), report('b.yml')])).toEqual([]);
    const merged = mergeReports([
      report('p.yml', [1, 2], ['a:443']),
      report('p.yml', [2, 2], ['b:443']),
    ]);
    expect(merged.targets.map((t) => t.name)).toEqual(['a:443', 'b:443']);
  });

  it('names a missing slice: dropping its targets would open the gate', () => {
    expect(shardSetProblems([report('p.yml', [1, 3]), report('p.yml', [3, 3])])).toEqual([
      'p.yml: shard 2/3 missing; a missing slice would drop its targets from the verdict',
    ]);
    expect(() => mergeReports([report('p.yml', [2, 2])])).toThrow(ConfigurationError);
  });

  it('refuses repeated slices, mixed cuts, and a whole report beside shards of it', () => {
    expect(
      shardSetProblems([report('p.yml', [1, 2]), report('p.yml', [1, 2]), report('p.yml', [2, 2])]),
    ).toEqual(['p.yml: shard 1/2 given twice']);
    expect(shardSetProblems([report('p.yml', [1, 2]), report('p.yml', [2, 3])])).toEqual([
      'p.yml: shards cut 2 and 3 ways cannot be merged',
    ]);
    expect(shardSetProblems([report('p.yml'), report('p.yml', [1, 1])])).toEqual([
      'p.yml: a whole-policy report cannot be merged with shards of it',
    ]);
    expect(shardSetProblems([report('p.yml'), report('p.yml')])).toEqual([
      '2 reports of p.yml are not shards: give it once',
    ]);
  });
});
