// Certificate files → parsed certificates, private-key blocks and problems. PEM (any number of
// blocks, text around them, CRLF) or a single DER certificate. Never throws: every problem is data
// naming the block and what is wrong, so a bad file becomes a finding, not a crash.
import * as asn1js from 'asn1js';
import { humanBytes } from '../bounded-read.js';
import { fromBER } from './ber.js';
import { parseCertificate } from './certificate.js';
import type { DecodedFile, ParsedCertificate, PrivateKeyBlock } from './types.js';

/** Default for `limits.max_file_bytes`; callers pass the policy's value. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_PEM_BLOCKS = 1000;

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
/** Blocks that often sit next to keys and say nothing about certificates. */
const HARMLESS_LABELS = new Set(['EC PARAMETERS', 'DH PARAMETERS']);

const BEGIN =
  /-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[\x20-\x2c\x2e-\x7e]*[\x21-\x2c\x2e-\x7e])?)-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface PemBlock {
  label: string;
  /** RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`), keys lower-cased. */
  headers: Map<string, string>;
  body: string;
  complete: boolean;
}

function* pemBlocks(text: string): Generator<PemBlock> {
  BEGIN.lastIndex = 0;
  for (let match = BEGIN.exec(text); match; match = BEGIN.exec(text)) {
    const label = match[1] as string;
    const start = match.index + match[0].length;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, start);
    const nextBegin = text.indexOf('-----BEGIN ', start);
    if (end === -1 || (nextBegin !== -1 && nextBegin < end)) {
      yield { label, headers: new Map(), body: '', complete: false };
      continue;
    }
    const headers = new Map<string, string>();
    const lines = text.slice(start, end).split(/\r?\n/);
    let i = 0;
    // Encapsulated headers (traditional OpenSSL keys) come first, then a blank line.
    while (i < lines.length && (lines[i] as string).trim() === '') i++;
    while (i < lines.length && /^[A-Za-z-]+:/.test(lines[i] as string)) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
      i++;
    }
    yield { label, headers, body: lines.slice(i).join('').replace(/\s+/g, ''), complete: true };
    BEGIN.lastIndex = end + endMarker.length;
  }
}

function base64Bytes(body: string): Uint8Array | string {
  if (body === '') return 'the block is empty';
  if (!BASE64.test(body) || body.length % 4 === 1) return 'bad base64';
  return Buffer.from(body, 'base64');
}

/** OpenSSH keys say in their own header whether they are encrypted (cipher name `none` if not). */
function openSshEncrypted(bytes: Uint8Array): boolean {
  const magic = 'openssh-key-v1\0';
  const buffer = Buffer.from(bytes);
  if (buffer.toString('latin1', 0, magic.length) !== magic || buffer.length < magic.length + 4) {
    return false;
  }
  const length = buffer.readUInt32BE(magic.length);
  const cipher = buffer.toString('latin1', magic.length + 4, magic.length + 4 + length);
  return cipher !== 'none';
}

function privateKeyBlock(block: PemBlock): PrivateKeyBlock {
  let encrypted =
    block.label === 'ENCRYPTED PRIVATE KEY' ||
    (block.headers.get('proc-type') ?? '').includes('ENCRYPTED');
  if (block.label === 'OPENSSH PRIVATE KEY') {
    const bytes = base64Bytes(block.body);
    encrypted = typeof bytes !== 'string' && openSshEncrypted(bytes);
  }
  return { label: block.label, encrypted };
}

/**
 * TRUSTED CERTIFICATE (OpenSSL) is the certificate followed by trust settings: keep the first
 * element only. Plain certificates must be exactly one element.
 */
function certificateDer(bytes: Uint8Array, label: string): Uint8Array {
  if (label !== 'TRUSTED CERTIFICATE') return bytes;
  const first = fromBER(bytes);
  return first.offset === -1 ? bytes : bytes.subarray(0, first.offset);
}

/** PKCS#8 or traditional RSA/EC keys in DER start with a SEQUENCE whose first element is a small INTEGER. */
function looksLikeDerPrivateKey(bytes: Uint8Array): boolean {
  const parsed = fromBER(bytes);
  if (!(parsed.result instanceof asn1js.Sequence)) return false;
  const first = parsed.result.valueBlock.value[0];
  return first instanceof asn1js.Integer && [0, 1].includes(first.valueBlock.valueDec);
}

function blockName(index: number, label?: string): string {
  return label ? `block ${index + 1} (${label})` : `block ${index + 1}`;
}

export function decodeCertificateFile(
  bytes: Uint8Array,
  name: string,
  maxBytes = MAX_FILE_BYTES,
): DecodedFile {
  const result: DecodedFile = { certificates: [], privateKeys: [], problems: [] };
  const noCertificate = (why: string) =>
    result.problems.push({ message: `no certificate in ${name}: ${why}`, code: 'no-certificate' });
  if (bytes.length > maxBytes) {
    result.problems.push({
      message: `${name} is ${bytes.length} bytes; certificate files larger than ${maxBytes} bytes${humanBytes(maxBytes)} are not read (limits.max_file_bytes)`,
    });
    return result;
  }
  const origin = (index: number): ParsedCertificate['origin'] => ({ kind: 'file', name, index });
  // latin1 maps bytes 1:1, so binary DER and any text encoding survive the marker search.
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.includes('-----BEGIN ')) {
    if (text.trim() === '') {
      noCertificate('the file is empty');
    } else if (bytes[0] === 0x30) {
      decodeDer(bytes, result, origin(0));
    } else {
      // One finding (file.unparseable) says it all; file.no-certificate stays for files that
      // decode but hold no certificate.
      result.problems.push({
        message: `${name} is neither PEM (no -----BEGIN line) nor DER (does not start with a SEQUENCE)`,
      });
    }
    return result;
  }
  let index = 0;
  let certificateBlocks = 0;
  for (const block of pemBlocks(text)) {
    if (index === MAX_PEM_BLOCKS) {
      result.problems.push({
        message: `${name} has more than ${MAX_PEM_BLOCKS} PEM blocks; the rest were not read`,
      });
      break;
    }
    if (CERTIFICATE_LABELS.has(block.label)) certificateBlocks++;
    decodeBlock(block, index, result, origin);
    index++;
  }
  // Certificate blocks that all failed already have a problem each (file.unparseable): "no
  // certificate" on top would report the one broken block twice, as DER and containers do not.
  if (result.certificates.length === 0 && certificateBlocks === 0) {
    const keys = result.privateKeys.length;
    noCertificate(
      keys > 0
        ? `only ${keys === 1 ? 'a private key' : `${keys} private keys`}, no CERTIFICATE block`
        : 'no CERTIFICATE block',
    );
  }
  return result;
}

function decodeBlock(
  block: PemBlock,
  index: number,
  result: DecodedFile,
  origin: (index: number) => ParsedCertificate['origin'],
): void {
  const problem = (message: string): void => {
    result.problems.push({ index, message: `${blockName(index, block.label)}: ${message}` });
  };
  if (!block.complete) return problem(`no matching -----END ${block.label}----- line`);
  if (/PRIVATE KEY$/.test(block.label)) {
    result.privateKeys.push(privateKeyBlock(block));
    return;
  }
  if (HARMLESS_LABELS.has(block.label)) return;
  if (!CERTIFICATE_LABELS.has(block.label)) {
    const hint = block.label === 'PKCS7' ? ' (convert with `openssl pkcs7 -print_certs`)' : '';
    return problem(`not a certificate block${hint}`);
  }
  const bytes = base64Bytes(block.body);
  if (typeof bytes === 'string') return problem(bytes);
  try {
    const der = certificateDer(bytes, block.label);
    result.certificates.push(parseCertificate(der, origin(result.certificates.length)));
  } catch (error) {
    problem(describeError(error));
  }
}

function decodeDer(
  bytes: Uint8Array,
  result: DecodedFile,
  origin: ParsedCertificate['origin'],
): void {
  try {
    result.certificates.push(parseCertificate(bytes, origin));
  } catch (error) {
    if (looksLikeDerPrivateKey(bytes)) {
      result.privateKeys.push({ label: 'PRIVATE KEY (DER)', encrypted: false });
      result.problems.push({
        code: 'no-certificate',
        message: `no certificate in ${origin.name}: it is a DER private key`,
      });
      return;
    }
    result.problems.push({ index: 0, message: `DER: ${describeError(error)}` });
  }
}
