// Revocation status of a leaf: the stapled OCSP response first, then the OCSP responder named in
// the leaf's AIA, then its CRL distribution points; the first verified answer decides. Every
// route's problems are kept, so a forged or stale staple is reported even when a later route
// answers.
import type { RevocationMode } from '../policy/types.js';
import type { ParsedCertificate } from '../x509/types.js';
import { serialHex, type RouteAnswer, type Subject } from './common.js';
import { evaluateCrl } from './crl.js';
import { buildOcspRequest, evaluateOcspResponse } from './ocsp.js';
import { publicKeyOf } from './signature.js';
import type {
  RevocationAttempt,
  RevocationFacts,
  RevocationFetcher,
  RevocationRoute,
} from './types.js';

export interface CheckRevocationInput {
  leaf: ParsedCertificate;
  /** The leaf's issuer (from the validated path); without it nothing can be verified. */
  issuer?: ParsedCertificate;
  /** The OCSP response the server stapled (hosts only). */
  stapled?: Uint8Array;
  mode: RevocationMode;
  now: Date;
  fetcher: RevocationFetcher;
  /** Deadline of each OCSP/CRL fetch: the target's timeout_ms. */
  timeoutMs?: number;
}

/**
 * OCSP URLs and CRL URLs asked per leaf, each: real certificates name one or two, and a
 * certificate listing dozens of stalling URLs must not multiply the wait.
 */
export const MAX_URLS_PER_ROUTE = 2;

interface Source {
  route: RevocationRoute;
  url?: string;
}

export async function checkRevocation(input: CheckRevocationInput): Promise<RevocationFacts> {
  const { leaf, issuer, stapled, mode, now, fetcher } = input;
  // Without a target timeout the fetcher's own per-fetch timeout applies.
  const budgetEnds = input.timeoutMs === undefined ? Infinity : Date.now() + input.timeoutMs;
  const facts: RevocationFacts = {
    mode,
    status: 'unavailable',
    problems: [],
    attempts: [],
    stapled: stapled !== undefined && stapled.byteLength > 0,
    mustStaple: leaf.facts.mustStaple,
  };
  if (mode === 'off') return facts;

  const sources: Source[] = [
    ...(facts.stapled ? [{ route: 'stapled-ocsp' as const }] : []),
    ...leaf.facts.ocspUrls
      .slice(0, MAX_URLS_PER_ROUTE)
      .map((url) => ({ route: 'ocsp' as const, url })),
    ...leaf.facts.crlUrls
      .slice(0, MAX_URLS_PER_ROUTE)
      .map((url) => ({ route: 'crl' as const, url })),
  ];
  // Nothing stapled and no URL: nothing to ask (revocation.no-revocation-info says so).
  if (sources.length === 0) return facts;

  const issuerKey = issuer && publicKeyOf(issuer.pkijs);
  if (!issuer || !issuerKey) {
    facts.problems.push({
      route: sources[0]!.route,
      code: 'no-issuer',
      message: issuer
        ? "the issuer's public key cannot be loaded, so no revocation answer can be verified"
        : 'the issuer certificate is not known, so no revocation answer can be verified',
    });
    return facts;
  }
  const subject: Subject = {
    leaf: leaf.pkijs,
    issuer: issuer.pkijs,
    serial: serialHex(leaf.pkijs.serialNumber),
  };

  let ocspRequest: Uint8Array | undefined;
  for (const source of sources) {
    let answer: RouteAnswer;
    try {
      answer = await ask(source);
    } catch (err) {
      // pkijs can throw on structures it half-parsed; that is a malformed answer, not a crash.
      const message = err instanceof Error ? err.message : String(err);
      answer = { status: 'unavailable', problems: [{ code: 'malformed', message }] };
    }
    const attempt: RevocationAttempt = {
      route: source.route,
      ...(source.url !== undefined ? { url: source.url } : {}),
      status: answer.status,
      ...(answer.revocation ? { revocation: answer.revocation } : {}),
      ...(answer.thisUpdate ? { thisUpdate: answer.thisUpdate } : {}),
      ...(answer.nextUpdate ? { nextUpdate: answer.nextUpdate } : {}),
      problems: answer.problems.map((p) => ({
        route: source.route,
        ...p,
        ...(source.url !== undefined ? { url: source.url } : {}),
      })),
    };
    facts.attempts.push(attempt);
    facts.problems.push(...attempt.problems);
    const decisive = attempt.status === 'good' || attempt.status === 'revoked';
    // `unknown` is kept unless a later route knows better.
    if (decisive || (attempt.status === 'unknown' && facts.status !== 'unknown')) {
      facts.status = attempt.status;
      facts.route = attempt.route;
      facts.revocation = attempt.revocation;
      facts.thisUpdate = attempt.thisUpdate;
      facts.nextUpdate = attempt.nextUpdate;
      if (!attempt.revocation) delete facts.revocation;
    }
    if (decisive) break;
  }
  return facts;

  async function ask(source: Source): Promise<RouteAnswer> {
    if (source.route === 'stapled-ocsp') {
      return evaluateOcspResponse(stapled!, subject, issuerKey!, now, 'the stapled OCSP response');
    }
    const url = source.url!;
    if (source.route === 'ocsp') ocspRequest ??= buildOcspRequest(subject);
    // All routes together share one timeout_ms: a certificate naming several stalled responders
    // must not multiply the wait.
    const left = budgetEnds - Date.now();
    if (left <= 0) {
      return {
        status: 'unavailable',
        problems: [
          { code: 'timeout', message: `${url}: not asked, timeout_ms was spent on earlier routes` },
        ],
      };
    }
    const timeout = Number.isFinite(left) ? { timeoutMs: left } : {};
    const fetched = await fetcher.fetch(
      source.route === 'ocsp'
        ? { kind: 'ocsp', url, body: ocspRequest, ...timeout }
        : { kind: 'crl', url, ...timeout },
    );
    if (!fetched.ok) {
      return {
        status: 'unavailable',
        problems: [{ code: fetched.code, message: fetched.message }],
      };
    }
    return source.route === 'ocsp'
      ? evaluateOcspResponse(
          fetched.body,
          subject,
          issuerKey!,
          now,
          `the OCSP response from ${url}`,
        )
      : evaluateCrl(fetched.body, subject, issuerKey!, now, `the CRL at ${url}`);
  }
}
