// What probing a live host learns. Probing fills this; checks only read it.
// (The live-hosts work extends this interface; checks must treat every field as optional data.)
import type { ProtocolName } from '../policy/types.js';

export type ConnectionFailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'reset'
  | 'not-tls'
  | 'handshake'
  | 'client-certificate-required'
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
}
