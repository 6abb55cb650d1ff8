// Private key files → KeyObjects, and whether a key belongs to a certificate. PEM PKCS#8,
// PKCS#1 (RSA), SEC1 (EC) and their encrypted forms (ENCRYPTED PRIVATE KEY, or traditional
// `Proc-Type: 4,ENCRYPTED`), or one DER key. OpenSSL compares the public halves
// (X509_check_private_key), so RSA, EC, Ed25519 and anything else it knows work alike.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { ParsedCertificate } from '../types.js';

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

const PEM_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;

function isEncrypted(block: string, label: string): boolean {
  return label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED/im.test(block);
}

function describeKeyError(error: unknown, label: string, withPassphrase: boolean): string {
  const code = (error as { code?: string }).code;
  if (withPassphrase && code === 'ERR_OSSL_BAD_DECRYPT') return 'wrong passphrase';
  if (label === 'OPENSSH PRIVATE KEY') {
    return 'OpenSSH key format; convert it with `ssh-keygen -p -m PKCS8 -f FILE`';
  }
  return `cannot read the ${label}: ${(error as Error).message}`;
}

/**
 * Every private key in a file. `passphrase` (from the target's password_env) decrypts encrypted
 * keys; without it they are counted, not read.
 */
export function readPrivateKeys(bytes: Uint8Array, passphrase?: string): ReadKeys {
  const result: ReadKeys = { keys: [], encrypted: 0, problems: [] };
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.includes('-----BEGIN ')) {
    readDerKey(Buffer.from(bytes), passphrase, result);
    return result;
  }
  for (const match of text.matchAll(PEM_KEY)) {
    const [block, label] = match as unknown as [string, string];
    const encrypted = isEncrypted(block, label);
    if (encrypted && passphrase === undefined) {
      result.encrypted++;
      continue;
    }
    try {
      result.keys.push(
        createPrivateKey({ key: block, format: 'pem', ...(encrypted ? { passphrase } : {}) }),
      );
    } catch (error) {
      result.problems.push(describeKeyError(error, label, encrypted));
    }
  }
  if (result.keys.length + result.encrypted + result.problems.length === 0) {
    result.problems.push('no PRIVATE KEY block');
  }
  return result;
}

function readDerKey(der: Buffer, passphrase: string | undefined, result: ReadKeys): void {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      result.keys.push(createPrivateKey({ key: der, format: 'der', type }));
      return;
    } catch {
      // Try the next encoding.
    }
  }
  // Encrypted PKCS#8 (EncryptedPrivateKeyInfo) is the only encrypted DER form.
  if (passphrase === undefined) {
    result.problems.push('not a PEM or DER private key (an encrypted DER key needs password_env)');
    return;
  }
  try {
    result.keys.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase }));
  } catch (error) {
    result.problems.push(describeKeyError(error, 'DER private key', true));
  }
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
