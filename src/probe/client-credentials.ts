// The client certificate a host's policy names (client_cert, client_key, passphrase_env), loaded
// and checked before any connection, so that an unusable file, a missing passphrase variable or
// a key that does not belong to the certificate is one clear finding instead of a failed
// handshake (or a crash in createSecureContext).
import { X509Certificate } from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import tls from 'node:tls';
import { readBoundedFile } from '../bounded-read.js';
import type { HostTarget } from '../policy/types.js';
import { MAX_FILE_BYTES } from '../x509/decode.js';
import { readPrivateKeys, WRONG_PASSPHRASE } from '../x509/formats/keypair.js';

export interface ClientCredentials {
  cert: string | Buffer;
  key: string | Buffer;
  passphrase?: string;
}

export type CredentialsOutcome =
  { ok: true; credentials: ClientCredentials } | { ok: false; problem: string };

/** A path for messages: relative to the working directory when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

/** OpenSSL's error text without its library prefixes. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, '');
}

async function read(path: string, key: string, maxBytes: number): Promise<Buffer | string> {
  const label = `${key} ${shown(path)}`;
  const read = await readBoundedFile(path, maxBytes, label);
  if (read instanceof Uint8Array) return read;
  return read.code ? `cannot read ${label} (${read.code})` : read.message;
}

/**
 * Reads (at most `maxBytes` per file, `limits.max_file_bytes`) and checks the target's client
 * certificate; undefined when the policy names none.
 */
export async function loadClientCredentials(
  target: HostTarget,
  env: NodeJS.ProcessEnv,
  maxBytes = MAX_FILE_BYTES,
): Promise<CredentialsOutcome | undefined> {
  if (!target.clientCert || !target.clientKey) return undefined;
  const [cert, key] = await Promise.all([
    read(target.clientCert, 'client_cert', maxBytes),
    read(target.clientKey, 'client_key', maxBytes),
  ]);
  if (typeof cert === 'string') return { ok: false, problem: cert };
  if (typeof key === 'string') return { ok: false, problem: key };
  const certPath = shown(target.clientCert);
  const keyPath = shown(target.clientKey);

  let x509: X509Certificate;
  try {
    if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate');
    x509 = new X509Certificate(cert);
  } catch (error) {
    return {
      ok: false,
      problem: `client_cert ${certPath} holds no usable PEM certificate: ${reason(error)}`,
    };
  }

  let passphrase: string | undefined;
  if (ENCRYPTED_PEM.test(key.toString('latin1'))) {
    const variable = target.passphraseEnv;
    if (!variable) {
      return {
        ok: false,
        problem: `client_key ${keyPath} is encrypted; name the environment variable that holds its passphrase in passphrase_env`,
      };
    }
    passphrase = env[variable];
    if (passphrase === undefined) {
      return {
        ok: false,
        problem: `client_key ${keyPath} is encrypted and the environment variable ${variable} (passphrase_env) is not set`,
      };
    }
    if (passphrase === '') {
      return {
        ok: false,
        problem: `client_key ${keyPath} is encrypted and the environment variable ${variable} (passphrase_env) is empty; a secret that does not exist expands to an empty string in GitHub Actions`,
      };
    }
  }

  // The key-file reader tells a wrong passphrase from an unsupported format by the encryption
  // scheme, not by OpenSSL's message (a wrong passphrase sometimes decrypts to garbage that OpenSSL
  // then calls "unsupported").
  const keys = readPrivateKeys(key, passphrase);
  const [privateKey] = keys.keys;
  if (!privateKey) {
    const [problem = 'no private key block'] = keys.problems;
    return {
      ok: false,
      problem:
        problem === WRONG_PASSPHRASE
          ? `cannot decrypt client_key ${keyPath} with the passphrase from ${target.passphraseEnv}: is it the right one?`
          : `client_key ${keyPath} holds no usable private key: ${problem}`,
    };
  }
  if (!x509.checkPrivateKey(privateKey)) {
    return {
      ok: false,
      problem: `client_key ${keyPath} is not the private key of the certificate in client_cert ${certPath}`,
    };
  }

  const credentials: ClientCredentials = {
    cert,
    key,
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
  // The handshake builds its context the same way; what OpenSSL refuses here would fail there.
  try {
    tls.createSecureContext(credentials);
  } catch (error) {
    return {
      ok: false,
      problem: `client_cert ${certPath} and client_key ${keyPath} cannot be used for TLS: ${reason(error)}`,
    };
  }
  return { ok: true, credentials };
}
