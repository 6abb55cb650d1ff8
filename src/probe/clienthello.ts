// Hand-built ClientHello records (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2) for what Node's TLS cannot
// offer: SSLv3, legacy suites, one category of suites at a time. One record, sent in one write.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { ALL_GROUP_CODES } from './groups.js';
import { EMPTY_RENEGOTIATION_INFO_SCSV } from './suites.js';

export const SSL3 = 0x0300;
export const TLS10 = 0x0301;
export const TLS11 = 0x0302;
export const TLS12 = 0x0303;
export const TLS13 = 0x0304;

export interface ClientHelloOptions {
  /** legacy_version: the highest version offered for SSLv3–TLS 1.2. */
  version: number;
  suites: readonly number[];
  /** Host name for SNI; IP literals are never sent (RFC 6066 §3). */
  serverName?: string;
  groups?: readonly number[];
  signatureAlgorithms?: readonly number[];
  /** Adds supported_versions (RFC 8446 §4.2.1) and an X25519 key share: a TLS 1.3 offer. */
  supportedVersions?: readonly number[];
}

// ECDSA, RSA-PSS, RSA PKCS#1, EdDSA, then the SHA-1 and DSA schemes legacy servers still need.
export const DEFAULT_SIGNATURE_ALGORITHMS: readonly number[] = [
  0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0807, 0x0808, 0x0809,
  0x080a, 0x080b, 0x0203, 0x0201, 0x0402, 0x0202,
];

const EXT_SERVER_NAME = 0;
const EXT_SUPPORTED_GROUPS = 10;
const EXT_EC_POINT_FORMATS = 11;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_SUPPORTED_VERSIONS = 43;
const EXT_KEY_SHARE = 51;

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

function vec16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}

function list16(values: readonly number[]): Buffer {
  return vec16(Buffer.concat(values.map(u16)));
}

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(body)]);
}

/** A complete TLS record holding one ClientHello handshake message. */
export function buildClientHello(options: ClientHelloOptions): Buffer {
  const extensions: Buffer[] = [];
  // SSLv3 predates extensions; some SSLv3 stacks reject a hello that carries them.
  if (options.version > SSL3) {
    if (options.serverName && isIP(options.serverName) === 0) {
      const name = Buffer.from(options.serverName, 'ascii');
      const entry = Buffer.concat([Buffer.from([0]), vec16(name)]);
      extensions.push(extension(EXT_SERVER_NAME, vec16(entry)));
    }
    extensions.push(extension(EXT_SUPPORTED_GROUPS, list16(options.groups ?? ALL_GROUP_CODES)));
    extensions.push(extension(EXT_EC_POINT_FORMATS, Buffer.from([1, 0])));
    const tls12 = options.version >= TLS12 || options.supportedVersions !== undefined;
    if (tls12) {
      const algorithms = options.signatureAlgorithms ?? DEFAULT_SIGNATURE_ALGORITHMS;
      extensions.push(extension(EXT_SIGNATURE_ALGORITHMS, list16(algorithms)));
    }
    if (options.supportedVersions) {
      const versions = Buffer.concat(options.supportedVersions.map(u16));
      extensions.push(
        extension(
          EXT_SUPPORTED_VERSIONS,
          Buffer.concat([Buffer.from([versions.length]), versions]),
        ),
      );
      // Any 32 bytes are a valid X25519 public key; the probe never completes the handshake.
      const share = Buffer.concat([u16(0x001d), vec16(randomBytes(32))]);
      extensions.push(extension(EXT_KEY_SHARE, vec16(share)));
    }
  }
  const suites = [...options.suites, EMPTY_RENEGOTIATION_INFO_SCSV];
  const body = Buffer.concat([
    u16(options.version),
    randomBytes(32),
    Buffer.concat([Buffer.from([32]), randomBytes(32)]), // session id: TLS 1.3 middlebox mode
    list16(suites),
    Buffer.from([1, 0]), // compression: null only
    ...(extensions.length > 0 ? [vec16(Buffer.concat(extensions))] : []),
  ]);
  const handshake = Buffer.concat([Buffer.from([1]), u24(body.length), body]);
  // Record version 3.1 for every TLS hello: some servers drop records claiming a newer version.
  const recordVersion = options.version === SSL3 ? SSL3 : TLS10;
  return Buffer.concat([Buffer.from([22]), u16(recordVersion), u16(handshake.length), handshake]);
}
