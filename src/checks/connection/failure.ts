// Shared by the connection.* rules: each rule owns some failure kinds of HostFacts.failure.
import type { ConnectionFailureKind } from '../../probe/types.js';
import type { TargetFacts, Violation } from '../types.js';

export function failureViolations(
  facts: TargetFacts,
  kinds: readonly ConnectionFailureKind[],
  describe: (where: string, message: string, alert?: string) => string,
): Violation[] {
  const failure = facts.host?.failure;
  if (!failure || !kinds.includes(failure.kind) || facts.target.type !== 'host') return [];
  const where = `${facts.target.host}:${facts.target.port}`;
  return [
    {
      message: describe(where, failure.message, failure.alert),
      details: {
        kind: failure.kind,
        ...(failure.alert ? { alert: failure.alert } : {}),
        ...(facts.host?.address ? { address: facts.host.address } : {}),
      },
    },
  ];
}
