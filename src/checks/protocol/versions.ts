// Shared by the protocol.* rules: version order and the policy minimum.
import { PROTOCOL_NAMES, type ProtocolName } from '../../policy/types.js';
import type { CheckContext, TargetFacts, Violation } from '../types.js';

export function rank(version: ProtocolName): number {
  return PROTOCOL_NAMES.indexOf(version);
}

const LABELS: Record<ProtocolName, string> = {
  SSLv3: 'SSL 3.0',
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

export function label(version: ProtocolName): string {
  return LABELS[version];
}

/** One violation when the server accepts `version` and the policy minimum is above it. */
export function acceptedBelowMinimum(
  facts: TargetFacts,
  ctx: CheckContext,
  version: ProtocolName,
): Violation[] {
  if (facts.host?.protocols[version] !== true) return [];
  const minimum = ctx.settings.minProtocol;
  if (rank(version) >= rank(minimum)) return [];
  return [
    {
      message: `the server accepts ${label(version)} (policy minimum: ${label(minimum)})`,
      details: { protocol: version, minProtocol: minimum },
    },
  ];
}
