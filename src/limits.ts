// Every resource bound in one place, with its default. The constants live next to the code that
// enforces them; this module gathers them so docs/security.md, the tests and a reader can see
// what a hostile server, certificate file or policy can cost a runner at most.
//
// Policy keys that change a bound: `timeout_ms` (per host, also the OCSP/CRL fetch timeout and,
// times HOST_DEADLINE_FACTOR, the host's hard deadline), `--concurrency` / the Action's runner.
import { DEFAULT_SETTINGS } from './policy/types.js';

// --- Policy file -------------------------------------------------------------------------------
/** Largest policy file read (1 MiB); bigger ones are refused before parsing. */
export { MAX_POLICY_BYTES, MAX_ALIAS_COUNT } from './policy/load.js';
/** Largest `timeout_ms` a policy may set (10 minutes). */
export { MAX_TIMEOUT_MS } from './policy/keys.js';
/** `timeout_ms` when the policy sets none: connect + handshake per connection, per fetch. */
export const DEFAULT_TIMEOUT_MS = DEFAULT_SETTINGS.timeoutMs;

// --- Hosts -------------------------------------------------------------------------------------
/** Hosts probed at once, and the hard per-host deadline (this many × `timeout_ms`). */
export { DEFAULT_CONCURRENCY, HOST_DEADLINE_FACTOR } from './gate.js';
/** Bytes read from one raw ClientHello exchange: up to ServerHello, or the whole TLS ≤ 1.2 flight. */
export { HELLO_LIMIT, FLIGHT_LIMIT } from './probe/raw.js';
/** Bytes of plaintext dialogue before STARTTLS, and of the HTTP response head read for HSTS. */
export { STARTTLS_LIMIT } from './probe/starttls.js';
export { HEAD_LIMIT as HSTS_HEAD_LIMIT } from './probe/hsts.js';

// --- Certificate files -------------------------------------------------------------------------
/** Largest certificate file decoded (10 MiB) and most PEM blocks read from one file. */
export { MAX_FILE_BYTES, MAX_PEM_BLOCKS } from './x509/decode.js';
/** PKCS#12 key-derivation iterations accepted (more would stall the gate for minutes). */
export { MAX_ITERATIONS as MAX_PKCS12_ITERATIONS } from './x509/formats/pkcs12.js';

// --- Chains ------------------------------------------------------------------------------------
/** Intermediates between leaf and anchor, and signature checks per target while building paths. */
export { MAX_INTERMEDIATES, MAX_SIGNATURE_CHECKS } from './x509/chain.js';

// --- Revocation --------------------------------------------------------------------------------
/**
 * One OCSP/CRL fetch, redirects included: the gate sets it to the largest `timeout_ms` of the
 * run; this default applies to fetchers made without one. Body sizes are enforced while
 * streaming, so a server sending gigabytes costs at most the limit in memory.
 */
export {
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_OCSP_BYTES,
  DEFAULT_MAX_CRL_BYTES,
  DEFAULT_MAX_REDIRECTS,
} from './revocation/fetch.js';
/** OCSP URLs and CRL URLs fetched per leaf, each. */
export { MAX_URLS_PER_ROUTE as MAX_REVOCATION_URLS_PER_ROUTE } from './revocation/check.js';

// --- GitHub outputs ----------------------------------------------------------------------------
/** Job summary (1 MiB) and PR comment (65,536 characters): GitHub's own limits. */
export { SUMMARY_LIMIT_BYTES, COMMENT_LIMIT_CHARS } from './report/github-markdown.js';
