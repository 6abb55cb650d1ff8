// Distinguished names rendered RFC 4514 style: most significant RDN last, multi-valued RDNs
// joined with `+`, special characters escaped, non-string values as `#` + hex of their DER.
import * as asn1js from 'asn1js';
import { oidText } from './der.js';
import { children, readSingle, type DerNode } from './path/der.js';

/** Short names for the attribute types people read in certificates; anything else shows its OID. */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/** Universal tags of the ASN.1 string types asn1js decodes to text. */
const STRING_TAGS = new Set([12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);

export interface NameAttribute {
  oid: string;
  /** Short name (`CN`) or the OID when unknown. */
  type: string;
  /** The decoded text, or `#` + hex of the DER for values that are not strings. */
  value: string;
  isText: boolean;
}

/** Single-byte string types that asn1js decodes one byte per character (latin1). */
const BYTE_STRING_TAGS = new Set([18, 19, 20, 21, 22, 25, 26, 27]);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The RDNs of a DER-encoded Name, in encoded order (most significant first). Plain DER names
 * (the usual string types) are read directly; anything else takes the asn1js route, whose result
 * is the reference both ways agree on (see __tests__/x509/facts-equivalence.test.ts).
 */
export function nameAttributes(nameDer: ArrayBuffer | Uint8Array): NameAttribute[][] {
  const bytes = nameDer instanceof Uint8Array ? nameDer : new Uint8Array(nameDer);
  return fastNameAttributes(bytes) ?? asn1NameAttributes(bytes);
}

/** undefined when the name holds anything but strict DER with plain string values. */
function fastNameAttributes(bytes: Uint8Array): NameAttribute[][] | undefined {
  try {
    const name = readSingle(bytes);
    if (name.tag !== 0x30) return undefined;
    const rdns: NameAttribute[][] = [];
    for (const rdn of children(name)) {
      if (rdn.tag !== 0x31) return undefined;
      const attributes: NameAttribute[] = [];
      for (const atv of children(rdn)) {
        const parts = atv.tag === 0x30 ? children(atv) : [];
        const [type, value] = parts;
        if (parts.length !== 2 || type?.tag !== 0x06 || !value) return undefined;
        const text = fastText(value);
        if (text === undefined) return undefined;
        const oid = oidText(type.content);
        attributes.push({ oid, type: ATTRIBUTE_NAMES[oid] ?? oid, value: text, isText: true });
      }
      rdns.push(attributes);
    }
    return rdns;
  } catch {
    return undefined;
  }
}

function fastText(value: DerNode): string | undefined {
  if (BYTE_STRING_TAGS.has(value.tag)) return Buffer.from(value.content).toString('latin1');
  if (value.tag === 12) return strictUtf8.decode(value.content); // throws on bad UTF-8
  return undefined;
}

function asn1NameAttributes(nameDer: Uint8Array): NameAttribute[][] {
  const parsed = asn1js.fromBER(nameDer);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) {
    throw new Error('malformed distinguished name');
  }
  return parsed.result.valueBlock.value.map((rdn) => {
    if (!(rdn instanceof asn1js.Set))
      throw new Error('malformed distinguished name: RDN is not a SET');
    return rdn.valueBlock.value.map((atv) => {
      const parts = atv instanceof asn1js.Sequence ? atv.valueBlock.value : [];
      const [type, value] = parts;
      if (!(type instanceof asn1js.ObjectIdentifier) || value === undefined) {
        throw new Error('malformed distinguished name: bad AttributeTypeAndValue');
      }
      const oid = type.valueBlock.toString();
      return { oid, type: ATTRIBUTE_NAMES[oid] ?? oid, ...attributeValue(value) };
    });
  });
}

function attributeValue(value: asn1js.AsnType): { value: string; isText: boolean } {
  const block = value as asn1js.BaseBlock & { valueBlock: { value?: unknown } };
  if (
    block.idBlock.tagClass === 1 &&
    STRING_TAGS.has(block.idBlock.tagNumber) &&
    typeof block.valueBlock.value === 'string'
  ) {
    return { value: block.valueBlock.value, isText: true };
  }
  return { value: `#${Buffer.from(block.toBER()).toString('hex')}`, isText: false };
}

/** RFC 4514 §2.4 escaping. */
export function escapeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\0') out += '\\00';
    else if (',+"\\<>;='.includes(ch)) out += `\\${ch}`;
    else if ((i === 0 && (ch === ' ' || ch === '#')) || (i === value.length - 1 && ch === ' ')) {
      out += `\\${ch}`;
    } else out += ch;
  }
  return out;
}

/** `CN=a,O=b,C=c`: RFC 4514 order, most significant RDN last. */
export function renderName(rdns: readonly NameAttribute[][]): string {
  return [...rdns]
    .reverse()
    .map((rdn) =>
      rdn.map((a) => `${a.type}=${a.isText ? escapeValue(a.value) : a.value}`).join('+'),
    )
    .join(',');
}

/** The most specific (last encoded) CN of a name, as decoded text. */
export function commonNameOf(rdns: readonly NameAttribute[][]): string | undefined {
  for (let i = rdns.length - 1; i >= 0; i--) {
    const cn = rdns[i]?.find((a) => a.oid === '2.5.4.3' && a.isText);
    if (cn) return cn.value;
  }
  return undefined;
}
