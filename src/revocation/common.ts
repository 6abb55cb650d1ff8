// Helpers shared by the OCSP and CRL evaluators.
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import type { RevocationProblemCode, RevocationStatus, Revocation } from './types.js';

/** Clock skew tolerated on thisUpdate/nextUpdate (OpenSSL's default OCSP validity slack). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** What one OCSP response or CRL says about the leaf; problems carry no route yet. */
export interface RouteAnswer {
  status: RevocationStatus;
  revocation?: Revocation;
  thisUpdate?: Date;
  nextUpdate?: Date;
  problems: { code: RevocationProblemCode; message: string }[];
}

/** The leaf, its issuer, and what the evaluators need from them, computed once. */
export interface Subject {
  leaf: pkijs.Certificate;
  issuer: pkijs.Certificate;
  /** Normalised serial of the leaf (see serialHex). */
  serial: string;
}

export function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

export function hex(data: Uint8Array | ArrayBuffer): string {
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('hex');
}

/** Serial as lower-case hex without redundant leading zero bytes, so encodings compare equal. */
export function serialHex(serial: asn1js.Integer | Uint8Array): string {
  const text = hex(serial instanceof Uint8Array ? serial : serial.valueBlock.valueHexView);
  return text.replace(/^(00)+(?=..)/, '');
}

/** DER of a Name as it was encoded (pkijs keeps the original bytes of parsed names). */
export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  if (name.valueBeforeDecode.byteLength) return new Uint8Array(name.valueBeforeDecode);
  return new Uint8Array(name.toSchema().toBER(false));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** A stale problem when `now` is outside [thisUpdate - skew, nextUpdate + skew]. */
export function freshness(
  what: string,
  thisUpdate: Date,
  nextUpdate: Date | undefined,
  now: Date,
): { code: 'stale'; message: string } | undefined {
  if (thisUpdate.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    return {
      code: 'stale',
      message: `${what} thisUpdate ${thisUpdate.toISOString()} is in the future`,
    };
  }
  if (nextUpdate && nextUpdate.getTime() < now.getTime() - MAX_CLOCK_SKEW_MS) {
    return {
      code: 'stale',
      message: `${what} expired: nextUpdate ${nextUpdate.toISOString()} has passed`,
    };
  }
  return undefined;
}

/** RFC 5280 §5.3.1 CRLReason names (value 7 is unused). */
const CRL_REASONS: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

export function reasonName(code: number): string {
  return CRL_REASONS[code] ?? `reason ${code}`;
}
