// Escaping for text that reaches GitHub: workflow commands on stdout, Markdown in summaries,
// comments and issues. Everything a certificate or a server can put into a report (subjects, SANs,
// alert texts) passes through here before it is shown, so none of it can become a command, HTML, a
// link, an image, an @mention or a #reference.

/** Invisible, and breaks every pattern GitHub links (mentions, references, autolinks). */
const WORD_JOINER = '\u2060';

/**
 * Neutralizes workflow commands in text written to a step's log: `::` at the start of a line
 * (the runner trims leading whitespace first) and the legacy `##[` form the runner finds anywhere.
 */
export function neutralizeWorkflowCommands(text: string): string {
  return text
    .replace(/##\[/g, `#${WORD_JOINER}#[`)
    .replace(/^([^\S\r\n]*):(?=:)/gm, `$1:${WORD_JOINER}`);
}

/** Workflow command data (the message): the toolkit's rules (`%`, CR, LF). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command property values: the toolkit's rules (`%`, CR, LF, `:` and `,`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// C0/C1 controls and the bidi overrides that can make text read differently from what it is.
// eslint-disable-next-line no-control-regex
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: line breaks become spaces, other controls a visible replacement. */
export function singleLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(UNSAFE_CONTROLS, '\uFFFD');
}

/** Breaks @mentions, #references and autolinks (GitHub decodes escapes before linking them). */
function unlink(text: string): string {
  return text
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/#/g, `#${WORD_JOINER}`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}${WORD_JOINER}.`);
}

/** Text inside raw HTML (e.g. `<summary>`), where Markdown is not processed. */
export function htmlText(text: string): string {
  return unlink(
    singleLine(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;'),
  );
}

/**
 * Inline Markdown text shown as written: no emphasis, links, images, HTML or mentions. `|` becomes
 * an entity so the result is also safe inside a table cell.
 */
export function markdownText(text: string): string {
  const escaped = singleLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\\`*_[\]()!~{}]/g, '\\$&');
  return unlink(escaped);
}

/**
 * A code span (nothing inside is linked or interpreted). Inside a table cell `|` must still be
 * escaped as `\|`: GitHub splits cells before it parses code spans.
 */
export function markdownCode(text: string, options: { table?: boolean } = {}): string {
  let content = singleLine(text);
  if (options.table) content = content.replace(/\|/g, '\\|');
  if (content === '') return '` `';
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A value safe to put inside an HTML comment (`--` and `>` would end it early). */
export function htmlCommentValue(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/%2F/g, '/');
}

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
