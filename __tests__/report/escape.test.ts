import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { SaxesParser } from 'saxes';
import {
  logSafe,
  markdownCode,
  markdownText,
  neutralizeWorkflowCommands,
  tableCell,
  terminalSafe,
  xmlEscape,
} from '../../src/report/escape.js';
import { UNSAFE_CHAR, gfmCells, hostileString, workflowCommandLines } from './hostile.js';

const RUNS = { numRuns: 500, seed: 20260601 };
const markdown = new MarkdownIt({ html: true, linkify: true });

/** Parses an XML document strictly (XML 1.0 characters, entities, nesting); throws when not well-formed. */
function parseXml(xml: string): { text: string; attribute: string } {
  const parser = new SaxesParser();
  let text = '';
  let attribute = '';
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('text', (chunk) => (text += chunk));
  parser.on('opentag', (tag) => (attribute = String(tag.attributes.v ?? '')));
  parser.write(xml).close();
  return { text, attribute };
}

describe('terminalSafe', () => {
  it('shows escape sequences and control characters instead of sending them', () => {
    expect(terminalSafe('a\u001b[31mred\u001b]0;t\u0007')).toBe('a\\x1b[31mred\\x1b]0;t\\x07');
    expect(terminalSafe('\u009b2J\u0085\u007f')).toBe('\\x9b2J\\x85\\x7f');
    expect(terminalSafe('1\n2\r3\t4')).toBe('1\\n2\\r3\\t4');
    expect(terminalSafe('\u202eevil\u2066\u2028')).toBe('\\u202eevil\\u2066\\u2028');
    expect(terminalSafe('lone \ud800 \udc00')).toBe('lone \\ud800 \\udc00');
  });

  it('leaves printable text, emoji and backslashes of RFC 4514 names alone', () => {
    expect(terminalSafe('CN=a\\,b,O=Ünïcode 😀')).toBe('CN=a\\,b,O=Ünïcode 😀');
  });

  it('never lets a control character through', () => {
    fc.assert(
      fc.property(hostileString, (value) => !UNSAFE_CHAR.test(terminalSafe(value))),
      RUNS,
    );
  });
});

describe('neutralizeWorkflowCommands', () => {
  it('breaks `::` at a line start, after whitespace and after CR, and `##[` anywhere', () => {
    const out = neutralizeWorkflowCommands('::error::a\n  ::warning::b\rc::d\nx ##[group]y');
    expect(workflowCommandLines(out)).toEqual([]);
    expect(out).toContain('c::d');
  });

  it('leaves no workflow command in any input', () => {
    fc.assert(
      fc.property(
        hostileString,
        (value) => workflowCommandLines(neutralizeWorkflowCommands(value)).length === 0,
      ),
      RUNS,
    );
  });

  it('logSafe is one printable line without commands, even at the start of a line', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const out = logSafe(value);
        return !UNSAFE_CHAR.test(out) && !/[\r\n]/.test(out) && !/^\s*::/.test(out);
      }),
      RUNS,
    );
  });
});

describe('markdownText', () => {
  it('escapes HTML, links, images, mentions, references and autolinks', () => {
    const html = markdown.renderInline(
      markdownText('<img src=x> [a](http://e) ![i](http://e/i.png) @admin #1 www.e.com http://e'),
    );
    expect(html).not.toMatch(/<img|<a /);
    expect(html).toContain('&lt;img src=x&gt;');
    expect(markdownText('@admin #1')).toBe('@\u2060admin \\#\u20601');
  });

  it('escapes a list, heading or quote marker at the start', () => {
    for (const value of ['- item', '+ item', '1. item', '# heading', '> quote', '=====', '---']) {
      const html = markdown.render(markdownText(value));
      expect(html).toMatch(/^<p>/);
    }
  });

  it('renders any input as one paragraph of text: no element but line breaks, links or HTML', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const out = markdownText(value);
        const html = markdown.render(`x ${out}`);
        // The only tags are the paragraph's own.
        const tags = html.match(/<\/?[a-z][^>]*>/g) ?? [];
        return (
          !/[\r\n]/.test(out) &&
          tags.every((tag) => tag === '<p>' || tag === '</p>') &&
          !/[@#](?!\u2060)/.test(out) &&
          workflowCommandLines(out).length === 0
        );
      }),
      RUNS,
    );
  });

  it('is one cell in a GFM table', () => {
    fc.assert(
      fc.property(
        hostileString,
        (value) => gfmCells(`| ${markdownText(value)} | x |`).length === 2,
      ),
      RUNS,
    );
  });
});

describe('markdownCode and tableCell', () => {
  it('fences with more backticks than the value holds', () => {
    expect(markdownCode('a')).toBe('`a`');
    expect(markdownCode('a ``b`` c')).toBe('```a ``b`` c```');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('')).toBe('` `');
  });

  it('shows any value literally as one code span', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const html = markdown.renderInline(markdownCode(value));
        const tags = html.match(/<\/?[a-z][^>]*>/g) ?? [];
        return tags.length === 2 && tags[0] === '<code>' && tags[1] === '</code>';
      }),
      RUNS,
    );
  });

  it('a table cell keeps the row intact and renders as a code span', () => {
    const cell = tableCell('a|b\\|c');
    expect(gfmCells(`| ${cell} | x |`)).toHaveLength(2);
    const html = markdown.render(`| h | h2 |\n| - | - |\n| ${cell} | x |\n`);
    expect(html).toMatch(/<td><code>a\|b\\+\|c<\/code><\/td>/);
    fc.assert(
      fc.property(hostileString, (value) => gfmCells(`| ${tableCell(value)} | x |`).length === 2),
      RUNS,
    );
  });
});

describe('xmlEscape', () => {
  it('round-trips ordinary text, quotes and line breaks in text and attributes', () => {
    const value = 'a & b <c> "d" \'e\'\n\tf\r';
    const parsed = parseXml(`<a v="${xmlEscape(value)}">${xmlEscape(value)}</a>`);
    expect(parsed).toEqual({ text: value, attribute: value });
  });

  it('keeps any input well-formed XML 1.0 and free of workflow commands', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const escaped = xmlEscape(value);
        const parsed = parseXml(`<a v="${escaped}" w='${escaped}'>${escaped}</a>`);
        return (
          parsed.text === parsed.attribute &&
          workflowCommandLines(parsed.text).length === 0 &&
          workflowCommandLines(escaped).length === 0
        );
      }),
      RUNS,
    );
  });
});

describe('pathological input', () => {
  // Quadratic backtracking or spreading huge arrays into a call would hang or throw here.
  const inputs = [
    '\\'.repeat(200_000) + 'x',
    ' \n'.repeat(100_000),
    ' '.repeat(200_000) + 'x',
    '`a'.repeat(200_000),
    '#'.repeat(200_000),
    '['.repeat(100_000) + '\\'.repeat(100_000),
  ];

  it.each([
    ['terminalSafe', terminalSafe],
    ['logSafe', logSafe],
    ['markdownText', markdownText],
    ['markdownCode', markdownCode],
    ['tableCell', tableCell],
    ['xmlEscape', xmlEscape],
  ] as const)('%s handles 200,000-character values', (_, escape) => {
    for (const input of inputs) expect(escape(input).length).toBeGreaterThanOrEqual(input.length);
  });
});
