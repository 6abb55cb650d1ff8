// A minimal DER walker for the few fields needed before (or instead of) a full parse: indexing
// trust anchors by subject and key identifier costs microseconds this way, a pkijs parse ~ms.

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the contents. */
  contentStart: number;
  /** Offset just after the contents. */
  end: number;
}

/** Reads one TLV at `offset`; throws on multi-byte tags, indefinite or overlong lengths. */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  if (offset + 2 > limit) throw new Error('truncated DER');
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte tags are not supported');
  let length = bytes[offset + 1] as number;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('unsupported DER length');
    if (contentStart + octets > limit) throw new Error('truncated DER');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (bytes[contentStart + i] as number);
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > limit) throw new Error('truncated DER');
  return { tag, start: offset, contentStart, end };
}

/** The TLVs directly inside a constructed TLV. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

const SKI_OID = Uint8Array.from([0x06, 0x03, 0x55, 0x1d, 0x0e]);

export interface CertificateIndexFields {
  /** DER of the subject Name. */
  subject: Uint8Array;
  /** DER of the issuer Name. */
  issuer: Uint8Array;
  /** Lower-case hex subjectKeyIdentifier, when present. */
  subjectKeyIdentifier?: string;
}

function startsWith(bytes: Uint8Array, tlv: Tlv, prefix: Uint8Array): boolean {
  if (tlv.end - tlv.start < prefix.length) return false;
  return prefix.every((b, i) => bytes[tlv.start + i] === b);
}

/** Subject, issuer and SKI of a DER certificate without a full parse. Throws on malformed input. */
export function certificateIndexFields(der: Uint8Array): CertificateIndexFields {
  const certificate = readTlv(der, 0);
  const [tbs] = childrenOf(der, certificate);
  if (!tbs) throw new Error('empty certificate');
  const fields = childrenOf(der, tbs);
  // [0] version is optional; serial, signature, issuer, validity, subject follow.
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = fields[first + 2];
  const subject = fields[first + 4];
  if (!issuer || !subject) throw new Error('certificate has no subject');
  const out: CertificateIndexFields = {
    subject: der.subarray(subject.start, subject.end),
    issuer: der.subarray(issuer.start, issuer.end),
  };
  const extensions = fields.find((f) => f.tag === 0xa3);
  if (extensions) {
    const [list] = childrenOf(der, extensions);
    for (const extension of list ? childrenOf(der, list) : []) {
      const parts = childrenOf(der, extension);
      if (!parts[0] || !startsWith(der, parts[0], SKI_OID)) continue;
      const value = parts[parts.length - 1] as Tlv;
      const inner = readTlv(der, value.contentStart, value.end);
      out.subjectKeyIdentifier = Buffer.from(der.subarray(inner.contentStart, inner.end)).toString(
        'hex',
      );
    }
  }
  return out;
}

/**
 * Dotted text of an OID's content octets, as asn1js prints it. Throws on non-minimal arcs and on
 * arcs beyond 2^53 (UUID arcs): callers then take the asn1js route rather than risk a difference.
 */
export function oidText(content: Uint8Array): string {
  if (content.length === 0 || ((content[content.length - 1] as number) & 0x80) !== 0) {
    throw new Error('malformed OID');
  }
  let out = '';
  let value = 0;
  let fresh = true;
  for (const byte of content) {
    if (fresh && byte === 0x80) throw new Error('OID arc not minimally encoded');
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw new Error('OID arc too large');
    fresh = (byte & 0x80) === 0;
    if (!fresh) continue;
    if (out === '') {
      const first = value < 40 ? 0 : value < 80 ? 1 : 2;
      out = `${first}.${value - first * 40}`;
    } else out += `.${value}`;
    value = 0;
  }
  return out;
}
