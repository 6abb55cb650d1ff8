import { describe, expect, it } from '@jest/globals';
import { revocationRules } from '../../../src/checks/revocation/index.js';
import type { Rule, TargetFacts } from '../../../src/checks/types.js';
import { DEFAULT_SETTINGS, type RevocationMode } from '../../../src/policy/types.js';
import { checkRevocation } from '../../../src/revocation/check.js';
import type { ChainAnalysis } from '../../../src/x509/types.js';
import { contextFor, factsFor, fileTarget, hostTarget, parsedList } from '../../helpers/facts.js';
import {
  buildCrl,
  buildStapledOcspResponse,
  issueLeafUnder,
  staleWindow,
  tableFetcher,
} from '../../helpers/ocsp-responder.js';
import {
  FIXTURE_NOW,
  generateKey,
  issueCertificate,
  makeChain,
  type CertSpec,
  type IssuedCert,
} from '../../helpers/pki.js';

const chain = makeChain({ name: 'Rules Revocation' });
const ca = chain.intermediate;
const [issuer] = parsedList([ca]);

function rule(id: string): Rule {
  const found = revocationRules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

const leafWith = (spec: Partial<CertSpec> = {}) => issueLeafUnder(ca, spec);

/** Host facts for `leaf` with real revocation facts from checkRevocation. */
async function hostFacts(
  leaf: IssuedCert,
  opts: { stapled?: Uint8Array; mode?: RevocationMode; fetch?: Record<string, Uint8Array> } = {},
): Promise<TargetFacts> {
  const mode = opts.mode ?? 'soft-fail';
  const [parsedLeaf] = parsedList([leaf]);
  const revocation = await checkRevocation({
    leaf: parsedLeaf!,
    issuer: issuer!,
    ...(opts.stapled ? { stapled: opts.stapled } : {}),
    mode,
    now: FIXTURE_NOW,
    fetcher: tableFetcher(opts.fetch ?? {}),
  });
  return factsFor([parsedLeaf!, ca], {
    target: hostTarget({ settings: { ...structuredClone(DEFAULT_SETTINGS), revocation: mode } }),
    revocation,
  });
}

const run = (id: string, facts: TargetFacts) =>
  rule(id).evaluate(facts, contextFor({ settings: facts.target.settings }));

describe('revocation.revoked', () => {
  const leaf = leafWith();

  it('fails on a verified revocation, naming time, reason and route', async () => {
    const revokedAt = new Date('2026-05-01T12:00:00Z');
    const stapled = buildStapledOcspResponse(leaf, ca, { status: 'revoked', revokedAt, reason: 1 });
    const [v, ...more] = run('revocation.revoked', await hostFacts(leaf, { stapled }));
    expect(more).toEqual([]);
    expect(v!.message).toMatch(
      /revoked on 2026-05-01T12:00:00.000Z \(keyCompromise\), according to the stapled OCSP response/,
    );
    expect(v!.details).toMatchObject({ route: 'stapled-ocsp', reason: 'keyCompromise' });
  });

  it('fails on a CRL listing the serial', async () => {
    const url = 'http://crl.test/ca.crl';
    const crlLeaf = leafWith({ crl: [url] });
    const facts = await hostFacts(crlLeaf, {
      fetch: { [url]: buildCrl({ issuer: ca, revoked: [{ serial: crlLeaf }] }) },
    });
    expect(run('revocation.revoked', facts)).toHaveLength(1);
  });

  it('passes on good, and a forged revoked response never counts', async () => {
    const good = await hostFacts(leaf, { stapled: buildStapledOcspResponse(leaf, ca) });
    expect(run('revocation.revoked', good)).toEqual([]);
    const forged = buildStapledOcspResponse(leaf, ca, {
      status: 'revoked',
      signingKey: generateKey({ type: 'ec' }, 7),
    });
    expect(run('revocation.revoked', await hostFacts(leaf, { stapled: forged }))).toEqual([]);
  });
});

describe('revocation.must-staple-missing', () => {
  const mustStaple = leafWith({ subject: 'CN=must-staple.test', mustStaple: true });

  it('fails when a must-staple certificate is served without a staple', async () => {
    const [v] = run('revocation.must-staple-missing', await hostFacts(mustStaple));
    expect(v!.message).toMatch(/must-staple/);
    expect(v!.certificate?.facts.mustStaple).toBe(true);
  });

  it('passes with a staple, or without must-staple', async () => {
    const stapled = buildStapledOcspResponse(mustStaple, ca);
    expect(run('revocation.must-staple-missing', await hostFacts(mustStaple, { stapled }))).toEqual(
      [],
    );
    expect(run('revocation.must-staple-missing', await hostFacts(leafWith()))).toEqual([]);
  });

  it('runs on hosts only', () => {
    expect(rule('revocation.must-staple-missing').appliesTo).toEqual(['host']);
  });
});

describe('revocation.unavailable', () => {
  const url = 'http://ocsp.test/down';
  const leaf = leafWith({ subject: 'CN=unreachable.test', ocsp: [url] });

  it('warns in soft-fail and fails in hard-fail when the responder is unreachable', async () => {
    const [soft] = run('revocation.unavailable', await hostFacts(leaf));
    expect(soft).toMatchObject({ severity: 'warning' });
    expect(soft!.message).toMatch(/could not be determined: .*connection refused/);
    const [hard] = run('revocation.unavailable', await hostFacts(leaf, { mode: 'hard-fail' }));
    expect(hard).toMatchObject({ severity: 'error' });
  });

  it('reports an unknown status', async () => {
    const stapled = buildStapledOcspResponse(leaf, ca, { status: 'unknown' });
    const [v] = run('revocation.unavailable', await hostFacts(leaf, { stapled }));
    expect(v!.message).toMatch(/does not know this certificate/);
  });

  it('passes when a later route answers, when there is nothing to ask, and when off', async () => {
    const ok = await hostFacts(leaf, { fetch: { [url]: buildStapledOcspResponse(leaf, ca) } });
    expect(ok.revocation?.status).toBe('good');
    expect(run('revocation.unavailable', ok)).toEqual([]);
    expect(run('revocation.unavailable', await hostFacts(leafWith()))).toEqual([]);
    expect(run('revocation.unavailable', await hostFacts(leaf, { mode: 'off' }))).toEqual([]);
  });

  it('leaves forged and stale answers to their own rules', async () => {
    const stale = buildStapledOcspResponse(leaf, ca, staleWindow());
    const facts = await hostFacts(leafWith({ subject: 'CN=stale-only.test' }), { stapled: stale });
    expect(run('revocation.unavailable', facts)).toEqual([]);
  });
});

describe('revocation.invalid-response', () => {
  const leaf = leafWith({ subject: 'CN=invalid.test' });

  it('fails on a forged good staple, whatever the mode', async () => {
    const stapled = buildStapledOcspResponse(leaf, ca, {
      signingKey: generateKey({ type: 'ec' }, 7),
    });
    for (const mode of ['soft-fail', 'hard-fail'] as const) {
      const [v, ...more] = run(
        'revocation.invalid-response',
        await hostFacts(leaf, { stapled, mode }),
      );
      expect(more).toEqual([]);
      expect(v!.severity).toBeUndefined(); // the rule's default: error
      expect(v!.details).toMatchObject({ route: 'stapled-ocsp', code: 'bad-signature' });
    }
  });

  it('fails on an unauthorised responder and on a response for another certificate', async () => {
    const responder = issueCertificate({
      subject: 'CN=Rules Not A Responder',
      issuer: ca,
      key: generateKey({ type: 'ec' }, 8),
      extKeyUsage: ['serverAuth'],
    });
    const unauthorised = buildStapledOcspResponse(leaf, ca, { responder });
    const [u] = run(
      'revocation.invalid-response',
      await hostFacts(leaf, { stapled: unauthorised }),
    );
    expect(u!.details).toMatchObject({ code: 'unauthorised-signer' });
    const other = buildStapledOcspResponse(leafWith({ subject: 'CN=someone-else.test' }), ca);
    const [m] = run('revocation.invalid-response', await hostFacts(leaf, { stapled: other }));
    expect(m!.details).toMatchObject({ code: 'serial-mismatch' });
  });

  it('passes on a valid staple', async () => {
    const stapled = buildStapledOcspResponse(leaf, ca);
    expect(run('revocation.invalid-response', await hostFacts(leaf, { stapled }))).toEqual([]);
  });
});

describe('revocation.stale-response', () => {
  const leaf = leafWith({ subject: 'CN=stale.test' });
  const stapled = buildStapledOcspResponse(leaf, ca, staleWindow());

  it('warns in soft-fail, fails in hard-fail', async () => {
    const [soft] = run('revocation.stale-response', await hostFacts(leaf, { stapled }));
    expect(soft).toMatchObject({ severity: 'warning' });
    expect(soft!.message).toMatch(/nextUpdate/);
    const [hard] = run(
      'revocation.stale-response',
      await hostFacts(leaf, { stapled, mode: 'hard-fail' }),
    );
    expect(hard).toMatchObject({ severity: 'error' });
  });

  it('passes on a fresh staple and when off', async () => {
    const fresh = buildStapledOcspResponse(leaf, ca);
    expect(run('revocation.stale-response', await hostFacts(leaf, { stapled: fresh }))).toEqual([]);
    expect(
      run('revocation.stale-response', await hostFacts(leaf, { stapled, mode: 'off' })),
    ).toEqual([]);
  });
});

describe('revocation.no-revocation-info', () => {
  function fileFacts(
    leaf: IssuedCert,
    trustSource: 'bundled' | 'policy',
    valid = true,
  ): TargetFacts {
    const certs = parsedList([leaf, ca, chain.root]);
    const analysis: ChainAnalysis = {
      valid,
      path: certs,
      anchor: certs[2]!,
      trustSource,
      problems: [],
      presentation: [],
    };
    return factsFor(certs.slice(0, 2), { target: fileTarget(), chain: analysis });
  }

  it('notes a publicly trusted leaf without OCSP or CRL URL', () => {
    const [v] = run('revocation.no-revocation-info', fileFacts(leafWith(), 'bundled'));
    expect(v!.message).toMatch(/no OCSP URL .* and no CRL distribution point/);
  });

  it('passes with an OCSP or CRL URL, under private trust, or when off', () => {
    const withOcsp = leafWith({ ocsp: ['http://ocsp.test/'] });
    const withCrl = leafWith({ crl: ['http://crl.test/ca.crl'] });
    expect(run('revocation.no-revocation-info', fileFacts(withOcsp, 'bundled'))).toEqual([]);
    expect(run('revocation.no-revocation-info', fileFacts(withCrl, 'bundled'))).toEqual([]);
    expect(run('revocation.no-revocation-info', fileFacts(leafWith(), 'policy'))).toEqual([]);
    expect(run('revocation.no-revocation-info', fileFacts(leafWith(), 'bundled', false))).toEqual(
      [],
    );
    const off = fileFacts(leafWith(), 'bundled');
    off.target.settings.revocation = 'off';
    expect(run('revocation.no-revocation-info', off)).toEqual([]);
  });
});

it('every revocation rule follows the registry conventions', () => {
  for (const r of revocationRules) {
    expect(r.id).toMatch(/^revocation\.[a-z]+(-[a-z]+)*$/);
    expect(r.check).toBe('revocation');
    expect(r.citation.length).toBeGreaterThan(20);
  }
});
