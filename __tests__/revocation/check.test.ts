import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkRevocation } from '../../src/revocation/check.js';
import { createHttpFetcher } from '../../src/revocation/fetch.js';
import type { RevocationFacts, RevocationFetcher } from '../../src/revocation/types.js';
import type { RevocationMode } from '../../src/policy/types.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import type { ParsedCertificate } from '../../src/x509/types.js';
import {
  buildCrl,
  buildStapledOcspResponse,
  issueLeafUnder,
  staleWindow,
  startRevocationServer,
  tableFetcher,
  type RevocationServer,
} from '../helpers/ocsp-responder.js';
import {
  FIXTURE_NOW,
  generateKey,
  issueCertificate,
  makeChain,
  type CertSpec,
  type IssuedCert,
} from '../helpers/pki.js';

const chain = makeChain({ name: 'Revocation' });
const ca = chain.intermediate;
const otherCa = makeChain({ name: 'Other', slot: 1 }).intermediate;
const forgerKey = generateKey({ type: 'ec' }, 7);
const now = FIXTURE_NOW;

function parsed(cert: IssuedCert): ParsedCertificate {
  return parseCertificate(cert.der, { kind: 'server', name: 'test', index: 0 });
}

const issueLeaf = (spec: Partial<CertSpec> = {}, issuer: IssuedCert = ca) =>
  issueLeafUnder(issuer, spec);

const issuer = parsed(ca);

/** A fetcher that must not be called. */
const noFetch: RevocationFetcher = {
  fetch: (req) => Promise.reject(new Error(`unexpected fetch of ${req.url}`)),
};

async function stapledCheck(
  leaf: IssuedCert,
  staple: Uint8Array,
  opts: { issuer?: ParsedCertificate | null; mode?: RevocationMode } = {},
): Promise<RevocationFacts> {
  return checkRevocation({
    leaf: parsed(leaf),
    ...(opts.issuer === null ? {} : { issuer: opts.issuer ?? issuer }),
    stapled: staple,
    mode: opts.mode ?? 'soft-fail',
    now,
    fetcher: noFetch,
  });
}

const codes = (facts: RevocationFacts) => facts.problems.map((p) => p.code);

describe('stapled OCSP', () => {
  const leaf = issueLeaf();

  it('accepts a good, fresh response signed by the issuer without fetching anything', async () => {
    const facts = await stapledCheck(leaf, buildStapledOcspResponse(leaf, ca));
    expect(facts).toMatchObject({ status: 'good', route: 'stapled-ocsp', stapled: true });
    expect(facts.problems).toEqual([]);
    expect(facts.nextUpdate!.getTime()).toBeGreaterThan(now.getTime());
  });

  it('reports a revocation with its time and reason', async () => {
    const revokedAt = new Date('2026-05-20T10:00:00Z');
    const staple = buildStapledOcspResponse(leaf, ca, { status: 'revoked', revokedAt, reason: 1 });
    const facts = await stapledCheck(leaf, staple);
    expect(facts.status).toBe('revoked');
    expect(facts.revocation).toEqual({ time: revokedAt, reason: 'keyCompromise' });
  });

  it('keeps a verified revocation even when the response is stale', async () => {
    const staple = buildStapledOcspResponse(leaf, ca, { status: 'revoked', ...staleWindow() });
    const facts = await stapledCheck(leaf, staple);
    expect(facts.status).toBe('revoked');
    expect(codes(facts)).toEqual(['stale']);
  });

  it('reports unknown', async () => {
    const facts = await stapledCheck(
      leaf,
      buildStapledOcspResponse(leaf, ca, { status: 'unknown' }),
    );
    expect(facts.status).toBe('unknown');
  });

  it('does not trust a stale good response (nextUpdate passed)', async () => {
    const facts = await stapledCheck(leaf, buildStapledOcspResponse(leaf, ca, staleWindow()));
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual(['stale']);
    expect(facts.problems[0]!.message).toMatch(/nextUpdate .* has passed/);
  });

  it('does not trust a response whose thisUpdate is in the future beyond the skew', async () => {
    const thisUpdate = new Date(now.getTime() + 60 * 60_000);
    const staple = buildStapledOcspResponse(leaf, ca, { thisUpdate, nextUpdate: null });
    const facts = await stapledCheck(leaf, staple);
    expect(codes(facts)).toEqual(['stale']);
    expect(facts.problems[0]!.message).toMatch(/in the future/);
  });

  it('tolerates a thisUpdate a minute ahead (clock skew)', async () => {
    const thisUpdate = new Date(now.getTime() + 60_000);
    const staple = buildStapledOcspResponse(leaf, ca, { thisUpdate });
    expect((await stapledCheck(leaf, staple)).status).toBe('good');
  });

  it('never lets a forged good response pass: wrong key', async () => {
    const staple = buildStapledOcspResponse(leaf, ca, { signingKey: forgerKey });
    const facts = await stapledCheck(leaf, staple);
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual(['bad-signature']);
  });

  it('never lets a forged good response pass: corrupted signature', async () => {
    const facts = await stapledCheck(
      leaf,
      buildStapledOcspResponse(leaf, ca, { corruptSignature: true }),
    );
    expect(codes(facts)).toEqual(['bad-signature']);
  });

  it('accepts a delegated responder issued by the CA with id-kp-OCSPSigning (by name and by key)', async () => {
    const responder = issueCertificate({
      subject: 'CN=Revocation OCSP Responder',
      issuer: ca,
      key: generateKey({ type: 'ec' }, 8),
      extKeyUsage: ['OCSPSigning'],
    });
    for (const responderIdByKey of [false, true]) {
      const staple = buildStapledOcspResponse(leaf, ca, { responder, responderIdByKey });
      const facts = await stapledCheck(leaf, staple);
      expect(facts.status).toBe('good');
      expect(facts.problems).toEqual([]);
    }
  });

  it('rejects a delegated responder without id-kp-OCSPSigning', async () => {
    const responder = issueCertificate({
      subject: 'CN=Revocation Not A Responder',
      issuer: ca,
      key: generateKey({ type: 'ec' }, 8),
      extKeyUsage: ['serverAuth'],
    });
    const facts = await stapledCheck(leaf, buildStapledOcspResponse(leaf, ca, { responder }));
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual(['unauthorised-signer']);
    expect(facts.problems[0]!.message).toMatch(/OCSPSigning/);
  });

  it('rejects an OCSPSigning responder issued by another CA', async () => {
    const responder = issueCertificate({
      subject: 'CN=Foreign OCSP Responder',
      issuer: otherCa,
      key: generateKey({ type: 'ec' }, 9),
      extKeyUsage: ['OCSPSigning'],
    });
    const facts = await stapledCheck(leaf, buildStapledOcspResponse(leaf, ca, { responder }));
    expect(codes(facts)).toEqual(['unauthorised-signer']);
  });

  it('rejects an expired delegated responder', async () => {
    const responder = issueCertificate({
      subject: 'CN=Expired OCSP Responder',
      issuer: ca,
      key: generateKey({ type: 'ec' }, 8),
      extKeyUsage: ['OCSPSigning'],
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    const facts = await stapledCheck(leaf, buildStapledOcspResponse(leaf, ca, { responder }));
    expect(codes(facts)).toEqual(['unauthorised-signer']);
  });

  it('rejects a response for another serial', async () => {
    const other = issueLeaf({ subject: 'CN=other.example' });
    const facts = await stapledCheck(leaf, buildStapledOcspResponse(other, ca));
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual(['serial-mismatch']);
  });

  it('rejects a response for this serial under another issuer', async () => {
    // Signed by the real issuer, but the CertID names another CA.
    const staple = buildStapledOcspResponse(leaf, otherCa, { signingKey: ca.key });
    const facts = await stapledCheck(leaf, staple);
    expect(codes(facts)).toEqual(['serial-mismatch']);
    expect(facts.problems[0]!.message).toMatch(/different issuer/);
  });

  it('matches a SHA-256 CertID', async () => {
    const staple = buildStapledOcspResponse(leaf, ca, { certIdHash: 'sha256' });
    expect((await stapledCheck(leaf, staple)).status).toBe('good');
  });

  it('reports garbage as malformed and a tryLater answer as a responder error', async () => {
    const garbage = await stapledCheck(leaf, new Uint8Array([0x30, 0x03, 0x02, 0x01]));
    expect(codes(garbage)).toEqual(['malformed']);
    const tryLater = await stapledCheck(
      leaf,
      buildStapledOcspResponse(leaf, ca, { responseStatus: 3 }),
    );
    expect(codes(tryLater)).toEqual(['responder-error']);
    expect(tryLater.problems[0]!.message).toMatch(/tryLater/);
  });

  it('verifies responses signed by RSA issuers', async () => {
    const rsaCa = issueCertificate({
      subject: 'CN=RSA CA',
      ca: true,
      key: generateKey({ type: 'rsa' }),
    });
    const rsaLeaf = issueLeaf({}, rsaCa);
    const facts = await checkRevocation({
      leaf: parsed(rsaLeaf),
      issuer: parsed(rsaCa),
      stapled: buildStapledOcspResponse(rsaLeaf, rsaCa),
      mode: 'hard-fail',
      now,
      fetcher: noFetch,
    });
    expect(facts.status).toBe('good');
  });

  it('cannot verify anything without the issuer', async () => {
    const facts = await stapledCheck(leaf, buildStapledOcspResponse(leaf, ca), { issuer: null });
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual(['no-issuer']);
  });

  it('does nothing when revocation is off', async () => {
    const facts = await stapledCheck(
      leaf,
      buildStapledOcspResponse(leaf, ca, { status: 'revoked' }),
      {
        mode: 'off',
      },
    );
    expect(facts).toMatchObject({
      mode: 'off',
      status: 'unavailable',
      stapled: true,
      problems: [],
    });
    expect(facts.attempts).toEqual([]);
  });
});

describe('route order', () => {
  it('records must-staple and that nothing was stapled; nothing to ask without URLs', async () => {
    const leaf = issueLeaf({ mustStaple: true, subject: 'CN=must-staple.example' });
    const facts = await checkRevocation({
      leaf: parsed(leaf),
      issuer,
      mode: 'soft-fail',
      now,
      fetcher: noFetch,
    });
    expect(facts).toMatchObject({ status: 'unavailable', stapled: false, mustStaple: true });
    expect(facts.problems).toEqual([]);
  });

  it('falls back from a stale staple to the OCSP responder, keeping the staple problem', async () => {
    const ocspUrl = 'http://ocsp.test/ocsp';
    const leaf = issueLeaf({ ocsp: [ocspUrl] });
    const fetcher = tableFetcher({
      [ocspUrl]: { ok: true, url: ocspUrl, body: buildStapledOcspResponse(leaf, ca) },
    });
    const facts = await checkRevocation({
      leaf: parsed(leaf),
      issuer,
      stapled: buildStapledOcspResponse(leaf, ca, staleWindow()),
      mode: 'soft-fail',
      now,
      fetcher,
    });
    expect(facts).toMatchObject({ status: 'good', route: 'ocsp' });
    expect(facts.problems.map((p) => [p.route, p.code])).toEqual([['stapled-ocsp', 'stale']]);
    expect(fetcher.asked).toHaveLength(1);
    expect(fetcher.asked[0]).toMatchObject({ kind: 'ocsp', url: ocspUrl });
    expect(fetcher.asked[0]!.body).toBeInstanceOf(Uint8Array);
  });

  it('asks the CRL when the OCSP responder is unreachable, and stops at the first answer', async () => {
    const ocspUrl = 'http://ocsp.test/down';
    const crlUrl = 'http://crl.test/ca.crl';
    const leaf = issueLeaf({ ocsp: [ocspUrl], crl: [crlUrl, 'http://crl.test/never.crl'] });
    const fetcher = tableFetcher({
      [crlUrl]: {
        ok: true,
        url: crlUrl,
        body: buildCrl({ issuer: ca, revoked: [{ serial: leaf, reason: 4 }] }),
      },
    });
    const facts = await checkRevocation({
      leaf: parsed(leaf),
      issuer,
      mode: 'hard-fail',
      now,
      fetcher,
    });
    expect(facts).toMatchObject({ status: 'revoked', route: 'crl' });
    expect(facts.revocation?.reason).toBe('superseded');
    expect(facts.problems.map((p) => [p.route, p.code, p.url])).toEqual([
      ['ocsp', 'unreachable', ocspUrl],
    ]);
    expect(fetcher.asked.map((r) => r.url)).toEqual([ocspUrl, crlUrl]);
  });

  it('keeps unknown from OCSP unless the CRL knows better', async () => {
    const ocspUrl = 'http://ocsp.test/unknown';
    const crlUrl = 'http://crl.test/unknown.crl';
    const leaf = issueLeaf({ ocsp: [ocspUrl], crl: [crlUrl] });
    const unknown = buildStapledOcspResponse(leaf, ca, { status: 'unknown' });
    const onlyOcsp = tableFetcher({ [ocspUrl]: { ok: true, url: ocspUrl, body: unknown } });
    const facts = await checkRevocation({
      leaf: parsed(leaf),
      issuer,
      mode: 'soft-fail',
      now,
      fetcher: onlyOcsp,
    });
    expect(facts).toMatchObject({ status: 'unknown', route: 'ocsp' });
    const both = tableFetcher({
      [ocspUrl]: { ok: true, url: ocspUrl, body: unknown },
      [crlUrl]: { ok: true, url: crlUrl, body: buildCrl({ issuer: ca }) },
    });
    const better = await checkRevocation({
      leaf: parsed(leaf),
      issuer,
      mode: 'soft-fail',
      now,
      fetcher: both,
    });
    expect(better).toMatchObject({ status: 'good', route: 'crl' });
  });
});

describe('CRL', () => {
  const crlUrl = 'http://crl.test/ca.crl';
  const leaf = issueLeaf({ crl: [crlUrl], subject: 'CN=crl-leaf.example' });

  async function crlCheck(body: Uint8Array | string, issuerCert: ParsedCertificate = issuer) {
    const bytes = typeof body === 'string' ? new Uint8Array(Buffer.from(body)) : body;
    return checkRevocation({
      leaf: parsed(leaf),
      issuer: issuerCert,
      mode: 'soft-fail',
      now,
      fetcher: tableFetcher({ [crlUrl]: { ok: true, url: crlUrl, body: bytes } }),
    });
  }

  it('good when the serial is not listed', async () => {
    const other = issueLeaf({ subject: 'CN=revoked-neighbour.example' });
    const facts = await crlCheck(buildCrl({ issuer: ca, revoked: [{ serial: other }] }));
    expect(facts).toMatchObject({ status: 'good', route: 'crl', problems: [] });
  });

  it('revoked when listed, with the entry time and reason, in DER and in PEM', async () => {
    const time = new Date('2026-05-02T03:04:05Z');
    const der = buildCrl({ issuer: ca, revoked: [{ serial: leaf, time, reason: 1 }] });
    for (const body of [
      der,
      `-----BEGIN X509 CRL-----\n${der.toString('base64')}\n-----END X509 CRL-----\n`,
    ]) {
      const facts = await crlCheck(body);
      expect(facts.status).toBe('revoked');
      expect(facts.revocation).toEqual({ time, reason: 'keyCompromise' });
    }
  });

  it('reads CRLs beyond asn1js node limits (10,000 nodes ≈ 3,300 entries)', async () => {
    const revoked = Array.from({ length: 4000 }, (_, i) => ({ serial: 0x10000n + BigInt(i) }));
    const big = buildCrl({ issuer: ca, revoked: [...revoked, { serial: leaf, reason: 5 }] });
    const facts = await crlCheck(big);
    expect(facts.problems).toEqual([]);
    expect(facts.revocation?.reason).toBe('cessationOfOperation');
  });

  it('treats removeFromCRL as not revoked', async () => {
    const facts = await crlCheck(buildCrl({ issuer: ca, revoked: [{ serial: leaf, reason: 8 }] }));
    expect(facts.status).toBe('good');
  });

  it('stale CRL: not trusted for good', async () => {
    const facts = await crlCheck(buildCrl({ issuer: ca, ...staleWindow() }));
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual(['stale']);
  });

  it('wrongly signed CRL is rejected', async () => {
    const facts = await crlCheck(buildCrl({ issuer: ca, signingKey: forgerKey }));
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual(['bad-signature']);
  });

  it('a CRL of another CA is rejected', async () => {
    expect(codes(await crlCheck(buildCrl({ issuer: otherCa })))).toEqual(['wrong-issuer']);
  });

  it('an issuer without cRLSign may not sign CRLs', async () => {
    const noCrlSign = makeChain({ name: 'NoCrlSign', slot: 2, intermediate: { crlSign: false } });
    const crlLeaf = issueLeaf({ crl: [crlUrl] }, noCrlSign.intermediate);
    const facts = await checkRevocation({
      leaf: parsed(crlLeaf),
      issuer: parsed(noCrlSign.intermediate),
      mode: 'soft-fail',
      now,
      fetcher: tableFetcher({
        [crlUrl]: { ok: true, url: crlUrl, body: buildCrl({ issuer: noCrlSign.intermediate }) },
      }),
    });
    expect(codes(facts)).toEqual(['unauthorised-signer']);
  });

  it('an unknown critical extension or a delta CRL is not used', async () => {
    const critical = buildCrl({
      issuer: ca,
      extensions: [{ oid: '1.2.3.4', critical: true, value: new Uint8Array([5, 0]) }],
    });
    expect(codes(await crlCheck(critical))).toEqual(['malformed']);
    const delta = buildCrl({
      issuer: ca,
      extensions: [{ oid: '2.5.29.27', critical: true, value: new Uint8Array([2, 1, 1]) }],
    });
    const facts = await crlCheck(delta);
    expect(facts.problems[0]!.message).toMatch(/delta CRL/);
  });

  it('truncated, padded or indefinite-length DER is malformed, never a crash', async () => {
    const der = buildCrl({ issuer: ca, revoked: [{ serial: leaf }] });
    const indefinite = Buffer.from(der);
    indefinite[1] = 0x80;
    for (const bad of [
      der.subarray(0, der.length - 10),
      Buffer.concat([der, Buffer.from([0])]),
      indefinite,
    ]) {
      expect(codes(await crlCheck(new Uint8Array(bad)))).toEqual(['malformed']);
    }
  });

  it('garbage is malformed', async () => {
    expect(codes(await crlCheck('not a crl'))).toEqual(['malformed']);
    expect(
      codes(await crlCheck('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')),
    ).toEqual(['malformed']);
  });
});

describe('over HTTP (loopback responder, real fetcher)', () => {
  let server: RevocationServer;
  const revokedAt = new Date('2026-05-10T00:00:00Z');

  beforeAll(async () => {
    server = await startRevocationServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function viaAia(spec: Partial<CertSpec>, timeoutMs = 2000): Promise<RevocationFacts> {
    const leaf = issueLeaf(spec);
    return checkRevocation({
      leaf: parsed(leaf),
      issuer,
      mode: 'soft-fail',
      now,
      fetcher: createHttpFetcher({ timeoutMs }),
    });
  }

  it('spends one timeout_ms on all routes together, however many stall', async () => {
    const [o1, o2, c1, c2] = ['/stall/o1', '/stall/o2', '/stall/c1', '/stall/c2'].map((path) =>
      server.route(path, { body: 'late', delayMs: 5000 }),
    );
    const leaf = issueLeaf({ subject: 'CN=stalls.example', ocsp: [o1!, o2!], crl: [c1!, c2!] });
    const started = Date.now();
    const facts = await checkRevocation({
      leaf: parsed(leaf),
      issuer,
      mode: 'soft-fail',
      now,
      fetcher: createHttpFetcher({ timeoutMs: 5000 }),
      timeoutMs: 400,
    });
    expect(Date.now() - started).toBeLessThan(1200);
    expect(facts.status).toBe('unavailable');
    expect(codes(facts).every((code) => code === 'timeout')).toBe(true);
  });

  it('POSTs an application/ocsp-request and accepts a good answer', async () => {
    const url = server.ocsp('/ocsp/good', { issuer: ca });
    const facts = await viaAia({ ocsp: [url], subject: 'CN=good.example' });
    expect(facts).toMatchObject({ status: 'good', route: 'ocsp', problems: [] });
    const seen = server.requests.filter((r) => r.path === '/ocsp/good');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', contentType: 'application/ocsp-request' });
  });

  it.each([
    ['revoked', { status: 'revoked', revokedAt, reason: 1 }, 'revoked', []],
    ['unknown', { status: 'unknown' }, 'unknown', []],
    ['stale', staleWindow(), 'unavailable', ['stale']],
    ['forged', { signingKey: forgerKey }, 'unavailable', ['bad-signature']],
    [
      'delegated',
      {
        responder: issueCertificate({
          subject: 'CN=HTTP OCSP Responder',
          issuer: ca,
          key: generateKey({ type: 'ec' }, 8),
          extKeyUsage: ['OCSPSigning'],
        }),
      },
      'good',
      [],
    ],
    [
      'delegated-no-eku',
      {
        responder: issueCertificate({
          subject: 'CN=HTTP Not A Responder',
          issuer: ca,
          key: generateKey({ type: 'ec' }, 8),
          extKeyUsage: ['clientAuth'],
        }),
      },
      'unavailable',
      ['unauthorised-signer'],
    ],
  ] as const)('OCSP %s', async (name, spec, status, problemCodes) => {
    const url = server.ocsp(`/ocsp/${name}`, { issuer: ca, ...spec });
    const facts = await viaAia({ ocsp: [url], subject: `CN=${name}.example` });
    expect(facts.status).toBe(status);
    expect(codes(facts)).toEqual(problemCodes);
  });

  it.each([
    ['500', { status: 500 }, 'http-error'],
    ['loop', { redirect: '/ocsp/loop' }, 'too-many-redirects'],
    ['huge', { streamBytes: 8 * 1024 * 1024 }, 'too-large'],
    ['slow', { body: 'late', delayMs: 5000 }, 'timeout'],
  ] as const)('OCSP responder %s → %s', async (name, reply, code) => {
    const url = server.route(`/ocsp/${name}`, reply);
    const started = Date.now();
    const facts = await viaAia({ ocsp: [url], subject: `CN=${name}.example` }, 300);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(facts.status).toBe('unavailable');
    expect(codes(facts)).toEqual([code]);
  });

  it('CRL over HTTP: revoked serial, stale, wrongly signed, PEM', async () => {
    const urls = {
      revoked: server.crl('/crl/revoked.crl', { issuer: ca, revoked: [{ serial: 0x1234n }] }),
      stale: server.crl('/crl/stale.crl', { issuer: ca, ...staleWindow() }),
      forged: server.crl('/crl/forged.crl', { issuer: ca, signingKey: forgerKey }),
      pem: server.crl('/crl/good.pem', { issuer: ca }, true),
    };
    const run = (url: string) =>
      checkRevocation({
        leaf: parsed(issueLeaf({ subject: 'CN=crl-http.example', crl: [url], serial: 0x1234n })),
        issuer,
        mode: 'soft-fail',
        now,
        fetcher: createHttpFetcher(),
      });
    expect((await run(urls.revoked)).status).toBe('revoked');
    expect(codes(await run(urls.stale))).toEqual(['stale']);
    expect(codes(await run(urls.forged))).toEqual(['bad-signature']);
    expect(await run(urls.pem)).toMatchObject({ status: 'good', problems: [] });
  });
});
