// Small, strict accessors over asn1js trees for the container formats (PKCS#12, PKCS#7). Each
// throws a FormatError naming what was expected, so a malformed file becomes one clear problem.
import * as asn1js from 'asn1js';
import { fromBER } from '../ber.js';

export class FormatError extends Error {}

export function parseBer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = fromBER(bytes);
  if (parsed.offset === -1)
    throw new FormatError(`${what} is not valid BER/DER: ${parsed.result.error}`);
  return parsed.result;
}

/** The elements of a SEQUENCE (or SET), at least `min` of them. */
export function elements(node: unknown, what: string, min = 0): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence) && !(node instanceof asn1js.Set)) {
    throw new FormatError(`${what}: expected a SEQUENCE`);
  }
  const value = node.valueBlock.value as asn1js.AsnType[];
  if (value.length < min) throw new FormatError(`${what}: expected at least ${min} elements`);
  return value;
}

export function oid(node: unknown, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new FormatError(`${what}: expected an OID`);
  return node.valueBlock.toString();
}

export function integer(node: unknown, what: string): number {
  if (!(node instanceof asn1js.Integer)) throw new FormatError(`${what}: expected an INTEGER`);
  const value = node.valueBlock.valueDec;
  if (!Number.isSafeInteger(value) || value < 0) throw new FormatError(`${what}: out of range`);
  return value;
}

function isContext(node: unknown, tag: number): node is asn1js.BaseBlock {
  return (
    node instanceof asn1js.BaseBlock &&
    node.idBlock.tagClass === 3 &&
    node.idBlock.tagNumber === tag
  );
}

/** The single element inside `[tag] EXPLICIT`. */
export function explicit(node: unknown, tag: number, what: string): asn1js.AsnType {
  if (!isContext(node, tag) || !(node instanceof asn1js.Constructed)) {
    throw new FormatError(`${what}: expected [${tag}] EXPLICIT`);
  }
  const [inner] = node.valueBlock.value as asn1js.AsnType[];
  if (!inner) throw new FormatError(`${what}: [${tag}] is empty`);
  return inner;
}

/** Whether `node` is a context-specific tag with this number. */
export function hasContextTag(node: unknown, tag: number): boolean {
  return isContext(node, tag);
}

/**
 * The bytes of an OCTET STRING, or of an `[n] IMPLICIT OCTET STRING`; BER constructed strings
 * (Windows writes them) are joined.
 */
export function octets(node: unknown, what: string): Uint8Array {
  const universal = node instanceof asn1js.OctetString;
  if (!universal && !(node instanceof asn1js.BaseBlock && node.idBlock.tagClass === 3)) {
    throw new FormatError(`${what}: expected an OCTET STRING`);
  }
  const block = node as asn1js.BaseBlock;
  if (block.idBlock.isConstructed) {
    const parts = (block.valueBlock as unknown as { value: unknown[] }).value;
    return Buffer.concat(parts.map((part) => octets(part, what)));
  }
  return new Uint8Array((block.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView);
}

/** DER (as read) of one element, e.g. a certificate inside a container. */
export function encoded(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.valueBeforeDecodeView);
}
