// A minimal DER TLV walker. CRLs can hold hundreds of thousands of entries: asn1js refuses more
// than 10,000 nodes by default (about 3,300 CRL entries), and a full object tree of a 10 MiB CRL
// would take hundreds of MB. Walking the bytes keeps a large CRL at one index entry per serial.

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  valueStart: number;
  /** Offset just past the content. */
  end: number;
}

/** The TLV at `offset`, ending at or before `limit`; undefined when it is not valid DER. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset]!;
  // Multi-byte tags never occur in the structures walked here.
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = bytes[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // Indefinite lengths are BER, not DER; four octets cover any body the fetcher accepts.
    if (octets === 0 || octets > 4 || offset + 2 + octets > limit) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[offset + 2 + i]!;
    header += octets;
  }
  const end = offset + header + length;
  if (end > limit) return undefined;
  return { tag, start: offset, valueStart: offset + header, end };
}

/** The TLVs inside a constructed TLV, or undefined when its content is not a run of TLVs. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  for (let offset = parent.valueStart; offset < parent.end;) {
    const child = readTlv(bytes, offset, parent.end);
    if (!child) return undefined;
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function slice(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}
