// Builds the TargetFacts a rule sees, by hand, from factory certificates: rule tests need no
// gate, no files and no sockets.
import type { CheckContext, TargetFacts } from '../../src/checks/types.js';
import type { CertificateTarget, HostTarget, TargetSettings } from '../../src/policy/types.js';
import { DEFAULT_SETTINGS } from '../../src/policy/types.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import type { ParsedCertificate } from '../../src/x509/types.js';
import { FIXTURE_NOW, type IssuedCert } from './pki.js';

type CertInput = IssuedCert | ParsedCertificate;

function isParsed(cert: CertInput): cert is ParsedCertificate {
  return 'facts' in cert;
}

/** Parses factory output as if read from `name` (position = index in the list). */
export function parsedList(certs: readonly CertInput[], name = 'test.pem'): ParsedCertificate[] {
  return certs.map((cert, index) =>
    isParsed(cert) ? cert : parseCertificate(cert.der, { kind: 'file', name, index }),
  );
}

export function fileTarget(overrides: Partial<CertificateTarget> = {}): CertificateTarget {
  return {
    type: 'file',
    name: 'test.pem',
    path: '/policy/test.pem',
    usage: 'server',
    source: { file: '.github/tls-gate.yml', line: 3, column: 5 },
    settings: structuredClone(DEFAULT_SETTINGS),
    ...overrides,
  };
}

export function hostTarget(overrides: Partial<HostTarget> = {}): HostTarget {
  return {
    type: 'host',
    name: 'example.com:443',
    host: 'example.com',
    port: 443,
    source: { file: '.github/tls-gate.yml', line: 3, column: 5 },
    settings: structuredClone(DEFAULT_SETTINGS),
    ...overrides,
  };
}

/** Facts of a file target presenting `certs` (leaf first); anything may be overridden. */
export function factsFor(
  certs: readonly CertInput[],
  overrides: Partial<Omit<TargetFacts, 'extraCertificates'>> & {
    extraCertificates?: readonly CertInput[];
  } = {},
): TargetFacts {
  const { extraCertificates = [], ...rest } = overrides;
  return {
    target: fileTarget(),
    certificates: parsedList(certs),
    extraCertificates: parsedList(extraCertificates, 'chain.pem'),
    problems: [],
    privateKeys: [],
    ...rest,
  };
}

/** A check context at FIXTURE_NOW with default settings, parts overridable. */
export function contextFor(
  overrides: { now?: Date; settings?: Partial<TargetSettings> } = {},
): CheckContext {
  return {
    now: overrides.now ?? FIXTURE_NOW,
    settings: { ...structuredClone(DEFAULT_SETTINGS), ...overrides.settings },
  };
}
