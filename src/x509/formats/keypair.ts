// Private key files → KeyObjects, and whether a key belongs to a certificate. PEM PKCS#8,
// PKCS#1 (RSA), SEC1 (EC) and their encrypted forms (ENCRYPTED PRIVATE KEY, or traditional
// `Proc-Type: 4,ENCRYPTED`), or one DER key. OpenSSL compares the public halves
// (X509_check_private_key), so RSA, EC, Ed25519 and anything else it knows work alike.
//
// Encrypted keys are decrypted here, not by OpenSSL's decoder: about one wrong passphrase in 200
// yields plaintext with valid padding, which OpenSSL then reports as "DECODER routines::
// unsupported". Reading the scheme first tells an unsupported scheme from a wrong passphrase.
import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  getCipherInfo,
  getCiphers,
  X509Certificate,
  type Decipher,
  type KeyObject,
} from 'node:crypto';
import type { ParsedCertificate } from '../types.js';
import { decryptPrivateKeyInfo, Pkcs12Error } from './pkcs12.js';

export type KeyPairStatus = 'match' | 'mismatch' | 'encrypted' | 'unreadable';

/** The private-key check of one certificate target. */
export interface KeyPairFacts {
  /** Where the key came from: the `key:` path, `<manifest>#ns/name tls.key`, or the PKCS#12 file. */
  source: string;
  status: KeyPairStatus;
  /** `rsa 2048`, `ec prime256v1`, `ed25519` — for messages; absent when no key could be read. */
  keyType?: string;
  /** Why the pair could not be checked (encrypted, wrong passphrase, unparseable). */
  detail?: string;
}

export interface ReadKeys {
  keys: KeyObject[];
  /** Keys that stayed encrypted (no passphrase given). */
  encrypted: number;
  /** Keys that could not be read, and why. */
  problems: string[];
}

/** The problem reported for every encrypted key the given passphrase does not open. */
export const WRONG_PASSPHRASE = 'the passphrase does not decrypt the key';

const REENCRYPT_HINT = 're-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`';

const PEM_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;

function isEncrypted(block: string, label: string): boolean {
  return label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED/im.test(block);
}

function describeKeyError(error: unknown, label: string): string {
  if (label === 'OPENSSH PRIVATE KEY') {
    return 'OpenSSH key format; convert it with `ssh-keygen -p -m PKCS8 -f FILE`';
  }
  return `cannot read the ${label}: ${(error as Error).message}`;
}

/** A key, or why it could not be read. */
type Decrypted = KeyObject | string;

/** An EncryptedPrivateKeyInfo, PEM (`ENCRYPTED PRIVATE KEY`) or DER. */
function decryptPkcs8(der: Buffer, passphrase: string, label: string): Decrypted {
  let scheme: string;
  try {
    return decryptPrivateKeyInfo(der, passphrase);
  } catch (error) {
    if (!(error instanceof Pkcs12Error)) throw error;
    if (error.kind === 'wrong-password') return WRONG_PASSPHRASE;
    if (error.kind === 'malformed') return `cannot read the ${label}: ${error.message}`;
    scheme = error.unsupported ?? error.message;
  }
  // A scheme OpenSSL may know and we do not (scrypt, Camellia): its decoder is the last resort,
  // and then its failure cannot be told from a wrong passphrase.
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase });
  } catch {
    return `cannot read the ${label}: ${scheme} is not supported, or the passphrase is wrong; ${REENCRYPT_HINT}`;
  }
}

const DEK_INFO = /^DEK-Info:\s*([A-Za-z0-9-]+)\s*,\s*([0-9A-Fa-f]+)\s*$/m;

/** OpenSSL's EVP_BytesToKey with MD5 and one round: the key of a traditional encrypted PEM. */
function bytesToKey(passphrase: string, salt: Buffer, length: number): Buffer {
  const parts: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let size = 0; size < length; size += previous.length) {
    previous = createHash('md5').update(previous).update(passphrase, 'utf8').update(salt).digest();
    parts.push(previous);
  }
  return Buffer.concat(parts).subarray(0, length);
}

/** A traditional encrypted PEM (`Proc-Type: 4,ENCRYPTED` + `DEK-Info: CIPHER,IV`). */
function decryptTraditional(block: string, label: string, passphrase: string): Decrypted {
  const dek = DEK_INFO.exec(block);
  if (!dek) return `cannot read the ${label}: no valid DEK-Info header`;
  const cipher = (dek[1] as string).toLowerCase();
  const iv = Buffer.from(dek[2] as string, 'hex');
  const info = getCiphers().includes(cipher) ? getCipherInfo(cipher) : undefined;
  let decipher: Decipher | undefined;
  try {
    if (info && info.ivLength === iv.length) {
      const key = bytesToKey(passphrase, iv.subarray(0, 8), info.keyLength);
      decipher = createDecipheriv(cipher, key, iv);
    }
  } catch {
    // Listed but not usable in this OpenSSL build (a FIPS or trimmed one).
  }
  if (!decipher) {
    return `cannot read the ${label}: ${dek[1]} encryption is not supported; ${REENCRYPT_HINT}`;
  }
  // The body follows the headers' blank line.
  const body = block.replace(/^-----.*$/gm, '').split(/\r?\n\s*\r?\n/)[1] ?? '';
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
  } catch {
    return WRONG_PASSPHRASE;
  }
  try {
    const b64 = plain.toString('base64').replace(/.{64}/g, '$&\n');
    return createPrivateKey(`-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`);
  } catch {
    // Valid padding by chance; the plaintext is garbage.
    return WRONG_PASSPHRASE;
  }
}

function pemBody(block: string): Buffer {
  return Buffer.from(block.replace(/^-----.*$/gm, ''), 'base64');
}

/**
 * Every private key in a file. `passphrase` (from the target's password_env) decrypts encrypted
 * keys; without it they are counted, not read.
 */
export function readPrivateKeys(bytes: Uint8Array, passphrase?: string): ReadKeys {
  const result: ReadKeys = { keys: [], encrypted: 0, problems: [] };
  const add = (read: Decrypted) =>
    typeof read === 'string' ? result.problems.push(read) : result.keys.push(read);
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.includes('-----BEGIN ')) {
    readDerKey(Buffer.from(bytes), passphrase, add);
    return result;
  }
  for (const match of text.matchAll(PEM_KEY)) {
    const [block, label] = match as unknown as [string, string];
    if (!isEncrypted(block, label)) {
      try {
        add(createPrivateKey({ key: block, format: 'pem' }));
      } catch (error) {
        add(describeKeyError(error, label));
      }
    } else if (passphrase === undefined) {
      result.encrypted++;
    } else if (label === 'ENCRYPTED PRIVATE KEY') {
      add(decryptPkcs8(pemBody(block), passphrase, label));
    } else {
      add(decryptTraditional(block, label, passphrase));
    }
  }
  if (result.keys.length + result.encrypted + result.problems.length === 0) {
    result.problems.push('no PRIVATE KEY block');
  }
  return result;
}

function readDerKey(der: Buffer, passphrase: string | undefined, add: (read: Decrypted) => void) {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      add(createPrivateKey({ key: der, format: 'der', type }));
      return;
    } catch {
      // Try the next encoding.
    }
  }
  // Encrypted PKCS#8 (EncryptedPrivateKeyInfo) is the only encrypted DER form.
  if (passphrase === undefined) {
    add('not a PEM or DER private key (an encrypted DER key needs password_env)');
    return;
  }
  add(decryptPkcs8(der, passphrase, 'DER private key'));
}

export function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  const size = details.modulusLength ?? details.namedCurve;
  return size === undefined ? `${key.asymmetricKeyType}` : `${key.asymmetricKeyType} ${size}`;
}

/** Whether `key` is the private half of the certificate's public key. */
export function keyMatchesCertificate(cert: ParsedCertificate, key: KeyObject): boolean {
  try {
    return new X509Certificate(cert.der).checkPrivateKey(key);
  } catch {
    return false;
  }
}

/**
 * Judges the keys read for `source` against the leaf: one matching key is enough; a mismatch is
 * only claimed when every key in the file could be read.
 */
export function keyPairFacts(
  leaf: ParsedCertificate,
  read: ReadKeys,
  source: string,
): KeyPairFacts {
  const match = read.keys.find((key) => keyMatchesCertificate(leaf, key));
  if (match) return { source, status: 'match', keyType: describeKey(match) };
  if (read.encrypted > 0) {
    return {
      source,
      status: 'encrypted',
      detail: 'the key is encrypted and no password_env is set',
    };
  }
  if (read.problems.length > 0) {
    return { source, status: 'unreadable', detail: read.problems.join('; ') };
  }
  const [first] = read.keys as [KeyObject, ...KeyObject[]];
  return {
    source,
    status: 'mismatch',
    keyType: describeKey(first),
    ...(read.keys.length > 1 ? { detail: `none of its ${read.keys.length} keys matches` } : {}),
  };
}
