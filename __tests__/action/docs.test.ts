// README's Action section must match action.yml: the generated tables are
// current, and every copy-paste workflow uses only real inputs and outputs.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { updateActionDocs } from '../../scripts/action-docs.js';

const actionYaml = readFileSync('action.yml', 'utf8');
const action = parse(actionYaml) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};
const readme = readFileSync('README.md', 'utf8');
// The Action section: from its heading to the next top-level heading.
const start = readme.indexOf('## GitHub Action');
const docs = readme.slice(start, readme.indexOf('\n## ', start + 1));

it('runs dist/index.js on node24', () => {
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
});

it('has generated tables that match action.yml', () => {
  expect(updateActionDocs(docs, actionYaml)).toBe(docs);
});

it('uses only real inputs and outputs in the example workflows', () => {
  const workflows = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!));
  expect(workflows).toHaveLength(4);
  let steps = 0;
  for (const workflow of workflows) {
    for (const job of Object.values(
      workflow.jobs as Record<string, { steps: { uses?: string; with?: object }[] }>,
    )) {
      for (const step of job.steps ?? []) {
        if (!step.uses?.startsWith('tls-gate/tls-gate@')) continue;
        steps += 1;
        for (const input of Object.keys(step.with ?? {}))
          expect(Object.keys(action.inputs)).toContain(input);
      }
    }
  }
  expect(steps).toBe(5);
  for (const [, output] of docs.matchAll(/steps\.gate\.outputs\.([a-z-]+)/g)) {
    expect(Object.keys(action.outputs)).toContain(output);
  }
});
