// Facts about certificates, decoded once and shared by every check.
import type * as pkijs from 'pkijs';

export type PublicKeyType = 'rsa' | 'ec' | 'dsa' | 'ed25519' | 'ed448' | 'unknown';

export interface PublicKeyFacts {
  type: PublicKeyType;
  /** Modulus bits (RSA), prime bits (DSA), field bits (EC), 256/456 (Ed25519/Ed448). */
  bits: number;
  /** Named curve for EC keys: `P-256`, `P-384`, `P-521`, `secp256k1`, `brainpoolP256r1`, or the OID. */
  curve?: string;
  /** RSA public exponent (as a number; huge exponents saturate at Number.MAX_SAFE_INTEGER). */
  exponent?: number;
  /** OID of the SubjectPublicKeyInfo algorithm. */
  algorithmOid: string;
}

export type HashName =
  'md2' | 'md4' | 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'none' | 'unknown';

export interface SignatureAlgorithmFacts {
  oid: string;
  /** e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA384`, `RSASSA-PSS`, `Ed25519`. */
  name: string;
  hash: HashName;
}

export interface CertificateFacts {
  version: number;
  /** Distinguished names rendered RFC 4514 style, most significant RDN last (`CN=a,O=b,C=c`). */
  subject: string;
  issuer: string;
  subjectCommonName?: string;
  /** Lower-case hex, no separators, leading zero bytes kept as encoded. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** dNSName SANs exactly as encoded. */
  dnsNames: string[];
  /** iPAddress SANs in canonical text form (IPv4 dotted, IPv6 compressed lower-case). */
  ipAddresses: string[];
  emailAddresses: string[];
  uris: string[];
  publicKey: PublicKeyFacts;
  signatureAlgorithm: SignatureAlgorithmFacts;
  /** basicConstraints; undefined when the extension is absent. */
  basicConstraints?: { ca: boolean; pathLength?: number; critical: boolean };
  /** keyUsage bit names (`digitalSignature`, `keyCertSign`, …); undefined when absent. */
  keyUsage?: string[];
  /** extKeyUsage names (`serverAuth`, `clientAuth`, `anyExtendedKeyUsage`, …) or OIDs; undefined when absent. */
  extKeyUsage?: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  crlUrls: string[];
  /** Number of SCTs in the embedded SCT list extension (0 when absent). */
  sctCount: number;
  /** TLS feature extension contains status_request (RFC 7633 must-staple). */
  mustStaple: boolean;
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  /** Every extension: OID, criticality, whether tls-gate understands it. */
  extensions: { oid: string; critical: boolean; known: boolean }[];
  /** Lower-case hex SHA-256 of the DER. */
  sha256: string;
  /** Subject and issuer names are byte-equal. */
  selfIssued: boolean;
}

export interface ParsedCertificate {
  der: Uint8Array;
  facts: CertificateFacts;
  /** The pkijs object, for signature verification and path validation. */
  pkijs: pkijs.Certificate;
  /** Where it came from: a file (and the block index in it) or a server. */
  origin: { kind: 'file' | 'server' | 'bundle'; name: string; index: number };
}

export interface PrivateKeyBlock {
  /** PEM label, e.g. `PRIVATE KEY`, `RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`. */
  label: string;
  encrypted: boolean;
}

export interface DecodeProblem {
  /** Block index in the file, when the problem is about one block. */
  index?: number;
  message: string;
  /** `no-certificate`: the file decoded but holds no certificate (file.no-certificate, not unparseable). */
  code?: 'no-certificate';
}

/** Everything read from one certificate file. */
export interface DecodedFile {
  certificates: ParsedCertificate[];
  privateKeys: PrivateKeyBlock[];
  problems: DecodeProblem[];
}

/**
 * Why a certificate path failed, or what is wrong with a path that validated. `code` values are
 * stable; chain rules map them onto rule ids (`chain.<code>`), e.g. `incomplete`, `untrusted-root`,
 * `self-signed-leaf`, `bad-signature`, `expired`, `not-yet-valid`, `not-a-ca`, `path-length`, ...
 */
export interface ChainProblem {
  code: string;
  message: string;
  /** The certificate the problem is about (index in the path built, 0 = leaf). */
  certificate?: ParsedCertificate;
  details?: Record<string, unknown>;
}

export interface ChainAnalysis {
  /** A path from the leaf to a trust anchor validated. */
  valid: boolean;
  /** Best path found, leaf first; ends at the anchor when `valid`. */
  path: ParsedCertificate[];
  anchor?: ParsedCertificate;
  /** `bundled` (pinned Mozilla roots) or `policy` (the target's `trust` file). */
  trustSource: 'bundled' | 'policy';
  /** Reasons the best path failed (empty when valid). */
  problems: ChainProblem[];
  /** How the certificates were presented (order, extras, root included). */
  presentation: ChainProblem[];
  /** Non-fatal findings on the chosen path (e.g. `leaf-is-ca`), whether or not it validated. */
  warnings?: ChainProblem[];
  /** Work done by path building: signature checks and candidate paths judged. */
  search?: { signatureChecks: number; pathsJudged: number };
}

/** Trust anchors for one target: the pinned Mozilla bundle or the target's own `trust` file. */
export interface TrustStore {
  source: 'bundled' | 'policy';
  /** Human label for reports, e.g. `Mozilla roots 2026-10-14 (146)` or the trust file path. */
  label: string;
  anchors: ParsedCertificate[];
}
