// Escaping for everything a certificate, a server or a file name can put into a report (subjects,
// SANs, issuers, alert texts, paths). Each helper makes a value inert in one output context; the
// renderers call them on every value they did not write themselves.

/** Invisible, joins nothing, and breaks every pattern GitHub links or the runner parses. */
const WORD_JOINER = '\u2060';

// C0 and C1 controls, DEL, line/paragraph separators, bidi marks and overrides (they make text
// read differently from what it is), lone surrogates and the XML non-characters U+FFFE/U+FFFF.
const CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visibleControl(char: string): string {
  const named = NAMED_CONTROLS[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of text safe to print on a terminal: every control character (ESC included, so no
 * escape sequence survives), line break, bidi override and lone surrogate becomes a visible
 * escape such as `\x1b`, `\n` or `\u202e`. Backslashes are kept as they are, so RFC 4514 names
 * (`CN=a\,b`) read naturally.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS, visibleControl);
}

/**
 * Neutralizes GitHub workflow commands in text that may reach a step's log: `::` at the start of
 * a line (the runner trims leading whitespace first, and splits lines at CR as well as LF) and the
 * legacy `##[` form, which the runner finds anywhere in a line. The start of `text` counts as the
 * start of a line, because a caller may print a value first on a line.
 */
export function neutralizeWorkflowCommands(text: string): string {
  return text
    .replace(/#(?=#\[)/g, `#${WORD_JOINER}`)
    .replace(/(^|[\r\n])((?:[^\S\r\n]|[\u0085\u180e])*):(?=:)/g, `$1$2:${WORD_JOINER}`);
}

/** A value for a plain-text line on a terminal or in a CI log. */
export function logSafe(text: string): string {
  return neutralizeWorkflowCommands(terminalSafe(text));
}

/**
 * Inline Markdown (GitHub Flavored) that shows `text` as written, on one line: no HTML (`< > &`
 * become entities); the characters of links, images, emphasis, code, math, strikethrough and
 * tables backslash-escaped everywhere (`|` and `\` too, so the result is also safe inside a table
 * cell); a list, quote or heading marker escaped at the start, where the caller may put the value
 * first on a line; and a word joiner after `@` and `#`, in `://` and `www.`, because GitHub links
 * mentions, references and URLs after it has decoded entities and escapes.
 */
export function markdownText(text: string): string {
  return logSafe(text)
    .replace(/www\./gi, (match) => `${match.slice(0, 3)}${WORD_JOINER}.`)
    .replace(/:(?=\/\/)/g, `:${WORD_JOINER}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#!|~$]/g, '\\$&')
    .replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_, space: string, marker: string) =>
      /\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    )
    .replace(/[@#]/g, `$&${WORD_JOINER}`);
}

function codeSpan(content: string): string {
  if (content === '') return '` `';
  // reduce, not Math.max(...runs): a hostile value can hold more runs than a call takes arguments.
  const longestRun = (content.match(/`+/g) ?? []).reduce(
    (max, run) => Math.max(max, run.length),
    0,
  );
  const fence = '`'.repeat(longestRun + 1);
  // A space on each side is stripped by the parser; it lets the content start or end with a
  // backtick or a space and still be shown exactly.
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A Markdown code span showing `text` literally: nothing inside is linked, mentioned, parsed as
 * HTML or Markdown. The fence is longer than any backtick run in the value. Controls become
 * visible escapes and workflow commands are neutralized. Not for table cells: use `tableCell`.
 */
export function markdownCode(text: string): string {
  return codeSpan(logSafe(text));
}

/**
 * A value shown as a code span inside a GFM table cell. GitHub splits cells at `|` before it
 * parses code spans, and treats `\` followed by punctuation as a pair while it does, so `|` is
 * escaped and any backslashes right before it are doubled (the cell shows them doubled: safe over
 * exact, and such names do not occur in real certificates).
 */
export function tableCell(text: string): string {
  return codeSpan(
    logSafe(text).replace(/(?<!\\)(\\*)\|/g, (_, slashes: string) => `${slashes}${slashes}\\|`),
  );
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

// One pass, so the `&` of a character reference is not escaped again.
const XML_UNSAFE = new RegExp(`${CONTROLS.source}|[&<>"']`, 'g');

/**
 * Text for XML 1.0 element content or an attribute value (either quote). Tab, LF and CR are kept
 * as character references (an attribute would otherwise turn them into spaces); every other
 * control character, which XML 1.0 forbids or discourages, lone surrogates, U+FFFE/U+FFFF and
 * bidi overrides become visible escapes such as `\x1b`. Workflow commands are neutralized.
 */
export function xmlEscape(text: string): string {
  return neutralizeWorkflowCommands(text).replace(
    XML_UNSAFE,
    (char) => XML_ENTITIES[char] ?? visibleControl(char),
  );
}
