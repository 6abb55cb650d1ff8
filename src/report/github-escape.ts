// Escaping that only GitHub output needs, on top of the shared helpers in escape.ts: workflow
// command data and properties (the toolkit's rules), text inside raw HTML, and values inside
// HTML comments (markers).
import { logSafe } from './escape.js';

/** Invisible, and breaks every pattern GitHub links (mentions, references, autolinks). */
const WORD_JOINER = '\u2060';

/** Workflow command data (the message): the toolkit's rules (`%`, CR, LF). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command property values: the toolkit's rules (`%`, CR, LF, `:` and `,`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Text inside raw HTML such as `<summary>`, where Markdown is not processed but GitHub still links
 * mentions, references and URLs: one line, entities for `& < > "`, a word joiner to unlink.
 */
export function htmlText(text: string): string {
  return logSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[@#]/g, `$&${WORD_JOINER}`)
    .replace(/:(?=\/\/)/g, `:${WORD_JOINER}`)
    .replace(/www\./gi, (match) => `${match.slice(0, 3)}${WORD_JOINER}.`);
}

/** A value safe inside an HTML comment (`--` or `>` would end it early), still readable. */
export function htmlCommentValue(text: string): string {
  return encodeURIComponent(text)
    .replace(/%2F/g, '/')
    .replace(/-(?=-)/g, '%2D');
}

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
