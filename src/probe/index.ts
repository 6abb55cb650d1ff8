// Probing a live host: one name lookup, then one full node:tls handshake and a dozen raw
// ClientHello probes in parallel, each bounded by the target's timeout. Nothing the network or
// the server does makes this throw: every failure ends up in HostFacts.failure or probeNotes.
//
// Served chain: Node's getPeerCertificate(true) rebuilds the chain by issuer matching, which
// loses the order as sent and any unrelated extra certificate. The TLS ≤ 1.2 flight probe reads
// the Certificate message in cleartext instead, so the chain is exactly what the server sent;
// only for TLS 1.3-only servers (encrypted Certificate) does Node's chain stand in.
import { X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { PROTOCOL_NAMES, type HostTarget, type ProtocolName } from '../policy/types.js';
import {
  SSL3,
  TLS10,
  TLS11,
  TLS12,
  TLS13,
  buildClientHello,
  type ClientHelloOptions,
} from './clienthello.js';
import { loadClientCredentials, type ClientCredentials } from './client-credentials.js';
import { WEAK_EC_GROUP_CODES, groupByCode, groupByName } from './groups.js';
import { CLOSED_MESSAGE, tlsHandshake, type HandshakeOutcome } from './handshake.js';
import { hostHeader, hstsFacts } from './hsts.js';
import { classifySocketError, rawExchange, type RawOutcome } from './raw.js';
import { startTls } from './starttls.js';
import { parseServerKeyExchange } from './serverhello.js';
import {
  DHE_SUITES,
  ECDHE_SUITES,
  LEGACY_SUITES,
  TLS13_SUITES,
  suiteCategories,
  suiteName,
  suitesInCategory,
  type CipherCategory,
} from './suites.js';
import type { CipherCategoryResult, ConnectionFailure, EphemeralKey, HostFacts } from './types.js';

export type { HostFacts } from './types.js';
export { mapWithConcurrency } from './pool.js';

export interface ProbeOptions {
  logger?: Logger;
  /** Absolute time (ms since the epoch) after which no probe may still be running. */
  deadline?: number;
  /**
   * Client certificate for servers that require one (mTLS). Without it, the target's
   * client_cert / client_key / passphrase_env are loaded here.
   */
  clientCredentials?: ClientCredentials;
  /** Where `passphrase_env` is read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Largest client_cert / client_key file read (`limits.max_file_bytes`). */
  maxFileBytes?: number;
  /** Name resolution; node:dns by default (tests stand in for a resolver they must not query). */
  lookup?: (hostname: string) => Promise<{ address: string }>;
}

/** Categories that are errors by default: probed together first (see severeCategories). */
const SEVERE_CATEGORIES: readonly CipherCategory[] = [
  'null',
  'anonymous',
  'export',
  'rc4',
  'des',
  '3des',
];

const VERSION_NAMES: Record<number, ProtocolName> = {
  [SSL3]: 'SSLv3',
  [TLS10]: 'TLSv1',
  [TLS11]: 'TLSv1.1',
  [TLS12]: 'TLSv1.2',
  [TLS13]: 'TLSv1.3',
};

/** Rough NIST SP 800-57 strength of a finite-field DH group. */
function dhSecurityBits(bits: number): number {
  if (bits >= 15360) return 256;
  if (bits >= 7680) return 192;
  if (bits >= 3072) return 128;
  if (bits >= 2048) return 112;
  if (bits >= 1024) return 80;
  return Math.floor(bits / 16);
}

function dhKey(bits: number, name?: string): EphemeralKey {
  return { type: 'DH', bits, securityBits: dhSecurityBits(bits), ...(name ? { name } : {}) };
}

function ecdhKey(name: string, fallbackBits?: number): EphemeralKey {
  const group = groupByName(name);
  if (group)
    return { type: 'ECDH', name: group.name, bits: group.bits, securityBits: group.securityBits };
  return { type: 'ECDH', name, bits: fallbackBits ?? 0 };
}

/** Whether a version probe saw the server agree to exactly that version; undefined = unknown. */
function versionAccepted(outcome: RawOutcome, version: number): boolean | undefined {
  if (outcome.kind === 'hello') return outcome.hello.version === version;
  if (outcome.kind === 'alert' || outcome.kind === 'closed') return false;
  return undefined;
}

function categoryResult(
  outcome: RawOutcome,
  category: CipherCategory,
): CipherCategoryResult | undefined {
  if (outcome.kind === 'alert' || outcome.kind === 'closed') return { accepted: false };
  if (outcome.kind !== 'hello') return undefined;
  const { suite, version } = outcome.hello;
  // A server that answers with a suite we did not offer has not accepted the category.
  if (!suitesInCategory(category).includes(suite)) return { accepted: false };
  return { accepted: true, suite: suiteName(suite), protocol: VERSION_NAMES[version] };
}

function keyExchangeOf(outcome: RawOutcome): EphemeralKey | undefined {
  if (outcome.kind !== 'hello' || !outcome.serverKeyExchange) return undefined;
  const params = parseServerKeyExchange(outcome.serverKeyExchange, suiteName(outcome.hello.suite));
  if (!params) return undefined;
  if (params.type === 'DH') return dhKey(params.primeBits);
  const group = params.group === undefined ? undefined : groupByCode(params.group);
  if (group)
    return { type: 'ECDH', name: group.name, bits: group.bits, securityBits: group.securityBits };
  // Explicit curve parameters (curve_type 1/2) or an unknown group: size not known.
  return undefined;
}

/** The TLS group code of an ECDSA certificate's curve; undefined for other keys or bad DER. */
function ecdsaCurveCode(der: Uint8Array): number | undefined {
  try {
    const key = new X509Certificate(der).publicKey;
    const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
    return curve ? groupByName(curve)?.code : undefined;
  } catch {
    return undefined;
  }
}

/** Alerts a server sends when it does not accept the client certificate it was given. */
const REJECTION_ALERTS = [
  'bad_certificate',
  'unsupported_certificate',
  'certificate_revoked',
  'certificate_expired',
  'certificate_unknown',
  'unknown_ca',
  'access_denied',
  'certificate_required',
];

/**
 * Better failure detail from the raw TLS 1.2 probe (what Node's error codes cannot say), and
 * whether a client-authentication alert answered a certificate we presented.
 */
function refineFailure(
  main: ConnectionFailure,
  flight: RawOutcome,
  presented: boolean,
): ConnectionFailure {
  if (flight.kind === 'failure' && flight.failure.kind === 'not-tls') return flight.failure;
  const requested = flight.kind === 'hello' && flight.certificateRequested;
  if (
    presented &&
    main.alert !== undefined &&
    (REJECTION_ALERTS.includes(main.alert) || (main.alert === 'handshake_failure' && requested))
  ) {
    return {
      kind: 'client-certificate-rejected',
      message: `the server rejected the client certificate with the alert ${main.alert}`,
      alert: main.alert,
    };
  }
  // Servers that verify after the handshake (Node's own, for one) just hang up (reset or close).
  // Only visible under TLS ≤ 1.2: a TLS 1.3 client has finished before the server looks at it.
  const hungUp =
    main.kind === 'reset' || (main.kind === 'handshake' && main.message === CLOSED_MESSAGE);
  if (presented && requested && hungUp) {
    return {
      kind: 'client-certificate-rejected',
      message:
        'the server asked for a client certificate and closed the connection without an alert once it had ours',
    };
  }
  const clientAuthAlerts = [
    'handshake_failure',
    'certificate_required',
    'bad_certificate',
    'certificate_unknown',
  ];
  if (
    main.kind === 'handshake' &&
    flight.kind === 'hello' &&
    flight.certificateRequested &&
    main.alert !== undefined &&
    clientAuthAlerts.includes(main.alert)
  ) {
    return {
      kind: 'client-certificate-required',
      message: `the server sent a CertificateRequest, then the alert ${main.alert} when none came`,
      alert: main.alert,
    };
  }
  return main;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function probeHost(
  target: HostTarget,
  options: ProbeOptions = {},
): Promise<HostFacts> {
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  const timings: Record<string, number> = {};
  const facts: HostFacts = { servedChain: [], protocols: {}, timings };
  const budget = (): number => {
    const left = options.deadline === undefined ? Infinity : options.deadline - Date.now();
    return Math.max(1, Math.min(target.settings.timeoutMs, left));
  };
  const elapsed = (since: number): number => Math.round((performance.now() - since) * 10) / 10;
  const done = (): HostFacts => {
    timings.total = elapsed(started);
    return facts;
  };

  let credentials = options.clientCredentials;
  if (!credentials) {
    const loaded = await loadClientCredentials(
      target,
      options.env ?? process.env,
      options.maxFileBytes,
    );
    if (loaded && !loaded.ok) {
      facts.failure = { kind: 'client-credentials', message: loaded.problem };
      return done();
    }
    credentials = loaded?.credentials;
  }

  // One lookup for all probes; an address given in the policy is used as it is.
  const destination = target.address ?? target.host;
  let address = destination;
  if (isIP(destination) === 0) {
    try {
      const resolve = options.lookup ?? lookup;
      const resolved = await withTimeout(resolve(destination), budget());
      if (resolved === 'timeout') {
        facts.failure = { kind: 'timeout', message: `name lookup of ${destination} timed out` };
        return done();
      }
      address = resolved.address;
    } catch (error) {
      const failure = classifySocketError(error as NodeJS.ErrnoException);
      facts.failure =
        failure.kind === 'other'
          ? { kind: 'dns', message: `name lookup of ${destination} failed: ${failure.message}` }
          : failure;
      return done();
    }
  }
  facts.address = address;
  timings.dns = elapsed(started);
  logger.debug(`${target.name}: probing ${address}:${target.port}`);

  const serverName = isIP(target.host) === 0 ? target.host : undefined;
  // STARTTLS hosts: every connection speaks the plaintext dialogue first, within the same
  // timeout as the TLS exchange that follows on that socket.
  type Plain = { socket?: Socket; timeoutMs: number } | { failure: ConnectionFailure };
  const connect = async (): Promise<Plain> => {
    const limit = budget();
    if (!target.starttls) return { timeoutMs: limit };
    const begun = Date.now();
    const plain = await startTls({
      address,
      port: target.port,
      protocol: target.starttls,
      timeoutMs: limit,
    });
    if (!plain.ok) return { failure: plain.failure };
    return { socket: plain.socket, timeoutMs: Math.max(1, limit - (Date.now() - begun)) };
  };
  type HelloExtras = Pick<ClientHelloOptions, 'supportedVersions' | 'groups'>;
  const raw = async (
    version: number,
    suites: readonly number[],
    until: 'server-hello' | 'flight',
    extras: HelloExtras,
  ): Promise<RawOutcome> => {
    const plain = await connect();
    if ('failure' in plain) return { kind: 'failure', failure: plain.failure };
    return rawExchange({
      address,
      port: target.port,
      hello: buildClientHello({ version, suites, serverName, ...extras }),
      until,
      ...plain,
    });
  };
  const fullHandshake = async (): Promise<HandshakeOutcome> => {
    const plain = await connect();
    if ('failure' in plain) return { ok: false, failure: plain.failure };
    // HSTS is an HTTPS matter: asked for on direct TLS only (see hsts.missing for STARTTLS).
    const http =
      target.hsts && !target.starttls
        ? { host: hostHeader(target.host, target.port), timeoutMs: budget() }
        : undefined;
    return tlsHandshake({
      address,
      port: target.port,
      servername: serverName,
      clientCredentials: credentials,
      ...plain,
      ...(http ? { http } : {}),
    });
  };

  const notes: string[] = [];
  // Every raw probe goes through here so failures that leave a fact unknown are noted.
  const probe = async (
    name: string,
    version: number,
    suites: readonly number[],
    until: 'server-hello' | 'flight' = 'server-hello',
    extras: HelloExtras = {},
  ): Promise<RawOutcome> => {
    const outcome = await raw(version, suites, until, extras);
    if (outcome.kind === 'failure') notes.push(`${name}: ${outcome.failure.message}`);
    else if (outcome.kind === 'hello' && outcome.incomplete && until === 'flight') {
      notes.push(`${name}: ${outcome.incomplete}`);
    }
    return outcome;
  };

  // TLS 1.1 and 1.0 with as few connections as possible: a server answers a hello with the
  // highest version it has at or below the one offered, so one hello settles both for servers
  // without them, and each "yes" costs one more hello for the next lower version.
  const legacyTls = async (): Promise<Partial<Record<ProtocolName, boolean>>> => {
    const result: Partial<Record<ProtocolName, boolean>> = {};
    let max = TLS11;
    while (max >= TLS10) {
      const outcome = await probe(`${VERSION_NAMES[max]} hello`, max, LEGACY_SUITES);
      if (outcome.kind === 'failure') break;
      const chosen =
        outcome.kind === 'hello' && outcome.hello.version <= max
          ? outcome.hello.version
          : undefined;
      for (let v = max; v >= TLS10 && (chosen === undefined || v > chosen); v--) {
        result[VERSION_NAMES[v]!] = false;
      }
      if (chosen === undefined || chosen < TLS10) break;
      result[VERSION_NAMES[chosen]!] = true;
      max = chosen - 1;
    }
    return result;
  };

  // The severe categories in one hello: usually refused outright. When the server picks one,
  // that category is settled and the others are asked one by one, so a server that prefers
  // 3DES is still seen accepting single DES (and the other way round).
  const severeCategories = async (): Promise<HostFacts['cipherCategories']> => {
    const result: HostFacts['cipherCategories'] = {};
    const offered = [...new Set(SEVERE_CATEGORIES.flatMap((c) => suitesInCategory(c)))];
    const outcome = await probe('weak suites hello', TLS12, offered);
    if (outcome.kind === 'failure') return result;
    const picked = outcome.kind === 'hello' ? suiteCategories(suiteName(outcome.hello.suite)) : [];
    const rest = SEVERE_CATEGORIES.filter((c) => !picked.includes(c));
    for (const category of SEVERE_CATEGORIES) {
      if (picked.includes(category)) result[category] = categoryResult(outcome, category);
      else if (outcome.kind !== 'hello') result[category] = { accepted: false };
    }
    if (outcome.kind === 'hello') {
      await Promise.all(
        rest.map(async (category) => {
          const single = await probe(`${category} suites hello`, TLS12, suitesInCategory(category));
          const found = categoryResult(single, category);
          if (found) result[category] = found;
        }),
      );
    }
    return result;
  };

  const single = async (category: CipherCategory) =>
    categoryResult(
      await probe(`${category} suites hello`, TLS12, suitesInCategory(category)),
      category,
    );

  const probesStarted = performance.now();
  const mainPromise = fullHandshake().then((outcome) => {
    timings.handshake = elapsed(probesStarted);
    return outcome;
  });
  const flightPromise = probe('TLS 1.2 hello', TLS12, LEGACY_SUITES, 'flight');
  // A server picks its weak curves only when nothing better is offered, so the main handshake
  // and the flight probe never see them; TLS 1.3 needs no such probe (see weakEcdhGroup).
  const weakOnlyPromise = probe('weak ECDHE curves hello', TLS12, ECDHE_SUITES, 'flight', {
    groups: WEAK_EC_GROUP_CODES,
  });
  // OpenSSL refuses an ECDSA server's TLS 1.2 hello whose groups leave out the certificate's
  // curve, so the weak-only hello cannot reach those servers. Once the leaf is known, one more
  // hello lists the weak curves first and the certificate's curve last: a server following the
  // client's order (OpenSSL's default) takes a weak curve it accepts. One that imposes its own
  // order (ssl_prefer_server_ciphers, node:tls's default) answers with its favourite and stays
  // unseen. RSA hosts skip this hello.
  const weakBesideCertCurve = async (): Promise<RawOutcome | undefined> => {
    const [flight, weakOnly] = await Promise.all([flightPromise, weakOnlyPromise]);
    if (weakOnly.kind === 'hello' || flight.kind === 'alert' || flight.kind === 'closed') {
      return undefined;
    }
    const leaf =
      flight.kind === 'hello' && flight.certificates?.[0]
        ? flight.certificates[0]
        : (await mainPromise).chain?.[0];
    const curve = leaf ? ecdsaCurveCode(leaf) : undefined;
    if (curve === undefined) return undefined;
    return probe(
      'weak ECDHE curves then the certificate curve hello',
      TLS12,
      ECDHE_SUITES,
      'flight',
      {
        groups: [...WEAK_EC_GROUP_CODES.filter((code) => code !== curve), curve],
      },
    );
  };
  const [mainOutcome, ssl3, legacy, flight, dhe, weakEcdhe, certCurveEcdhe, severe, cbc, noFs] =
    await Promise.all([
      mainPromise,
      probe('SSLv3 hello', SSL3, LEGACY_SUITES),
      legacyTls(),
      flightPromise,
      probe('DHE hello', TLS12, DHE_SUITES, 'flight'),
      weakOnlyPromise,
      weakBesideCertCurve(),
      severeCategories(),
      single('cbc'),
      single('no-forward-secrecy'),
    ]);

  // TLS 1.3: the main handshake offers it, so its result answers; only a failed handshake
  // leaves the question open for a raw TLS 1.3 hello.
  let tls13: boolean | undefined;
  if (mainOutcome.ok) tls13 = mainOutcome.protocol === 'TLSv1.3';
  else if (mainOutcome.protocol === 'TLSv1.3') tls13 = true;
  else if (
    mainOutcome.failure.kind === 'handshake' ||
    mainOutcome.failure.kind === 'client-certificate-required'
  ) {
    const outcome = await probe('TLS 1.3 hello', TLS12, TLS13_SUITES, 'server-hello', {
      supportedVersions: [TLS13],
    });
    tls13 = versionAccepted(outcome, TLS13);
  }
  timings.probes = elapsed(probesStarted);

  if (!mainOutcome.ok) {
    facts.failure = refineFailure(mainOutcome.failure, flight, credentials !== undefined);
    // Nothing reached a TLS server: the raw probes only repeat the same failure.
    if (['dns', 'refused', 'timeout', 'not-tls', 'starttls'].includes(facts.failure.kind)) {
      return done();
    }
  }

  const protocols: Partial<Record<ProtocolName, boolean | undefined>> = {
    SSLv3: versionAccepted(ssl3, SSL3),
    ...legacy,
    'TLSv1.2':
      (mainOutcome.ok && mainOutcome.protocol === 'TLSv1.2') || versionAccepted(flight, TLS12),
    'TLSv1.3': tls13,
  };
  for (const version of PROTOCOL_NAMES) {
    const value = protocols[version];
    if (value !== undefined) facts.protocols[version] = value;
  }

  const cipherCategories: HostFacts['cipherCategories'] = { ...severe };
  if (cbc) cipherCategories.cbc = cbc;
  if (noFs) cipherCategories['no-forward-secrecy'] = noFs;
  facts.cipherCategories = cipherCategories;

  if (mainOutcome.ok) {
    facts.protocol = mainOutcome.protocol;
    facts.cipher = mainOutcome.cipher;
    if (mainOutcome.ocsp) facts.stapledOcsp = new Uint8Array(mainOutcome.ocsp);
    if (mainOutcome.http) facts.hsts = hstsFacts(mainOutcome.http);
    const info = mainOutcome.ephemeral;
    if (info?.type === 'DH' && info.size) facts.keyExchange = dhKey(info.size);
    else if (info?.type === 'ECDH' && info.name) facts.keyExchange = ecdhKey(info.name, info.size);
  }
  const dheKey = keyExchangeOf(dhe);
  if (dheKey?.type === 'DH') facts.dhGroup = dheKey;
  // Only a weak curve counts: the certificate's own curve may be the one picked.
  const weakNames = WEAK_EC_GROUP_CODES.map((code) => groupByCode(code)?.name);
  const weakKey = [weakEcdhe, certCurveEcdhe]
    .map((outcome) => (outcome ? keyExchangeOf(outcome) : undefined))
    .find((key) => key?.type === 'ECDH' && weakNames.includes(key.name));
  if (weakKey) facts.weakEcdhGroup = weakKey;
  const flightKey = keyExchangeOf(flight);
  if (flightKey?.type === 'ECDH') facts.ecdhGroup = flightKey;
  else if (flightKey?.type === 'DH') facts.dhGroup ??= flightKey;

  if (flight.kind === 'hello') facts.clientCertificateRequested = flight.certificateRequested;
  if (flight.kind === 'hello' && flight.certificates && flight.certificates.length > 0) {
    facts.servedChain = flight.certificates.map((der) => new Uint8Array(der));
    facts.servedChainSource = 'wire';
  } else if (mainOutcome.chain && mainOutcome.chain.length > 0) {
    facts.servedChain = mainOutcome.chain.map((der) => new Uint8Array(der));
    facts.servedChainSource = 'tls-stack';
  }

  if (target.hsts && target.starttls) {
    facts.hsts = {
      headers: [],
      error: `not asked: HSTS is an HTTPS header and this host speaks ${target.starttls} with STARTTLS`,
    };
  }
  if (notes.length > 0) facts.probeNotes = notes;
  logger.debug(`${target.name}: probed in ${elapsed(started)} ms`);
  return done();
}
