// A strict DER reader for path validation. asn1js accepts BER (indefinite lengths, long-form
// lengths that fit in one byte, padded integers); strict verifiers (Go, pyca, BoringSSL) reject
// those in certificates, so the path code reads certificates with this instead and reports the
// first encoding error as `chain.malformed`.

export class DerError extends Error {}

export interface DerNode {
  /** Full identifier octet (class + constructed bit + tag number < 31). */
  tag: number;
  constructed: boolean;
  /** The whole TLV. */
  raw: Uint8Array;
  /** Content octets. */
  content: Uint8Array;
}

/** Universal tags whose content must be checked for DER minimality. */
const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;
export { TAG as DER_TAG };

/** Reads one TLV at `offset`; throws DerError on anything DER forbids. */
export function readNode(
  buf: Uint8Array,
  offset = 0,
  strict = true,
): { node: DerNode; next: number } {
  if (offset + 2 > buf.length) throw new DerError('truncated element');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in certificates');
  let pos = offset + 1;
  const first = buf[pos++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    throw new DerError('indefinite length (BER, not DER)');
  } else {
    const count = first & 0x7f;
    if (count > 4) throw new DerError('length field too long');
    if (pos + count > buf.length) throw new DerError('truncated length');
    if (strict && buf[pos] === 0) throw new DerError('non-minimal length encoding');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++]!;
    if (strict && length < 0x80) throw new DerError('non-minimal length encoding');
  }
  const end = pos + length;
  if (end > buf.length) throw new DerError('element longer than its container');
  const node: DerNode = {
    tag,
    constructed: (tag & 0x20) !== 0,
    raw: buf.subarray(offset, end),
    content: buf.subarray(pos, end),
  };
  if (strict) checkPrimitive(node);
  return { node, next: end };
}

/** Parses exactly one element spanning all of `buf`. */
export function readSingle(buf: Uint8Array, strict = true): DerNode {
  const { node, next } = readNode(buf, 0, strict);
  if (next !== buf.length) throw new DerError('trailing data after element');
  return node;
}

/** The children of a constructed element. */
export function children(node: DerNode, strict = true): DerNode[] {
  if (!node.constructed) throw new DerError('expected a constructed element');
  const out: DerNode[] = [];
  let pos = 0;
  while (pos < node.content.length) {
    const { node: child, next } = readNode(node.content, pos, strict);
    out.push(child);
    pos = next;
  }
  return out;
}

/** Reads every element of a tree, so any encoding error anywhere surfaces. */
export function walk(node: DerNode): void {
  if (!node.constructed) return;
  const kids = children(node);
  if (node.tag === TAG.SET) checkSetOrder(kids);
  for (const kid of kids) walk(kid);
}

function checkSetOrder(kids: DerNode[]): void {
  // X.690 §11.6: SET OF components in ascending order of their encodings.
  for (let i = 1; i < kids.length; i++) {
    if (Buffer.compare(kids[i - 1]!.raw, kids[i]!.raw) > 0) {
      throw new DerError('SET OF elements not sorted (BER, not DER)');
    }
  }
}

function checkPrimitive(node: DerNode): void {
  const c = node.content;
  switch (node.tag) {
    case TAG.BOOLEAN:
      if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) {
        throw new DerError('BOOLEAN must be one octet 00 or FF');
      }
      break;
    case TAG.INTEGER:
      if (c.length === 0) throw new DerError('empty INTEGER');
      if (c.length > 1 && ((c[0] === 0 && c[1]! < 0x80) || (c[0] === 0xff && c[1]! >= 0x80))) {
        throw new DerError('INTEGER not minimally encoded');
      }
      break;
    case TAG.BIT_STRING:
      if (c.length === 0 || c[0]! > 7 || (c.length === 1 && c[0] !== 0)) {
        throw new DerError('malformed BIT STRING');
      }
      if (c.length > 1 && (c[c.length - 1]! & ((1 << c[0]!) - 1)) !== 0) {
        throw new DerError('BIT STRING unused bits are not zero');
      }
      break;
    case TAG.NULL:
      if (c.length !== 0) throw new DerError('NULL with content');
      break;
    case TAG.OID:
      if (c.length === 0 || (c[c.length - 1]! & 0x80) !== 0) throw new DerError('malformed OID');
      break;
    case TAG.UTC_TIME:
      if (!/^\d{12}Z$/.test(Buffer.from(c).toString('latin1'))) {
        throw new DerError('UTCTime must be YYMMDDHHMMSSZ');
      }
      break;
    case TAG.GENERALIZED_TIME:
      if (!/^\d{14}Z$/.test(Buffer.from(c).toString('latin1'))) {
        throw new DerError('GeneralizedTime must be YYYYMMDDHHMMSSZ');
      }
      break;
    default:
      if ((node.tag & 0xe0) === 0x20 && node.tag !== TAG.SEQUENCE && node.tag !== TAG.SET) {
        // Constructed string types (BER) are not allowed in DER.
        throw new DerError('constructed string encoding (BER, not DER)');
      }
  }
}

export function decodeOid(content: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const byte = content[i]!;
    if (value === 0 && byte === 0x80) throw new DerError('OID arc not minimally encoded');
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export function decodeTime(node: DerNode): Date {
  const s = Buffer.from(node.content).toString('latin1');
  if (node.tag === TAG.UTC_TIME) {
    const yy = Number(s.slice(0, 2));
    // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, else 20YY.
    return utc((yy >= 50 ? 1900 : 2000) + yy, s.slice(2));
  }
  if (node.tag === TAG.GENERALIZED_TIME) return utc(Number(s.slice(0, 4)), s.slice(4));
  throw new DerError('expected a time');
}

function utc(year: number, rest: string): Date {
  const [mo, d, h, mi, se] = [0, 2, 4, 6, 8].map((i) => Number(rest.slice(i, i + 2)));
  const date = new Date(Date.UTC(year, mo! - 1, d, h, mi, se));
  if (
    date.getUTCMonth() !== mo! - 1 ||
    date.getUTCDate() !== d ||
    h! > 23 ||
    mi! > 59 ||
    se! > 59
  ) {
    throw new DerError('invalid date');
  }
  return date;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
