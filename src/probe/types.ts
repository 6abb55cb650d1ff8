// What probing a live host learns. Probing fills this; checks only read it.
// (The live-hosts work extends this interface; checks must treat every field as optional data.)
import type { ProtocolName } from '../policy/types.js';
import type { CipherCategory } from './suites.js';

export type { CipherCategory } from './suites.js';

export type ConnectionFailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'reset'
  | 'not-tls'
  | 'handshake'
  | 'client-certificate-required'
  /** We presented the policy's client certificate and the server refused it. */
  | 'client-certificate-rejected'
  /** `client_cert` / `client_key` could not be loaded (file, passphrase, mismatch): no probe ran. */
  | 'client-credentials'
  | 'starttls'
  | 'other';

export interface ConnectionFailure {
  kind: ConnectionFailureKind;
  message: string;
  /** TLS alert description when the server sent one. */
  alert?: string;
}

export interface HostFacts {
  /** The address actually connected to. */
  address?: string;
  /** Set when no TLS session could be established at all. */
  failure?: ConnectionFailure;
  /** Certificates as served, leaf first (DER). */
  servedChain: Uint8Array[];
  /** Negotiated protocol and suite of the main handshake. */
  protocol?: ProtocolName;
  cipher?: string;
  /** Which versions the server accepts; undefined entries were not probed. */
  protocols: Partial<Record<ProtocolName, boolean>>;
  timings: Record<string, number>;
  /**
   * Where `servedChain` comes from: `wire` is the Certificate message exactly as sent (read from
   * a cleartext TLS ≤ 1.2 probe); `tls-stack` is Node's view (TLS 1.3-only servers), which
   * follows issuer links, so the order is rebuilt and unrelated extra certificates are lost.
   */
  servedChainSource?: 'wire' | 'tls-stack';
  /** Key exchange of the main handshake (Node's getEphemeralKeyInfo); absent for static RSA. */
  keyExchange?: EphemeralKey;
  /** Finite-field DH group the server uses when only DHE suites are offered (TLS ≤ 1.2). */
  dhGroup?: EphemeralKey;
  /** Curve the server picks for ECDHE when offered every group, strongest first (TLS ≤ 1.2). */
  ecdhGroup?: EphemeralKey;
  /**
   * Curve the server picks for ECDHE when offered only curves under 128-bit strength (TLS 1.2,
   * WEAK_EC_GROUP_CODES); absent when it refused them all or the probe got no answer (then
   * probeNotes says so). OpenSSL servers with an ECDSA certificate refuse such a hello whatever
   * their curves, because the certificate's curve must be among the client's groups. TLS 1.3
   * is not asked: it has no EC group under P-256 (RFC 8446 §4.2.7).
   */
  weakEcdhGroup?: EphemeralKey;
  /** Per weak-suite category: whether the server accepted a hello offering only those suites. */
  cipherCategories?: Partial<Record<CipherCategory, CipherCategoryResult>>;
  /** Stapled OCSP response (DER) from the main handshake, when the server sent one. */
  stapledOcsp?: Uint8Array;
  /** The server sent a CertificateRequest in its TLS ≤ 1.2 flight (client auth optional or required). */
  clientCertificateRequested?: boolean;
  /** HTTP `GET /` over the main handshake's connection; only for hosts with `hsts:` in the policy. */
  hsts?: HstsFacts;
  /** Probes that got no usable answer (timeouts, resets mid-read): their facts stay undefined. */
  probeNotes?: string[];
}

/** What the Strict-Transport-Security check saw (RFC 6797). */
export interface HstsFacts {
  /** Status of `GET /` (redirects are not followed); absent when no response head was read. */
  status?: number;
  /** Every Strict-Transport-Security value received; only the first counts (RFC 6797 §8.1). */
  headers: string[];
  /** The first header's policy, when it parses. */
  policy?: HstsPolicy;
  /** Why the first header is invalid (RFC 6797 §6.1). */
  invalid?: string;
  /** Why no HTTP response head could be read (or why HSTS was not asked for). */
  error?: string;
}

export interface HstsPolicy {
  /** Seconds. */
  maxAge: number;
  includeSubDomains: boolean;
  preload: boolean;
}

export interface EphemeralKey {
  type: 'DH' | 'ECDH';
  /** Curve or named group (`X25519`, `P-256`, `ffdhe2048`); absent for custom DH primes. */
  name?: string;
  /** Curve field size or DH prime size in bits. */
  bits: number;
  /** Approximate security strength in bits; undefined when the group is unknown. */
  securityBits?: number;
}

export interface CipherCategoryResult {
  accepted: boolean;
  /** IANA name of the suite the server picked from the category. */
  suite?: string;
  protocol?: ProtocolName;
}
