// Name comparison for path building (RFC 5280 §7.1) and name-constraint matching (§4.2.1.10).
import { children, decodeOid, DerError, hex, readSingle, type DerNode } from './der.js';

/** Universal string tags compared case-insensitively with whitespace folded (RFC 4518, simplified). */
const FOLDED_STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1c, 0x1e]);

function decodeString(node: DerNode): string {
  switch (node.tag) {
    case 0x1e: // BMPString: UTF-16BE
      return Buffer.from(node.content).swap16().toString('utf16le');
    case 0x1c: {
      // UniversalString: UTF-32BE
      let out = '';
      for (let i = 0; i + 3 < node.content.length; i += 4) {
        out += String.fromCodePoint(Buffer.from(node.content).readUInt32BE(i));
      }
      return out;
    }
    case 0x14: // TeletexString: treated as Latin-1, as browsers do
      return Buffer.from(node.content).toString('latin1');
    default:
      return Buffer.from(node.content).toString('utf8');
  }
}

/**
 * A comparison key for a DER Name: string attribute values are case-folded with inner whitespace
 * collapsed and ends trimmed, whatever string type encodes them (RFC 5280 §7.1 / RFC 4518);
 * multi-valued RDNs are order-insensitive. Other values compare by their DER.
 */
export function nameKey(nameDer: Uint8Array): string {
  const rdns = children(readSingle(nameDer, false), false).map((rdn) => {
    const atvs = children(rdn, false).map((atv) => {
      const [type, value] = children(atv, false);
      if (!type || !value) throw new DerError('malformed AttributeTypeAndValue');
      const oid = decodeOid(type.content);
      const text = FOLDED_STRING_TAGS.has(value.tag)
        ? `s:${decodeString(value).normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ')}`
        : `x:${hex(value.raw)}`;
      return `${oid}=${text}`;
    });
    return atvs.sort().join('+');
  });
  return JSON.stringify(rdns);
}

/** emailAddress attributes (PKCS#9) of a Name, which §4.2.1.10 checks against rfc822Name constraints. */
export function emailAttributes(nameDer: Uint8Array): string[] {
  const out: string[] = [];
  for (const rdn of children(readSingle(nameDer, false), false)) {
    for (const atv of children(rdn, false)) {
      const [type, value] = children(atv, false);
      if (type && value && decodeOid(type.content) === '1.2.840.113549.1.9.1') {
        out.push(decodeString(value));
      }
    }
  }
  return out;
}

/** The CN attribute values of a Name (last one is the most specific). */
export function commonNames(nameDer: Uint8Array): string[] {
  const out: string[] = [];
  for (const rdn of children(readSingle(nameDer, false), false)) {
    for (const atv of children(rdn, false)) {
      const [type, value] = children(atv, false);
      if (type && value && decodeOid(type.content) === '2.5.4.3') out.push(decodeString(value));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Name constraints

export type GeneralNameKind = 'dns' | 'ip' | 'email' | 'uri' | 'dn' | 'other';

export interface GeneralName {
  kind: GeneralNameKind;
  /** dns/email/uri: the IA5 text; ip: raw bytes (4/16, or 8/32 with a mask in constraints); dn: DER. */
  text?: string;
  bytes?: Uint8Array;
}

export function parseGeneralName(node: DerNode): GeneralName {
  switch (node.tag) {
    case 0x81:
      return { kind: 'email', text: Buffer.from(node.content).toString('latin1') };
    case 0x82:
      return { kind: 'dns', text: Buffer.from(node.content).toString('latin1') };
    case 0x86:
      return { kind: 'uri', text: Buffer.from(node.content).toString('latin1') };
    case 0x87:
      return { kind: 'ip', bytes: node.content };
    case 0xa4: {
      const [name] = children(node, false);
      if (!name) throw new DerError('empty directoryName');
      return { kind: 'dn', bytes: name.raw };
    }
    default:
      return { kind: 'other', bytes: node.raw };
  }
}

const lower = (s: string) => s.toLowerCase();

/** dNSName constraint: the name equals the constraint or ends with `.` + constraint (§4.2.1.10). */
function dnsMatches(name: string, constraint: string): boolean {
  const n = lower(name).replace(/\.$/, '');
  let c = lower(constraint).replace(/\.$/, '');
  if (c === '') return true; // an empty constraint matches every name
  // A leading dot is common in practice (Go and NSS accept it): subdomains only.
  if (c.startsWith('.')) return n.endsWith(c);
  if (n === c) return true;
  c = `.${c}`;
  // `*.example.com` against `example.com`: the wildcard stands for a label inside the subtree.
  return n.endsWith(c);
}

/** rfc822Name constraint: a mailbox, a host (all mailboxes on it), or `.domain` (§4.2.1.10). */
function emailMatches(name: string, constraint: string): boolean {
  const at = name.lastIndexOf('@');
  if (at < 0) return false;
  const local = name.slice(0, at);
  const host = lower(name.slice(at + 1));
  const c = constraint;
  if (c.includes('@')) {
    const cat = c.lastIndexOf('@');
    return local === c.slice(0, cat) && host === lower(c.slice(cat + 1));
  }
  if (c.startsWith('.')) return host.endsWith(lower(c));
  return host === lower(c);
}

/** The host of a URI, for uniformResourceIdentifier constraints (§4.2.1.10). */
export function uriHost(uri: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  const host = match?.[1];
  return host ? host : undefined;
}

function uriMatches(name: string, constraint: string): boolean {
  const host = uriHost(name);
  if (host === undefined || host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host)) return false;
  const h = lower(host);
  const c = lower(constraint);
  if (c.startsWith('.')) return h.endsWith(c);
  return h === c;
}

function ipMatches(address: Uint8Array, constraint: Uint8Array): boolean {
  const n = address.length;
  if (constraint.length !== 2 * n) return false;
  for (let i = 0; i < n; i++) {
    const mask = constraint[n + i]!;
    if ((address[i]! & mask) !== (constraint[i]! & mask)) return false;
  }
  return true;
}

/** directoryName: the subject's RDN sequence starts with the constraint's (§4.2.1.10). */
function dnMatches(nameDer: Uint8Array, constraintDer: Uint8Array): boolean {
  const name = JSON.parse(nameKey(nameDer)) as string[];
  const constraint = JSON.parse(nameKey(constraintDer)) as string[];
  return constraint.length <= name.length && constraint.every((rdn, i) => name[i] === rdn);
}

export function generalNameMatches(name: GeneralName, constraint: GeneralName): boolean {
  if (name.kind !== constraint.kind) return false;
  switch (name.kind) {
    case 'dns':
      return dnsMatches(name.text!, constraint.text!);
    case 'email':
      return emailMatches(name.text!, constraint.text!);
    case 'uri':
      return uriMatches(name.text!, constraint.text!);
    case 'ip':
      return ipMatches(name.bytes!, constraint.bytes!);
    case 'dn':
      return dnMatches(name.bytes!, constraint.bytes!);
    default:
      return false;
  }
}

export function describeGeneralName(name: GeneralName): string {
  switch (name.kind) {
    case 'ip': {
      const b = name.bytes!;
      const half = b.length === 8 || b.length === 32 ? b.length / 2 : b.length;
      const addr = ipText(b.subarray(0, half));
      if (half === b.length) return `IP:${addr}`;
      let bits = 0;
      for (const byte of b.subarray(half)) bits += byte.toString(2).replace(/0/g, '').length;
      return `IP:${addr}/${bits}`;
    }
    case 'dn':
      return 'DirName';
    case 'other':
      return 'otherName';
    default:
      return `${name.kind === 'dns' ? 'DNS' : name.kind === 'email' ? 'email' : 'URI'}:${name.text}`;
  }
}

function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  }
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
