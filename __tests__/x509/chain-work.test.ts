import { analyzeChain } from '../../src/x509/chain.js';
import { bundledTrustStore } from '../../src/x509/roots.js';
import { FIXTURE_NOW, makeChain } from '../helpers/pki.js';
import { pathCert } from '../../src/x509/path/cert.js';
import { parsed } from './chain-support.js';

// Work, not wall time, is asserted (timings belong in a benchmark): with the whole bundled store
// next to the test root, one 3-certificate chain costs exactly its two signature checks.
test('anchors are indexed: a typical chain against the bundled roots costs 2 signature checks', async () => {
  const bundled = bundledTrustStore();
  const c = makeChain({ name: 'Work' });
  const trust = { ...bundled, anchors: [...bundled.anchors, parsed(c.root, 'bundle')] };
  expect(bundled.anchors.length).toBeGreaterThan(100);
  // Every pinned root decodes for path building (none would silently drop out of the index).
  expect(bundled.anchors.filter((a) => pathCert(a).unusable)).toEqual([]);
  const input = {
    presented: [parsed(c.leaf), parsed(c.intermediate, 'file', 1)],
    extra: [],
    trust,
    now: FIXTURE_NOW,
    usage: 'server' as const,
  };
  const first = await analyzeChain(input);
  expect(first.valid).toBe(true);
  expect(first.search).toEqual({ signatureChecks: 2, pathsJudged: 1 });
  const start = process.hrtime.bigint();
  for (let i = 0; i < 50; i++) await analyzeChain(input);
  const perChainMs = Number(process.hrtime.bigint() - start) / 1e6 / 50;
  process.stderr.write(
    `analyzeChain, 3-cert chain vs ${trust.anchors.length} anchors: ${perChainMs.toFixed(3)} ms\n`,
  );
});
