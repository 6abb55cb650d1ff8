// Pieces shared by the job summary, the PR comment and the audit issue: status words, cells that
// are safe for certificate-derived text, and a builder that stays within GitHub's size limits.
import type { CertificateSummary, Severity, TargetReport, Verdict } from '../model.js';
import { tableCell } from './escape.js';
import { utf8Length } from './github-escape.js';

/** GitHub's limits (step summary in bytes, comment and issue bodies in characters). */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
export const COMMENT_LIMIT_CHARS = 65_536;

export const VERDICT_ICON: Record<Verdict, string> = { pass: '✅', warn: '⚠️', fail: '❌' };
export const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `YYYY-MM-DD` of an ISO instant (UTC). */
export function isoDate(instant: string): string {
  return instant.slice(0, 10);
}

/** Whole days left, rounded towards expiry, so "0" means it expires within a day. */
export function wholeDays(daysLeft: number): number {
  return Math.floor(daysLeft);
}

export function daysLeftText(leaf: CertificateSummary | undefined): string {
  if (!leaf) return '—';
  const days = wholeDays(leaf.daysLeft);
  return days < 0 ? `${days} (expired)` : String(days);
}

/** A code span that may sit in a table cell. */
export function codeCell(text: string): string {
  return tableCell(text);
}

export function counts(target: TargetReport): { findings: number; suppressed: number } {
  const suppressed = target.findings.filter((finding) => finding.suppressed).length;
  return { findings: target.findings.length - suppressed, suppressed };
}

/**
 * Appends blocks while they fit in `limit` (measured by `measure`), keeping room for the note that
 * says the rest was cut. Once one block does not fit, every later block is dropped too, so what is
 * shown is always a prefix of the whole.
 */
export class BoundedMarkdown {
  private readonly parts: string[] = [];
  private size = 0;
  private dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly reserve: number,
    private readonly measure: (text: string) => number = (text) => text.length,
  ) {}

  /** Adds a block unless it would not fit; returns whether it was added. */
  add(block: string): boolean {
    const size = this.measure(block);
    if (this.dropped > 0 || this.size + size > this.limit - this.reserve) {
      this.dropped += 1;
      return false;
    }
    this.parts.push(block);
    this.size += size;
    return true;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  /** The text, with `note` (which must fit in the reserve) appended when anything was dropped. */
  toString(note = ''): string {
    const text = this.parts.join('');
    return this.truncated ? `${text}\n\n${note}\n` : text;
  }
}

export const utf8Bytes = utf8Length;
