import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SETTINGS, type RevocationMode } from '../../src/policy/types.js';
import { revocationFor } from '../../src/revocation/target.js';
import type { FetchRequest, RevocationFetcher } from '../../src/revocation/types.js';
import type { ChainAnalysis } from '../../src/x509/types.js';
import { factsFor, fileTarget, hostTarget, parsedList } from '../helpers/facts.js';
import { buildStapledOcspResponse } from '../helpers/ocsp-responder.js';
import { FIXTURE_NOW, makeChain } from '../helpers/pki.js';

const ocspUrl = 'http://ocsp.test/';
const chain = makeChain({ name: 'Target Revocation', leaf: { ocsp: [ocspUrl] } });
const [leaf, intermediate, root] = parsedList([chain.leaf, chain.intermediate, chain.root]);

function recordingFetcher(): RevocationFetcher & { asked: FetchRequest[] } {
  const asked: FetchRequest[] = [];
  return {
    asked,
    fetch(req) {
      asked.push(req);
      const body = buildStapledOcspResponse(chain.leaf, chain.intermediate);
      return Promise.resolve({ ok: true, url: req.url, body });
    },
  };
}

function analysis(path: (typeof leaf)[]): ChainAnalysis {
  return {
    valid: true,
    path: path.map((c) => c!),
    trustSource: 'bundled',
    problems: [],
    presentation: [],
  };
}

const settings = (revocation: RevocationMode) => ({
  ...structuredClone(DEFAULT_SETTINGS),
  revocation,
});

describe('revocationFor', () => {
  it('checks a certificate file against its issuer from the built path', async () => {
    const fetcher = recordingFetcher();
    const facts = factsFor([leaf!], { chain: analysis([leaf, intermediate, root]) });
    const result = await revocationFor(facts, { now: FIXTURE_NOW, fetcher });
    expect(result).toMatchObject({ status: 'good', route: 'ocsp' });
    expect(fetcher.asked.map((r) => r.url)).toEqual([ocspUrl]);
  });

  it('skips a file whose issuer is unknown, and everything when off', async () => {
    const fetcher = recordingFetcher();
    const noIssuer = factsFor([leaf!], { chain: { ...analysis([leaf]), valid: false } });
    expect(await revocationFor(noIssuer, { now: FIXTURE_NOW, fetcher })).toBeUndefined();
    const off = factsFor([leaf!], {
      target: fileTarget({ settings: settings('off') }),
      chain: analysis([leaf, intermediate, root]),
    });
    expect(await revocationFor(off, { now: FIXTURE_NOW, fetcher })).toBeUndefined();
    expect(fetcher.asked).toEqual([]);
  });

  it('uses the staple a host sent, and checks hosts even without an issuer', async () => {
    const fetcher = recordingFetcher();
    const stapled = buildStapledOcspResponse(chain.leaf, chain.intermediate, { status: 'revoked' });
    const host = {
      servedChain: [chain.leaf.der],
      protocols: {},
      timings: {},
      stapledOcsp: new Uint8Array(stapled),
    };
    const withStaple = factsFor([leaf!], {
      target: hostTarget({ settings: settings('hard-fail') }),
      chain: analysis([leaf, intermediate, root]),
      host,
    });
    expect(await revocationFor(withStaple, { now: FIXTURE_NOW, fetcher })).toMatchObject({
      status: 'revoked',
      route: 'stapled-ocsp',
      mode: 'hard-fail',
    });
    const orphan = factsFor([leaf!], {
      target: hostTarget(),
      host: { ...host, stapledOcsp: undefined },
    });
    const result = await revocationFor(orphan, { now: FIXTURE_NOW, fetcher });
    expect(result?.problems.map((p) => p.code)).toEqual(['no-issuer']);
    expect(fetcher.asked).toEqual([]);
  });
});
