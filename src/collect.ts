// Gathers the facts the rules judge: reads certificate files, asks the prober about hosts, and
// builds the certificate path. All I/O of a check happens here or below (probe/, revocation/);
// rules only read the result.
import { isAbsolute, relative } from 'node:path';
import { readBoundedFile } from './bounded-read.js';
import { errorMessage } from './errors.js';
import type { CertificateTarget, HostTarget, Limits, Target } from './policy/types.js';
import type { HostFacts } from './probe/types.js';
import type { TargetFacts } from './checks/types.js';
import { revocationFor, type RevocationFetcher } from './revocation/index.js';
import { analyzeChain } from './x509/chain.js';
import { parseCertificate } from './x509/certificate.js';
import { MAX_FILE_BYTES } from './x509/decode.js';
import { decodeContainerFile } from './x509/formats/index.js';
import { keyPairFacts, readPrivateKeys, type KeyPairFacts } from './x509/formats/keypair.js';
import {
  readTargetFile,
  secretFromEnv,
  type Environment,
  type TargetFileContents,
} from './x509/formats/target-file.js';
import { bundledTrustStore, loadTrustFile } from './x509/roots.js';
import type { DecodeProblem, ParsedCertificate, TrustStore } from './x509/types.js';

export type HostProber = (target: HostTarget) => Promise<HostFacts>;

/**
 * Certificates read from one list (served chain, certificate file, chain file): a path can have at
 * most 8 intermediates, so a hundred is generous, while thousands would only cost parsing time.
 */
export const DEFAULT_MAX_CHAIN_CERTIFICATES = 100;

type CollectLimits = Pick<Limits, 'maxFileBytes' | 'maxChainCertificates'>;

export interface CollectOptions {
  now: Date;
  probe: HostProber;
  /** OCSP/CRL fetches, cached for the whole run (one CRL download serves every target). */
  fetcher: RevocationFetcher;
  /** Where `password_env` variables are read; defaults to process.env. */
  env?: Environment;
  /** The policy's `limits:`; each bound absent here keeps its default. */
  limits?: Partial<CollectLimits>;
  /** Paths in messages are shown relative to this (the policy's directory), like target names. */
  policyDir?: string;
}

function limitsOf(options: CollectOptions): CollectLimits {
  return {
    maxFileBytes: options.limits?.maxFileBytes ?? MAX_FILE_BYTES,
    maxChainCertificates: options.limits?.maxChainCertificates ?? DEFAULT_MAX_CHAIN_CERTIFICATES,
  };
}

function emptyFacts(target: Target): TargetFacts {
  return { target, certificates: [], extraCertificates: [], problems: [], privateKeys: [] };
}

/** A file the policy names, read within `limits.max_file_bytes` (see readBoundedFile). */
async function readBytes(path: string, limits: CollectLimits): Promise<Uint8Array | DecodeProblem> {
  const read = await readBoundedFile(path, limits.maxFileBytes);
  return read instanceof Uint8Array ? read : { message: read.message };
}

/** The first `max` certificates of a list; more is reported, since a path never needs them. */
function capList<T>(items: T[], max: number, what: string, problems: DecodeProblem[]): T[] {
  if (items.length <= max) return items;
  problems.push({
    message: `${what} holds ${items.length} certificates; only the first ${max} were read (limits.max_chain_certificates)`,
  });
  return items.slice(0, max);
}

/** Trust anchors for a target; an unusable `trust` file is reported, never silently replaced. */
async function trustFor(
  target: Target,
  problems: DecodeProblem[],
  limits: CollectLimits,
): Promise<TrustStore | undefined> {
  if (!target.trust) return bundledTrustStore();
  const store = await loadTrustFile(target.trust, limits.maxFileBytes);
  for (const problem of store.problems)
    problems.push({ message: `trust file: ${problem.message}` });
  return store.anchors.length > 0 ? store : undefined;
}

/** Path building, then revocation of the leaf (which needs the issuer the path found). */
async function withChain(
  facts: TargetFacts,
  options: CollectOptions,
  hostname?: string,
): Promise<TargetFacts> {
  const { now } = options;
  if (facts.certificates.length === 0) return facts;
  const trust = await trustFor(facts.target, facts.problems, limitsOf(options));
  if (!trust) return facts;
  facts.trustLabel =
    trust.source === 'policy' ? displayPath(trust.label, options.policyDir) : trust.label;
  facts.chain = await analyzeChain({
    presented: facts.certificates,
    extra: facts.extraCertificates,
    trust,
    now,
    usage: facts.target.type === 'file' ? facts.target.usage : 'server',
    ...(hostname ? { hostname } : {}),
  });
  const revocation = await revocationFor(facts, { now, fetcher: options.fetcher });
  if (revocation) facts.revocation = revocation;
  return facts;
}

/** A path for messages, as the policy would write it: relative to its directory when inside it. */
function displayPath(path: string, base: string | undefined): string {
  const rel = relative(base ?? process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * The private key to check against the leaf: the `key:` file when the policy names one, else a
 * key that came with the certificate (PKCS#12, a Secret's tls.key); undefined when there is none.
 */
async function keyPairFor(
  target: CertificateTarget,
  facts: TargetFacts,
  contents: TargetFileContents,
  env: Environment,
  limits: CollectLimits,
  policyDir: string | undefined,
): Promise<KeyPairFacts | undefined> {
  const [leaf] = facts.certificates;
  if (!leaf) return undefined;
  if (!target.key) {
    return contents.pairedKey
      ? keyPairFacts(leaf, contents.pairedKey.read, contents.pairedKey.source)
      : undefined;
  }
  const source = displayPath(target.key, policyDir);
  const bytes = await readBytes(target.key, limits);
  if (!(bytes instanceof Uint8Array))
    return { source, status: 'unreadable', detail: bytes.message };
  const secret = secretFromEnv(target, env);
  const read = readPrivateKeys(bytes, secret && 'value' in secret ? secret.value : undefined);
  const pair = keyPairFacts(leaf, read, source);
  if (pair.status === 'encrypted' && secret && 'missing' in secret) {
    pair.detail = `the key is encrypted and ${secret.missing}`;
  }
  return pair;
}

export async function collectFileFacts(
  target: CertificateTarget,
  options: CollectOptions,
): Promise<TargetFacts> {
  const facts = emptyFacts(target);
  const limits = limitsOf(options);
  if (target.hostname) facts.expectedHostname = target.hostname;
  const bytes = await readBytes(target.path, limits);
  if (!(bytes instanceof Uint8Array)) {
    facts.unreadable = bytes;
    return facts;
  }
  const env = options.env ?? process.env;
  const contents = readTargetFile(target, bytes, env, { maxBytes: limits.maxFileBytes });
  facts.certificates = capList(
    contents.certificates,
    limits.maxChainCertificates,
    target.name,
    facts.problems,
  );
  facts.privateKeys = contents.privateKeys;
  facts.problems.push(...contents.problems);
  if (contents.manifest) facts.manifest = contents.manifest;
  if (target.chain) {
    const chainBytes = await readBytes(target.chain, limits);
    if (chainBytes instanceof Uint8Array) {
      const chain = decodeContainerFile(chainBytes, target.chain, {
        maxBytes: limits.maxFileBytes,
      });
      facts.extraCertificates = capList(
        chain.certificates,
        limits.maxChainCertificates,
        `the chain file ${displayPath(target.chain, options.policyDir)}`,
        facts.problems,
      );
      facts.problems.push(...chain.problems.map((p) => ({ message: `chain file: ${p.message}` })));
    } else {
      facts.problems.push(chainBytes);
    }
  }
  const keyPair = await keyPairFor(target, facts, contents, env, limits, options.policyDir);
  if (keyPair) facts.keyPair = keyPair;
  return withChain(facts, options, target.hostname);
}

function parseServed(chain: readonly Uint8Array[], name: string, problems: DecodeProblem[]) {
  const parsed: ParsedCertificate[] = [];
  chain.forEach((der, index) => {
    try {
      parsed.push(parseCertificate(der, { kind: 'server', name, index }));
    } catch (error) {
      problems.push({ index, message: `served certificate ${index}: ${errorMessage(error)}` });
    }
  });
  return parsed;
}

export async function collectHostFacts(
  target: HostTarget,
  options: CollectOptions,
): Promise<TargetFacts> {
  const facts = emptyFacts(target);
  facts.expectedHostname = target.host;
  facts.host = await options.probe(target);
  // Capped before parsing: a server may send hundreds of small certificates in one flight.
  const served = capList(
    facts.host.servedChain,
    limitsOf(options).maxChainCertificates,
    'the chain the server sent',
    facts.problems,
  );
  facts.certificates = parseServed(served, target.name, facts.problems);
  return withChain(facts, options, target.host);
}
