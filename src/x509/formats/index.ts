// One entry point for every certificate container a target file may be: PEM/DER (decode.ts),
// PKCS#7 bundles and PKCS#12 files. The format comes from the content first (DER is
// self-describing), the file extension second, so a `.crt` that is really a `.p7b` still works.
import type { KeyObject } from 'node:crypto';
import { parseCertificate } from '../certificate.js';
import { decodeCertificateFile, MAX_FILE_BYTES } from '../decode.js';
import type { DecodedFile, ParsedCertificate } from '../types.js';
import { FormatError } from './asn1.js';
import { keyMatchesCertificate } from './keypair.js';
import { orderLeafFirst } from './order.js';
import { looksLikePkcs12, Pkcs12Error, readPkcs12 } from './pkcs12.js';
import { looksLikePkcs7, pkcs7Certificates } from './pkcs7.js';

export type ContainerFormat = 'pem-der' | 'pkcs7' | 'pkcs12';

export interface DecodedContainer extends DecodedFile {
  format: ContainerFormat;
  /** Private keys a PKCS#12 file carries (expected there, so not `privateKeys`). */
  keys: KeyObject[];
}

export interface ContainerOptions {
  /** PKCS#12 password; undefined means the empty password. */
  password?: string;
  /** How the password was given, for messages: `password_env P12_PASSWORD`. */
  passwordSource?: string;
  /** Largest file decoded (`limits.max_file_bytes`); default MAX_FILE_BYTES. */
  maxBytes?: number;
}

const PKCS12_NAME = /\.(p12|pfx)$/i;
const PKCS7_NAME = /\.(p7b|p7c)$/i;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const PKCS7_LABELS = new Set(['PKCS7', 'CMS']);

export function containerFormat(bytes: Uint8Array, name: string): ContainerFormat {
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN ')) {
    const labels = [...text.matchAll(PEM_BLOCK)].map((m) => m[1] as string);
    return labels.length > 0 && labels.every((label) => PKCS7_LABELS.has(label))
      ? 'pkcs7'
      : 'pem-der';
  }
  if (bytes[0] === 0x30) {
    if (looksLikePkcs12(bytes)) return 'pkcs12';
    if (looksLikePkcs7(bytes)) return 'pkcs7';
  }
  if (PKCS12_NAME.test(name)) return 'pkcs12';
  if (PKCS7_NAME.test(name)) return 'pkcs7';
  return 'pem-der';
}

function noCertificate(result: DecodedFile, name: string, why: string): void {
  result.problems.push({ message: `no certificate in ${name}: ${why}`, code: 'no-certificate' });
}

function parseAll(
  ders: readonly Uint8Array[],
  name: string,
  result: DecodedFile,
): ParsedCertificate[] {
  const parsed: ParsedCertificate[] = [];
  ders.forEach((der, index) => {
    try {
      parsed.push(parseCertificate(der, { kind: 'file', name, index }));
    } catch (error) {
      result.problems.push({
        index,
        message: `certificate ${index + 1}: ${(error as Error).message}`,
      });
    }
  });
  return parsed;
}

function decodePkcs7(bytes: Uint8Array, name: string): DecodedContainer {
  const result: DecodedContainer = {
    format: 'pkcs7',
    certificates: [],
    privateKeys: [],
    problems: [],
    keys: [],
  };
  const text = Buffer.from(bytes).toString('latin1');
  const bodies = text.includes('-----BEGIN ')
    ? [...text.matchAll(PEM_BLOCK)].map((m) =>
        Buffer.from((m[2] as string).replace(/\s+/g, ''), 'base64'),
      )
    : [bytes];
  const ders: Uint8Array[] = [];
  for (const body of bodies) {
    try {
      ders.push(...pkcs7Certificates(body));
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      result.problems.push({ message: `${name}: ${error.message}` });
    }
  }
  result.certificates = orderLeafFirst(parseAll(ders, name, result));
  if (result.certificates.length === 0 && result.problems.length === 0) {
    noCertificate(result, name, 'the PKCS#7 bundle holds no certificates');
  }
  return result;
}

function decodePkcs12(
  bytes: Uint8Array,
  name: string,
  options: ContainerOptions,
): DecodedContainer {
  const result: DecodedContainer = {
    format: 'pkcs12',
    certificates: [],
    privateKeys: [],
    problems: [],
    keys: [],
  };
  const source = options.passwordSource ?? 'the empty password (no password_env)';
  let contents;
  try {
    contents = readPkcs12(bytes, options.password ?? '');
  } catch (error) {
    if (!(error instanceof Pkcs12Error)) throw error;
    const prefix =
      error.kind === 'wrong-password'
        ? `${name}: cannot open the PKCS#12 file with ${source}`
        : `${name}: cannot read the PKCS#12 file`;
    result.problems.push({ message: `${prefix}: ${error.message}` });
    return result;
  }
  for (const problem of contents.problems) result.problems.push({ message: `${name}: ${problem}` });
  result.keys = contents.keys.map((k) => k.key);
  const parsed = parseAll(
    contents.certificates.map((c) => c.der),
    name,
    result,
  );
  // The leaf is the certificate paired with a key: by localKeyId, else by the key itself.
  const keyIds = new Set(contents.keys.map((k) => k.localKeyId).filter(Boolean));
  const idOf = new Map(parsed.map((cert, i) => [cert, contents.certificates[i]?.localKeyId]));
  result.certificates = orderLeafFirst(
    parsed,
    (cert) =>
      keyIds.has(idOf.get(cert)) || result.keys.some((key) => keyMatchesCertificate(cert, key)),
  );
  if (result.certificates.length === 0 && result.problems.length === 0) {
    const keys = result.keys.length;
    noCertificate(
      result,
      name,
      `the PKCS#12 file holds ${keys} private key${keys === 1 ? '' : 's'} and no certificate`,
    );
  }
  return result;
}

/**
 * Decodes a certificate target's file whatever its container: PEM/DER via decodeCertificateFile,
 * PKCS#7, or PKCS#12 (with `options.password`). Never throws: problems are data naming the file.
 */
export function decodeContainerFile(
  bytes: Uint8Array,
  name: string,
  options: ContainerOptions = {},
): DecodedContainer {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  if (bytes.length > maxBytes) {
    return { format: 'pem-der', keys: [], ...decodeCertificateFile(bytes, name, maxBytes) };
  }
  const format = containerFormat(bytes, name);
  if (format === 'pkcs12') return decodePkcs12(bytes, name, options);
  if (format === 'pkcs7') return decodePkcs7(bytes, name);
  return { format, keys: [], ...decodeCertificateFile(bytes, name, maxBytes) };
}
