// A certificate target's file, whatever it is: PEM/DER, PKCS#7, PKCS#12 or one object of a
// Kubernetes manifest. Returns the certificates plus the private key that legitimately travels
// with them (PKCS#12 key bags, a TLS Secret's tls.key) for the key-pair check.
import type { CertificateTarget } from '../../policy/types.js';
import { decodeCertificateFile } from '../decode.js';
import type { DecodedFile } from '../types.js';
import { containerFormat, decodeContainerFile } from './index.js';
import { readPrivateKeys, type ReadKeys } from './keypair.js';
import {
  certManagerSpec,
  MANIFEST_EXTENSIONS,
  parseManifest,
  sameObject,
  secretData,
  type ManifestFacts,
} from './manifest.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface TargetFileContents extends DecodedFile {
  /** A key that belongs in this file, checked against the leaf unless `key:` names another. */
  pairedKey?: { source: string; read: ReadKeys };
  manifest?: ManifestFacts;
}

/** The secret named by `password_env`: undefined when none is named; `missing` when unset. */
export function secretFromEnv(
  target: CertificateTarget,
  env: Environment,
): { value: string; source: string } | { missing: string } | undefined {
  const name = target.passwordEnv;
  if (name === undefined) return undefined;
  const value = env[name];
  if (value === undefined) return { missing: `password_env ${name} is not set in the environment` };
  return { value, source: `the password from $${name}` };
}

function empty(): TargetFileContents {
  return { certificates: [], privateKeys: [], problems: [] };
}

function noCertificate(result: DecodedFile, name: string, why: string): void {
  result.problems.push({ message: `no certificate in ${name}: ${why}`, code: 'no-certificate' });
}

/** Largest file (or Secret tls.crt) decoded: `limits.max_file_bytes`, default MAX_FILE_BYTES. */
export interface TargetFileOptions {
  maxBytes?: number;
}

function readManifestObject(
  target: CertificateTarget,
  bytes: Uint8Array,
  env: Environment,
  options: TargetFileOptions,
): TargetFileContents {
  const result = empty();
  const parsed = parseManifest(Buffer.from(bytes).toString('utf8'));
  const ref = target.manifestObject;
  if (!ref) {
    for (const problem of parsed.problems)
      result.problems.push({ message: `${target.name}: ${problem}` });
    if (parsed.problems.length === 0) {
      noCertificate(
        result,
        target.name,
        'no Secret of type kubernetes.io/tls and no cert-manager Certificate',
      );
    }
    return result;
  }
  const object = parsed.objects.find((candidate) => sameObject(candidate, ref));
  if (!object) {
    result.problems.push({ message: `${target.name}: the ${ref.kind} is no longer in the file` });
    return result;
  }
  const { value: _value, ...facts } = object;
  if (object.kind === 'Certificate') {
    result.manifest = { ...facts, certManager: certManagerSpec(object) };
    return result;
  }
  result.manifest = facts;
  const data = secretData(object);
  for (const problem of data.problems)
    result.problems.push({ message: `${target.name}: ${problem}` });
  if (data.crt) {
    const decoded = decodeCertificateFile(data.crt, `${target.name} tls.crt`, options.maxBytes);
    Object.assign(result, decoded);
  } else if (data.problems.length === 0) {
    noCertificate(result, target.name, 'the Secret has no tls.crt');
  }
  if (data.key) {
    const secret = secretFromEnv(target, env);
    const passphrase = secret && 'value' in secret ? secret.value : undefined;
    const read = readPrivateKeys(data.key, passphrase);
    result.pairedKey = { source: `${target.name} tls.key`, read };
    // A Secret manifest in git carries its key in plain base64: as exposed as a PEM key file.
    result.privateKeys.push({
      label: 'tls.key of the Kubernetes Secret; keep it in Sealed Secrets, SOPS or a secret store',
      encrypted: read.encrypted > 0,
    });
  }
  return result;
}

function readContainer(
  target: CertificateTarget,
  bytes: Uint8Array,
  env: Environment,
  { maxBytes }: TargetFileOptions,
): TargetFileContents {
  const secret = secretFromEnv(target, env);
  if (secret && 'missing' in secret && containerFormat(bytes, target.name) === 'pkcs12') {
    // Trying the empty password instead would only add a misleading "wrong password".
    return {
      ...empty(),
      problems: [{ message: `${target.name}: cannot open the PKCS#12 file: ${secret.missing}` }],
    };
  }
  const options = {
    ...(secret && 'value' in secret
      ? { password: secret.value, passwordSource: secret.source }
      : {}),
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  };
  const { format, keys, ...result } = decodeContainerFile(bytes, target.name, options);
  const contents: TargetFileContents = result;
  if (format === 'pkcs12' && keys.length > 0) {
    contents.pairedKey = {
      source: `the key in ${target.name}`,
      read: { keys, encrypted: 0, problems: [] },
    };
  }
  return contents;
}

/** Decodes a certificate target's main file. Pure apart from reading `env`; never throws. */
export function readTargetFile(
  target: CertificateTarget,
  bytes: Uint8Array,
  env: Environment,
  options: TargetFileOptions = {},
): TargetFileContents {
  return MANIFEST_EXTENSIONS.test(target.path)
    ? readManifestObject(target, bytes, env, options)
    : readContainer(target, bytes, env, options);
}
