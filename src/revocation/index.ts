// Public surface of the revocation module: the gate calls checkRevocation with a fetcher.
export { checkRevocation, type CheckRevocationInput } from './check.js';
export {
  createHttpFetcher,
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_CRL_BYTES,
  DEFAULT_MAX_OCSP_BYTES,
  DEFAULT_MAX_REDIRECTS,
  type HttpFetcherOptions,
} from './fetch.js';
export { revocationFor } from './target.js';
export * from './types.js';
