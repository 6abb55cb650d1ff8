// Shared by the hsts.* rules: HSTS is checked only for hosts whose policy entry has `hsts:`
// (opt-in: a TLS port may serve an API, a mail or database protocol, or a non-browser client,
// where the header means nothing), and only once the TLS connection itself worked.
import type { HstsSettings } from '../../policy/types.js';
import type { HstsFacts } from '../../probe/types.js';
import type { TargetFacts } from '../types.js';

export interface HstsSubject {
  where: string;
  settings: HstsSettings;
  hsts: HstsFacts;
}

export function hstsSubject(facts: TargetFacts): HstsSubject | undefined {
  const { target, host } = facts;
  if (target.type !== 'host' || !target.hsts || !host?.hsts || host.failure) return undefined;
  return { where: `${target.host}:${target.port}`, settings: target.hsts, hsts: host.hsts };
}

/** `Strict-Transport-Security` as the report quotes it: short, printable. */
export function quoted(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return `"${clean.length > 100 ? `${clean.slice(0, 100)}…` : clean}"`;
}
