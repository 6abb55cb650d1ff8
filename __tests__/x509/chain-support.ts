// Helpers for the chain tests: factory certificates → ParsedCertificate, trust stores, analysis.
import { parseCertificate } from '../../src/x509/certificate.js';
import { analyzeChain } from '../../src/x509/chain.js';
import type { ChainAnalysis, ParsedCertificate, TrustStore } from '../../src/x509/types.js';
import { FIXTURE_NOW, type IssuedCert } from '../helpers/pki.js';

export function parsed(
  cert: IssuedCert,
  kind: 'file' | 'bundle' = 'file',
  index = 0,
): ParsedCertificate {
  return parseCertificate(cert.der, {
    kind,
    name: kind === 'bundle' ? 'trust' : 'test.pem',
    index,
  });
}

export function store(...anchors: IssuedCert[]): TrustStore {
  return {
    source: 'policy',
    label: 'test anchors',
    anchors: anchors.map((a, i) => parsed(a, 'bundle', i)),
  };
}

export interface Case {
  presented: IssuedCert[];
  extra?: IssuedCert[];
  trust: TrustStore | IssuedCert[];
  now?: Date;
  usage?: 'server' | 'client';
}

export function analyze(c: Case): Promise<ChainAnalysis> {
  return analyzeChain({
    presented: c.presented.map((cert, i) => parsed(cert, 'file', i)),
    extra: (c.extra ?? []).map((cert, i) => parsed(cert, 'file', i)),
    trust: Array.isArray(c.trust) ? store(...c.trust) : c.trust,
    now: c.now ?? FIXTURE_NOW,
    usage: c.usage ?? 'server',
  });
}

/** Codes of every problem, warning and presentation note, for compact assertions. */
export function codes(a: ChainAnalysis): string[] {
  return [...a.problems, ...(a.warnings ?? []), ...a.presentation].map((p) => p.code);
}
