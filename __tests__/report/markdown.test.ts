import MarkdownIt from 'markdown-it';
import { renderMarkdown } from '../../src/report/markdown.js';
import { gfmCells } from './hostile.js';
import { sampleReport } from './sample-report.js';

const markdown = new MarkdownIt({ html: true, linkify: true });
const ALLOWED_TAGS = new Set([
  'h1',
  'h2',
  'p',
  'strong',
  'em',
  'code',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
  'li',
]);

describe('Markdown report', () => {
  const output = renderMarkdown(sampleReport());
  const html = markdown.render(output);

  it('states the verdict, the counts and whether the gate is closed', () => {
    expect(output).toMatch(
      /^# tls-gate report\n\n\*\*❌ FAIL\*\* · gate closed \(`fail_on: error`\)\n/,
    );
    expect(output).toContain('3 targets · 3 errors · 1 warning · 1 notice · 1 suppressed');
  });

  it('renders only the elements it writes itself: no HTML, link or image from a certificate', () => {
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((match) => match[1]));
    expect([...tags].filter((tag) => !ALLOWED_TAGS.has(tag!))).toEqual([]);
    expect(html).toContain('&lt;img src=x&gt;');
  });

  it('leaves no mention or reference outside code spans', () => {
    const prose = html.replace(/<code>[\s\S]*?<\/code>/g, '');
    expect(prose).not.toMatch(/@[a-z]/i);
    expect(prose).not.toMatch(/#\d/);
    expect(prose).toContain('@\u2060admin');
  });

  it('keeps every table row to its header width', () => {
    const tables = output.split('\n\n').filter((block) => block.startsWith('| '));
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      const [header, ...rows] = table.split('\n');
      const width = gfmCells(header!).length;
      for (const row of rows) expect(gfmCells(row)).toHaveLength(width);
    }
    expect((html.match(/<table>/g) ?? []).length).toBe(3);
  });

  it('lists the findings of each target most severe first, suppressed last with its reason', () => {
    const section = output.slice(output.indexOf('## ❌ `api.example.com:443`'));
    const rules = [...section.matchAll(/^\| [^|]+ \| `([a-z0-9.-]+)` \|/gm)].map(
      (match) => match[1],
    );
    expect(rules.slice(0, 5)).toEqual([
      'chain.untrusted-root',
      'hostname.mismatch',
      'expiry.expiring-soon',
      'revocation.no-ocsp-url',
      'protocol.tls10',
    ]);
    expect(section).toContain('— *suppressed (was error): vendor appliance @\u2060ops-team');
  });
});
