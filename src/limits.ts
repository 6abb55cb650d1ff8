// Every resource bound in one place, with its default. The constants live next to the code that
// enforces them; this module gathers them so README (Security), the tests and a reader can see
// what a hostile server, certificate file or policy can cost a runner at most.
//
// Policy keys that change a bound: `timeout_ms` (per host, also the OCSP/CRL fetch timeout and,
// times HOST_DEADLINE_FACTOR, the host's hard deadline), `--concurrency` / the Action's runner,
// and the top-level `limits:` keys (LIMIT_KEYS below: their defaults and allowed ranges).
import { DEFAULT_MAX_SAN_COUNT } from './checks/hostname/too-many-sans.js';
import { DEFAULT_MAX_CHAIN_CERTIFICATES } from './collect.js';
import { DEFAULT_RUN_TIMEOUT_MS } from './gate.js';
import type { LimitKey } from './policy/keys.js';
import { DEFAULT_SETTINGS, type Limits } from './policy/types.js';
import { DEFAULT_MAX_CRL_BYTES, DEFAULT_MAX_OCSP_BYTES } from './revocation/fetch.js';
import { MAX_FILE_BYTES, MAX_PEM_BLOCKS } from './x509/decode.js';

// --- `limits:` in the policy ---------------------------------------------------------------------
/** What the loader fills in for every `limits:` key the policy leaves out. */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  runTimeoutMs: DEFAULT_RUN_TIMEOUT_MS,
  maxFileBytes: MAX_FILE_BYTES,
  maxChainCertificates: DEFAULT_MAX_CHAIN_CERTIFICATES,
  maxSanCount: DEFAULT_MAX_SAN_COUNT,
  maxOcspBytes: DEFAULT_MAX_OCSP_BYTES,
  maxCrlBytes: DEFAULT_MAX_CRL_BYTES,
};

const MIB = 1024 * 1024;
/**
 * Each `limits:` key: the Limits field it sets and the integers it accepts. The upper bounds keep
 * a typo from turning a bound off (six hours is GitHub's job limit; no file can hold more
 * certificates than the decoder reads PEM blocks).
 */
export const LIMIT_KEYS: Readonly<
  Record<LimitKey, { field: keyof Limits; min: number; max: number; description: string }>
> = {
  run_timeout_ms: {
    field: 'runTimeoutMs',
    min: 1,
    max: 6 * 60 * 60 * 1000,
    description:
      'Deadline for the whole run, in milliseconds. No target starts after it; hosts still running are reported as connection.timeout, files as file.unreadable; the report is still written and the gate closes.',
  },
  max_file_bytes: {
    field: 'maxFileBytes',
    min: 1,
    max: 100 * MIB,
    description:
      'Largest certificate, chain, trust, key or client_cert/client_key file read, in bytes; a larger file is a finding and is never read.',
  },
  max_chain_certificates: {
    field: 'maxChainCertificates',
    min: 1,
    max: MAX_PEM_BLOCKS,
    description:
      'Certificates read from one list (the chain a host serves, a certificate file, a chain file); more is a file.unparseable finding and the rest are ignored.',
  },
  max_san_count: {
    field: 'maxSanCount',
    min: 1,
    max: 100_000,
    description:
      'subjectAltNames per certificate that are checked and listed in reports; a certificate with more gets a hostname.too-many-sans warning (hostname matching still uses every SAN).',
  },
  max_ocsp_bytes: {
    field: 'maxOcspBytes',
    min: 1024,
    max: 16 * MIB,
    description: 'Largest OCSP response accepted, in bytes (enforced while reading).',
  },
  max_crl_bytes: {
    field: 'maxCrlBytes',
    min: 1024,
    max: 1024 * MIB,
    description: 'Largest CRL accepted, in bytes (enforced while reading).',
  },
};

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
/** The whole run (`limits.run_timeout_ms`, 10 minutes). */
export { DEFAULT_RUN_TIMEOUT_MS };
/** Bytes read from one raw ClientHello exchange: up to ServerHello, or the whole TLS ≤ 1.2 flight. */
export { HELLO_LIMIT, FLIGHT_LIMIT } from './probe/raw.js';
/** Bytes of plaintext dialogue before STARTTLS, and of the HTTP response head read for HSTS. */
export { STARTTLS_LIMIT } from './probe/starttls.js';
export { HEAD_LIMIT as HSTS_HEAD_LIMIT } from './probe/hsts.js';

// --- Certificate files -------------------------------------------------------------------------
/**
 * Largest certificate file read (10 MiB, `limits.max_file_bytes`) and most PEM blocks read from
 * one file; certificates per list (`limits.max_chain_certificates`) and SANs per certificate
 * judged (`limits.max_san_count`).
 */
export { MAX_FILE_BYTES, MAX_PEM_BLOCKS, DEFAULT_MAX_CHAIN_CERTIFICATES, DEFAULT_MAX_SAN_COUNT };
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
export { DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_MAX_REDIRECTS } from './revocation/fetch.js';
/** OCSP response and CRL sizes (`limits.max_ocsp_bytes`, `limits.max_crl_bytes`). */
export { DEFAULT_MAX_OCSP_BYTES, DEFAULT_MAX_CRL_BYTES };
/** OCSP URLs and CRL URLs fetched per leaf, each. */
export { MAX_URLS_PER_ROUTE as MAX_REVOCATION_URLS_PER_ROUTE } from './revocation/check.js';

// --- GitHub outputs ----------------------------------------------------------------------------
/** Job summary (1 MiB) and PR comment (65,536 characters): GitHub's own limits. */
export { SUMMARY_LIMIT_BYTES, COMMENT_LIMIT_CHARS } from './report/github-markdown.js';
