// The committed chain corpus (fixtures/chains/, from scripts/gen-chain-corpus.ts) read back the
// way the gate reads a certificate target: every case gives its recorded verdict from the files,
// the committed cases are exactly the in-test corpus's, and the files are what the generator makes.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectFileFacts } from '../../src/collect.js';
import { DEFAULT_SETTINGS, type CertificateTarget } from '../../src/policy/types.js';
import {
  buildChainCorpus,
  type BuiltChainCorpus,
  type ChainCaseExpected,
  type ChainCaseSummary,
} from '../../scripts/chain-corpus/build.js';
import { codes } from './chain-support.js';

const dir = fileURLToPath(new URL('../../fixtures/chains/', import.meta.url));
const read = (rel: string) => readFileSync(join(dir, rel));
const index = JSON.parse(read('index.json').toString()) as { cases: ChainCaseSummary[] };

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

// No corpus certificate carries an OCSP or CRL URL, and no case is a host.
const noProbe = () => Promise.reject(new Error('no hosts in the chain corpus'));
const noFetch = { fetch: () => Promise.reject(new Error('no revocation fetch expected')) };

/** Exactly what the gate does for a `file` target with `chain:` and `trust:`. */
async function verdictFromFiles(expected: ChainCaseExpected) {
  const caseDir = join(dir, expected.id);
  const hasExtra = readdirSync(caseDir).includes('extra.pem');
  const target: CertificateTarget = {
    type: 'file',
    name: `${expected.id}/presented.pem`,
    path: join(caseDir, 'presented.pem'),
    ...(hasExtra ? { chain: join(caseDir, 'extra.pem') } : {}),
    trust: join(caseDir, 'trust.pem'),
    usage: expected.usage,
    source: { file: 'policy.yml', line: 1, column: 1 },
    settings: { ...DEFAULT_SETTINGS, revocation: 'off' },
  };
  const facts = await collectFileFacts(target, {
    now: new Date(expected.now),
    probe: noProbe,
    fetcher: noFetch,
  });
  return {
    decodeProblems: facts.problems.map((p) => p.message),
    valid: facts.chain?.valid,
    codes: facts.chain ? [...new Set(codes(facts.chain))].sort() : ['(no chain analysis)'],
  };
}

describe('committed chain corpus, read from disk', () => {
  test.each(index.cases.map((c) => [c.id] as const))('%s', async (id) => {
    const expected = JSON.parse(read(`${id}/expected.json`).toString()) as ChainCaseExpected;
    expect(await verdictFromFiles(expected)).toEqual({
      decodeProblems: [],
      valid: expected.valid,
      codes: expected.codes,
    });
  });
});

describe('committed chain corpus vs the generator', () => {
  let built: BuiltChainCorpus;
  beforeAll(() => {
    built = buildChainCorpus((name) => read(`keys/${name}.pem`).toString());
  });

  // built.cases comes from buildCorpus(), so a case added in-test and not regenerated fails here.
  it('has exactly the in-test corpus cases, in order, with their expectations', () => {
    const summary = ({
      id,
      description,
      valid,
      codes,
      usage,
      deterministic,
    }: ChainCaseSummary) => ({
      id,
      description,
      valid,
      codes,
      usage,
      deterministic,
    });
    expect(index.cases).toEqual(built.cases.map(summary));
    const dirs = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'keys')
      .map((e) => e.name);
    expect(dirs.sort()).toEqual(built.cases.map((c) => c.id).sort());
  });

  it('needs no key beyond the committed ones', () => {
    expect([...built.newKeys.keys()]).toEqual([]);
  });

  it('only the ECDSA, DSA and RSASSA-PSS cases change bytes on regeneration', () => {
    expect(built.cases.filter((c) => !c.deterministic).map((c) => c.id)).toEqual([
      'algorithms-rsa-root-ec-intermediate-rsa-leaf',
      'algorithms-dsa-issuer',
      'algorithms-rsassa-pss-sha-256-mgf1-sha-256-salt-32',
    ]);
  });

  it('is byte-for-byte what the generator makes (run the generator after changing the corpus)', () => {
    const random = new Set(built.cases.filter((c) => !c.deterministic).map((c) => c.id));
    const committed = listFiles(dir).filter((f) => !f.startsWith('keys/'));
    expect(committed.sort()).toEqual([...built.files.keys()].sort());
    const differing = [...built.files]
      .filter(([rel]) => !(random.has(rel.split('/')[0]!) && /\.(pem|txt)$/.test(rel)))
      .filter(([rel, data]) => !read(rel).equals(data))
      .map(([rel]) => rel);
    expect(differing).toEqual([]);
  });
});
