// Orderings and counts every renderer shares, so the formats agree on what they show.
import { severityRank, type CheckFamily, type Finding, type TargetReport } from '../model.js';

/** The order families are shown in: how a connection unfolds, then the certificate, then policy. */
export const FAMILY_ORDER: readonly CheckFamily[] = [
  'file',
  'connection',
  'protocol',
  'cipher',
  'chain',
  'hostname',
  'expiry',
  'key',
  'signature',
  'revocation',
  'hsts',
  'policy',
];

function familyIndex(family: CheckFamily): number {
  const index = FAMILY_ORDER.indexOf(family);
  return index === -1 ? FAMILY_ORDER.length : index;
}

/** Unsuppressed before suppressed, most severe first, then by rule id; otherwise as reported. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.suppressed ?? false) - Number(b.suppressed ?? false) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/**
 * The check families evaluated for a target: the gate's list when it recorded one, plus any family
 * that produced a finding (e.g. `policy`), in FAMILY_ORDER.
 */
export function familiesOf(target: TargetReport): CheckFamily[] {
  const families = new Set<CheckFamily>(target.checks ?? []);
  for (const finding of target.findings) families.add(finding.check);
  return [...families].sort((a, b) => familyIndex(a) - familyIndex(b) || (a < b ? -1 : 1));
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  notices: number;
  suppressed: number;
}

/** Counts by severity; suppressed findings are counted apart, not as notices. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { errors: 0, warnings: 0, notices: 0, suppressed: 0 };
  for (const finding of findings) {
    if (finding.suppressed) counts.suppressed++;
    else if (finding.severity === 'error') counts.errors++;
    else if (finding.severity === 'warning') counts.warnings++;
    else counts.notices++;
  }
  return counts;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `2026-06-21` from an ISO instant; the input unchanged when it is not one. */
export function isoDay(instant: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(instant) ? instant.slice(0, 10) : instant;
}

/** `12 days left`, `1 day left`, `expired 3 days ago`. */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft < 0) return `expired ${plural(-daysLeft, 'day')} ago`;
  return `${plural(daysLeft, 'day')} left`;
}

const SUBJECT_MAX_CHARS = 120;
/**
 * Detail keys that name what a finding is about (the protocol or suite accepted, the SAN, the PEM
 * block), as opposed to measurements that move between runs (days left, sizes) or the message.
 */
const SUBJECT_DETAILS = ['protocol', 'suite', 'san', 'block', 'label', 'rule', 'target'] as const;

/**
 * What a finding is about, stable while it stays open (never its severity or message): the
 * certificate and the details that name the thing. Audit-issue diffs and SARIF fingerprints use it.
 */
export function findingSubject(finding: Finding): string | undefined {
  const parts: string[] = [];
  const sha256 = finding.certificate?.sha256.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  if (sha256) parts.push(`sha256:${sha256.slice(0, 16)}`);
  for (const key of SUBJECT_DETAILS) {
    const value = finding.details?.[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}=${value}`);
  }
  return parts.length > 0 ? parts.join(' ').slice(0, SUBJECT_MAX_CHARS) : undefined;
}
