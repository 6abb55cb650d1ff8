// Reads what a server answers to a hand-built ClientHello: TLS records → handshake messages or an
// alert, with hard byte limits. Garbage, plain HTTP or an oversized message ends the read with a
// reason instead of buffering without bound.
import { TLS13 } from './clienthello.js';

export const HS_SERVER_HELLO = 2;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_KEY_EXCHANGE = 12;
export const HS_CERTIFICATE_REQUEST = 13;
export const HS_SERVER_HELLO_DONE = 14;

const CT_CHANGE_CIPHER_SPEC = 20;
const CT_ALERT = 21;
const CT_HANDSHAKE = 22;
const CT_APPLICATION_DATA = 23;
/** RFC 8446 §5.1: a record body is at most 2^14 bytes plus expansion. */
const MAX_RECORD = 16384 + 2048;

const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

export function alertName(code: number): string {
  return ALERTS[code] ?? `alert_${code}`;
}

export type TlsEvent =
  | { kind: 'handshake'; type: number; body: Buffer }
  | { kind: 'alert'; level: number; code: number; name: string }
  /** Encrypted records: nothing more can be read in cleartext. */
  | { kind: 'encrypted' };

export type ReadError =
  { kind: 'not-tls'; message: string; http: boolean } | { kind: 'too-large'; message: string };

/** Printable first line of a non-TLS answer, for messages (never raw control bytes). */
function firstLine(data: Buffer): string {
  const text = data.subarray(0, 200).toString('latin1').split(/\r?\n/)[0] ?? '';
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}

/** Incremental record reader; `push` each chunk, consume the events it returns. */
export class RecordReader {
  private pending: Buffer = Buffer.alloc(0);
  private handshake: Buffer = Buffer.alloc(0);
  private total = 0;
  private sawRecord = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): { events: TlsEvent[]; error?: ReadError } {
    this.total += chunk.length;
    const events: TlsEvent[] = [];
    if (this.total > this.maxBytes) {
      return {
        events,
        error: { kind: 'too-large', message: `server sent more than ${this.maxBytes} bytes` },
      };
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5) {
      const type = this.pending[0]!;
      const major = this.pending[1]!;
      const length = this.pending.readUInt16BE(3);
      const plausible =
        type >= CT_CHANGE_CIPHER_SPEC &&
        type <= CT_APPLICATION_DATA + 1 &&
        major === 3 &&
        length <= MAX_RECORD;
      if (!plausible) return { events, error: this.notTls() };
      this.sawRecord = true;
      if (this.pending.length < 5 + length) break;
      const body = this.pending.subarray(5, 5 + length);
      this.pending = this.pending.subarray(5 + length);
      if (type === CT_ALERT) {
        if (body.length < 2) return { events, error: this.notTls() };
        events.push({ kind: 'alert', level: body[0]!, code: body[1]!, name: alertName(body[1]!) });
        return { events };
      }
      if (type === CT_APPLICATION_DATA) {
        events.push({ kind: 'encrypted' });
        return { events };
      }
      if (type !== CT_HANDSHAKE) continue;
      this.handshake = this.handshake.length === 0 ? body : Buffer.concat([this.handshake, body]);
      while (this.handshake.length >= 4) {
        const size = (this.handshake[1]! << 16) | (this.handshake[2]! << 8) | this.handshake[3]!;
        if (size > this.maxBytes) {
          return {
            events,
            error: { kind: 'too-large', message: `handshake message of ${size} bytes` },
          };
        }
        if (this.handshake.length < 4 + size) break;
        events.push({
          kind: 'handshake',
          type: this.handshake[0]!,
          body: this.handshake.subarray(4, 4 + size),
        });
        this.handshake = this.handshake.subarray(4 + size);
      }
    }
    // A first chunk shorter than a record header can still be recognised as not TLS.
    const first = this.pending[0];
    if (!this.sawRecord && first !== undefined && (first < CT_CHANGE_CIPHER_SPEC || first > 24)) {
      return { events, error: this.notTls() };
    }
    return { events };
  }

  private notTls(): ReadError {
    const data = this.pending;
    const http = data.subarray(0, 5).toString('latin1') === 'HTTP/';
    const what = http
      ? `the server answered in plain HTTP ("${firstLine(data)}"), not TLS`
      : /^[\x20-\x7e]{4}/.test(data.subarray(0, 4).toString('latin1'))
        ? `the server answered with text ("${firstLine(data)}"), not TLS`
        : `the server answered with bytes that are not TLS (0x${data.subarray(0, 8).toString('hex')})`;
    return { kind: 'not-tls', message: what, http };
  }
}

export interface ServerHelloInfo {
  /** The negotiated version: supported_versions when present, else the legacy version field. */
  version: number;
  suite: number;
  /** TLS 1.3 key_share group (or the group a HelloRetryRequest asks for). */
  keyShareGroup?: number;
  helloRetryRequest: boolean;
}

const HRR_RANDOM = Buffer.from(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c',
  'hex',
);

/** Cursor over a message body; every read is bounds-checked. */
class Cursor {
  offset = 0;
  constructor(private readonly data: Buffer) {}
  get left(): number {
    return this.data.length - this.offset;
  }
  bytes(n: number): Buffer {
    if (n > this.left) throw new RangeError('truncated message');
    const out = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  u8(): number {
    return this.bytes(1)[0]!;
  }
  u16(): number {
    return this.bytes(2).readUInt16BE();
  }
  u24(): number {
    const b = this.bytes(3);
    return (b[0]! << 16) | (b[1]! << 8) | b[2]!;
  }
}

/** Parses a ServerHello body; undefined when it is malformed. */
export function parseServerHello(body: Buffer): ServerHelloInfo | undefined {
  try {
    const c = new Cursor(body);
    let version = c.u16();
    const random = c.bytes(32);
    c.bytes(c.u8()); // session id
    const suite = c.u16();
    c.u8(); // compression
    const info: ServerHelloInfo = { version, suite, helloRetryRequest: random.equals(HRR_RANDOM) };
    if (c.left >= 2) {
      const ext = new Cursor(c.bytes(c.u16()));
      while (ext.left >= 4) {
        const type = ext.u16();
        const data = new Cursor(ext.bytes(ext.u16()));
        if (type === 43 && data.left >= 2) version = data.u16();
        if (type === 51 && data.left >= 2) info.keyShareGroup = data.u16();
      }
    }
    info.version = version;
    return info;
  } catch {
    return undefined;
  }
}

/** The certificate_list of a TLS ≤ 1.2 Certificate message, in the order the server sent it. */
export function parseCertificateList(body: Buffer): Buffer[] | undefined {
  try {
    const c = new Cursor(body);
    const list = new Cursor(c.bytes(c.u24()));
    const out: Buffer[] = [];
    while (list.left > 0) out.push(list.bytes(list.u24()));
    return out;
  } catch {
    return undefined;
  }
}

export type KeyExchangeParams =
  { type: 'DH'; primeBits: number } | { type: 'ECDH'; curveType: number; group?: number };

function bitLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** The parameters at the start of a ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4). */
export function parseServerKeyExchange(
  body: Buffer,
  suiteName: string,
): KeyExchangeParams | undefined {
  try {
    const c = new Cursor(body);
    if (/^TLS_(DHE|DH_anon)_/.test(suiteName))
      return { type: 'DH', primeBits: bitLength(c.bytes(c.u16())) };
    if (/^TLS_(ECDHE|ECDH_anon)_/.test(suiteName)) {
      const curveType = c.u8();
      return curveType === 3
        ? { type: 'ECDH', curveType, group: c.u16() }
        : { type: 'ECDH', curveType };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

export function isTls13Hello(hello: ServerHelloInfo): boolean {
  return hello.version === TLS13;
}
