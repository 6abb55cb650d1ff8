// Generates the inputs and outputs tables of the Action from action.yml into README.md (and
// any other Markdown file given), between `<!-- action-docs:start -->` and `<!-- action-docs:end -->`.
//   node scripts/run-ts.mjs scripts/action-docs.ts [--check] [FILE.md...]
// --check changes nothing and exits 1 when a file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ActionYaml {
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

export const START = '<!-- action-docs:start -->';
export const END = '<!-- action-docs:end -->';

const cell = (text: string): string => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

export function renderActionDocs(actionYaml: string): string {
  const action = parse(actionYaml) as ActionYaml;
  const lines = [
    '#### Inputs',
    '',
    '| Input | Default | Description |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs ?? {}).map(([name, input]) => {
      const fallback = input.default ? `\`${input.default}\`` : input.required ? 'required' : '';
      return `| \`${name}\` | ${fallback} | ${cell(input.description ?? '')} |`;
    }),
    '',
    '#### Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs ?? {}).map(
      ([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`,
    ),
  ];
  return lines.join('\n');
}

/** `markdown` with the generated block replaced; throws when the markers are missing. */
export function updateActionDocs(markdown: string, actionYaml: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`missing ${START} … ${END}`);
  return `${markdown.slice(0, start + START.length)}\n${renderActionDocs(actionYaml)}\n${markdown.slice(end)}`;
}

if (process.argv[1]?.endsWith('action-docs.ts')) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const files = args.filter((arg) => arg !== '--check');
  const actionYaml = readFileSync('action.yml', 'utf8');
  let stale = 0;
  for (const file of files.length > 0 ? files : ['README.md']) {
    const current = readFileSync(file, 'utf8');
    const updated = updateActionDocs(current, actionYaml);
    if (updated === current) continue;
    if (check) {
      console.error(`${file}: out of date with action.yml (run scripts/action-docs.ts)`);
      stale += 1;
    } else {
      writeFileSync(file, updated);
      console.log(`updated ${file}`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
