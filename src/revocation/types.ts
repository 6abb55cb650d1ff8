// Revocation facts: what the stapled OCSP response, the OCSP responder and the CRL said about a
// leaf, and why an answer could not be trusted or obtained. Filled by checkRevocation; rules read it.
import type { RevocationMode } from '../policy/types.js';

/** Where an answer came from: the response the server stapled, the AIA OCSP responder, a CRL. */
export type RevocationRoute = 'stapled-ocsp' | 'ocsp' | 'crl';

/**
 * `good`/`revoked`: a verified, fresh answer (a verified revocation counts even when stale:
 * revocation is permanent). `unknown`: the responder does not know the certificate.
 * `unavailable`: no trustworthy answer (see `problems`), or nothing to ask.
 */
export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'unavailable';

export type RevocationProblemCode =
  // The answer cannot be trusted (a forged "good" must never pass).
  | 'bad-signature'
  | 'unauthorised-signer'
  | 'serial-mismatch'
  | 'wrong-issuer'
  | 'malformed'
  // The answer is signed and for this certificate, but outside its validity window.
  | 'stale'
  // No answer: fetching failed, the responder refused, or the issuer is not known.
  | 'unsupported-url'
  | 'unreachable'
  | 'timeout'
  | 'too-large'
  | 'http-error'
  | 'too-many-redirects'
  | 'responder-error'
  | 'no-issuer';

export type RevocationProblemKind = 'invalid' | 'stale' | 'unavailable';

export const PROBLEM_KIND: Readonly<Record<RevocationProblemCode, RevocationProblemKind>> = {
  'bad-signature': 'invalid',
  'unauthorised-signer': 'invalid',
  'serial-mismatch': 'invalid',
  'wrong-issuer': 'invalid',
  malformed: 'invalid',
  stale: 'stale',
  'unsupported-url': 'unavailable',
  unreachable: 'unavailable',
  timeout: 'unavailable',
  'too-large': 'unavailable',
  'http-error': 'unavailable',
  'too-many-redirects': 'unavailable',
  'responder-error': 'unavailable',
  'no-issuer': 'unavailable',
};

export interface RevocationProblem {
  route: RevocationRoute;
  code: RevocationProblemCode;
  message: string;
  url?: string;
}

/** A revocation entry: when and why (RFC 5280 CRLReason name, e.g. `keyCompromise`). */
export interface Revocation {
  time: Date;
  reason?: string;
}

/** One question asked: the stapled response, one OCSP URL or one CRL URL. */
export interface RevocationAttempt {
  route: RevocationRoute;
  url?: string;
  /** What this route said (`unavailable` when its answer was missing or not trustworthy). */
  status: RevocationStatus;
  revocation?: Revocation;
  thisUpdate?: Date;
  nextUpdate?: Date;
  problems: RevocationProblem[];
}

export interface RevocationFacts {
  mode: RevocationMode;
  status: RevocationStatus;
  /** The route whose answer set `status`; absent when no route gave a usable answer. */
  route?: RevocationRoute;
  revocation?: Revocation;
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Every problem of every attempt, in the order the routes were tried. */
  problems: RevocationProblem[];
  attempts: RevocationAttempt[];
  /** The server stapled an OCSP response (hosts only). */
  stapled: boolean;
  /** The leaf carries the TLS feature status_request (RFC 7633 must-staple). */
  mustStaple: boolean;
}

// ---------------------------------------------------------------------------------------------
// Fetching

export interface FetchRequest {
  kind: 'ocsp' | 'crl';
  url: string;
  /** DER OCSP request, sent as an HTTP POST (`application/ocsp-request`); absent → GET. */
  body?: Uint8Array;
  /** The asking target's timeout_ms; the fetcher's default otherwise. */
  timeoutMs?: number;
}

export type FetchFailureCode =
  'unsupported-url' | 'unreachable' | 'timeout' | 'too-large' | 'http-error' | 'too-many-redirects';

export type FetchResult =
  | { ok: true; body: Uint8Array; /** Final URL after redirects. */ url: string }
  | { ok: false; code: FetchFailureCode; message: string };

/** Fetches OCSP responses and CRLs. Never rejects: failures are results. */
export interface RevocationFetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}
