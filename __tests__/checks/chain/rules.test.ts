import { ALL_RULES } from '../../../src/checks/index.js';
import { chainRules } from '../../../src/checks/chain/index.js';
import type { CheckContext, TargetFacts } from '../../../src/checks/types.js';
import type { Target, TargetSettings } from '../../../src/policy/types.js';
import { FIXTURE_NOW } from '../../helpers/pki.js';
import { buildCorpus, type CorpusCase } from '../../x509/chain-corpus.js';
import { analyze } from '../../x509/chain-support.js';

const corpus = new Map(buildCorpus().map((c) => [c.name, c]));
const ctx: CheckContext = {
  now: FIXTURE_NOW,
  settings: { rules: {} } as unknown as TargetSettings,
};
const target = {
  type: 'file',
  name: 'tls.pem',
  path: '/tls.pem',
  usage: 'server',
} as unknown as Target;

async function facts(name: string): Promise<TargetFacts> {
  const c: CorpusCase | undefined = corpus.get(name);
  if (!c) throw new Error(`no corpus case ${name}`);
  return {
    target,
    certificates: [],
    extraCertificates: [],
    problems: [],
    privateKeys: [],
    chain: await analyze(c),
  };
}

const BASELINE = 'baseline leaf + intermediate';
/** rule → [failing corpus case, closest passing corpus case]. */
const CASES: Record<string, [string, string]> = {
  'chain.incomplete': [
    'incomplete: leaf only',
    'incomplete passes: intermediate in the chain file',
  ],
  'chain.untrusted-root': [
    'untrusted-root: own root sent, not trusted',
    'untrusted-root passes: the same root trusted (root-sent notice)',
  ],
  'chain.self-signed-leaf': ['self-signed-leaf', 'self-signed-leaf passes: trusted directly'],
  'chain.bad-signature': ['bad-signature on the leaf', BASELINE],
  'chain.expired': [
    'expired: chain-file intermediate',
    'expired passes: chain-file intermediate current',
  ],
  'chain.not-a-ca': ['not-a-ca: cA=FALSE intermediate', BASELINE],
  'chain.path-length': ['path-length: pathLen 0 CA issued a CA', 'path-length passes: pathLen 1'],
  'chain.key-usage': [
    'key-usage: ECDSA leaf with keyEncipherment only',
    'key-usage passes: RSA server leaf with keyEncipherment only',
  ],
  'chain.eku': [
    'eku: clientAuth-only leaf used as server',
    'eku passes: clientAuth leaf used as client',
  ],
  'chain.name-constraints': [
    'name-constraints: DNS outside permitted',
    'name-constraints pass: permitted DNS and IP',
  ],
  'chain.unknown-critical-extension': [
    'unknown-critical-extension on the leaf',
    'unknown extension passes when non-critical',
  ],
  'chain.duplicate-extension': ['duplicate-extension', BASELINE],
  'chain.malformed': [
    'malformed: negative serial',
    'malformed passes: 20-octet serial, and 21 with a sign octet (pyca)',
  ],
  'chain.leaf-is-ca': ['leaf-is-ca is a warning', BASELINE],
  'chain.wrong-order': ['wrong-order: intermediates reversed', 'wrong-order passes: issuing order'],
  'chain.extra-certificates': [
    'extra-certificates: unrelated certificate sent',
    'cross-signed: expired-root path skipped, valid path chosen',
  ],
  'chain.root-sent': ['untrusted-root passes: the same root trusted (root-sent notice)', BASELINE],
  'chain.too-long': ['too-long: 10 intermediates', 'long chain: 6 intermediates'],
};

describe('chain rules', () => {
  test('every chain rule has a failing and a passing case, and conventions hold', () => {
    expect(Object.keys(CASES).sort()).toEqual(chainRules.map((r) => r.id).sort());
    for (const rule of chainRules) {
      expect(rule.id).toMatch(/^chain\.[a-z]+(-[a-z]+)*$/);
      expect(rule.check).toBe('chain');
      expect(rule.citation.length).toBeGreaterThan(10);
      expect(ALL_RULES).toContain(rule);
    }
  });

  test.each(chainRules.map((r) => [r.id, r] as const))('%s fails and passes', async (id, rule) => {
    const [failing, passing] = CASES[id]!;
    const bad = rule.evaluate(await facts(failing), ctx);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad[0]!.message).toEqual(expect.any(String));
    expect(rule.evaluate(await facts(passing), ctx)).toEqual([]);
  });

  test('chain.expired judges every path certificate but the leaf, presented or not', async () => {
    const rule = chainRules.find((r) => r.id === 'chain.expired')!;
    const f = await facts('expired: presented intermediate not yet valid');
    expect(f.chain!.valid).toBe(false);
    expect(rule.evaluate(f, ctx).map((v) => v.message)).toEqual([
      expect.stringMatching(/intermediate .* is not valid until \d{4}-\d\d-\d\d/),
    ]);
    const anchor = rule.evaluate(await facts('expired: trust anchor (Go and pyca check it)'), ctx);
    expect(anchor[0]!.message).toMatch(/trust anchor CN=Old Root.* expired on \d{4}-\d\d-\d\d/);
  });

  test('no facts.chain: no findings', () => {
    const empty: TargetFacts = {
      target,
      certificates: [],
      extraCertificates: [],
      problems: [],
      privateKeys: [],
    };
    for (const rule of chainRules) expect(rule.evaluate(empty, ctx)).toEqual([]);
  });
});
