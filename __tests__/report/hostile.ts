// Hostile strings and the checks every renderer's output must pass, shared by the report tests.
import fc from 'fast-check';

/** Pieces an attacker strings together: syntax of every output format and raw control chars. */
const PIECES = [
  '::',
  '::error::x',
  '##[',
  '##[warning]',
  '@',
  '@admin',
  '#',
  '#1',
  '`',
  '``',
  '|',
  '\\',
  '\\|',
  '[',
  ']',
  '](http://e)',
  '![i](http://e/i.png)',
  '(',
  ')',
  '<img src=x>',
  '<',
  '>',
  '&',
  '&lt;',
  '&#64;',
  '"',
  "'",
  '\n',
  '\r',
  '\r\n',
  '\t',
  ' ',
  '    ',
  '\u001b[31m',
  '\u001b]0;title\u0007',
  '\u009b2J',
  '\u0000',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u202e',
  '\u2066',
  '\ud800',
  '\udc00',
  '\ufffe',
  'http://e',
  'www.e.com',
  'a@b.com',
  '-',
  '---',
  '+',
  '=',
  '1.',
  '1)',
  '*',
  '_',
  '~~',
  '$x$',
  '!',
  ']]>',
  '-->',
  '{',
  '}',
  'é',
  '😀',
];

export const hostileString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PIECES),
      fc.string({ unit: 'binary', maxLength: 3 }),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    ),
    { maxLength: 16 },
  )
  .map((pieces) => pieces.join(''));

// C0, DEL, C1, line separators, bidi controls and lone surrogates: none may survive a renderer.
export const UNSAFE_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Lines as the Actions runner reads them (split at CR and LF) that it would take as a workflow
 * command: `::` after leading whitespace (it trims before matching), or `##[` anywhere.
 */
export function workflowCommandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['));
}

/**
 * A GFM table row's cells, split as GitHub's parser does: `\` and the character after it are a
 * pair when that character is ASCII punctuation, and any other `|` ends a cell.
 */
export function gfmCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const char = row[i] as string;
    const next = row[i + 1] ?? '';
    if (char === '\\' && /[!-/:-@[-`{-~]/.test(next)) {
      cell += char + next;
      i++;
    } else if (char === '|') {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  // Leading and trailing pipes delimit the row; they do not make empty cells.
  if (row.trimStart().startsWith('|')) cells.shift();
  if (row.trimEnd().endsWith('|') && cells.at(-1)?.trim() === '') cells.pop();
  return cells;
}
