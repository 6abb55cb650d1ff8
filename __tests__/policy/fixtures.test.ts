// The loader and the published JSON Schema judge the same fixtures the same way. Invalid fixtures
// list the loader's exact problems in trailing `# expect: LINE:COL: KEY: MESSAGE` comments
// (absolute paths left out). Fixtures named `loader-only-*` break rules a schema cannot express
// (files on disk, merged settings, duplicates across entries, YAML-level limits); the schema must
// accept those, so the marker cannot hide a disagreement.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ConfigurationError, formatProblem } from '../../src/errors.js';
import { parsePolicyText } from '../../src/policy/load.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures', 'policies');
const schema = JSON.parse(
  readFileSync(join(here, '..', '..', 'schema', 'tls-gate.schema.json'), 'utf8'),
) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

const list = (kind: string): string[] =>
  readdirSync(join(fixtures, kind))
    .filter((name) => name.endsWith('.yml'))
    .sort();

const load = (kind: string, name: string) => {
  const absPath = join(fixtures, kind, name);
  return parsePolicyText(readFileSync(absPath, 'utf8'), name, absPath);
};

/** Schema verdict on the fixture as YAML data, or undefined when it is not even loadable data. */
function schemaAccepts(kind: string, name: string): boolean | undefined {
  let data: unknown;
  try {
    data = parse(readFileSync(join(fixtures, kind, name), 'utf8'));
  } catch {
    return undefined;
  }
  return validate(data);
}

async function loaderProblems(name: string): Promise<string[]> {
  try {
    await load('invalid', name);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return error.problems.map(formatProblem);
  }
  throw new Error(`${name} was accepted by the loader`);
}

test('there are fixtures of every kind', () => {
  expect(list('valid').length).toBeGreaterThanOrEqual(8);
  expect(list('invalid').filter((name) => name.startsWith('loader-only-')).length).toBeGreaterThan(
    5,
  );
  expect(list('invalid').filter((name) => !name.startsWith('loader-only-')).length).toBeGreaterThan(
    20,
  );
});

describe.each(list('valid'))('valid/%s', (name) => {
  test('the loader accepts it', async () => {
    const policy = await load('valid', name);
    expect(policy.targets.length).toBeGreaterThan(0);
  });

  test('the schema accepts it', () => {
    expect(schemaAccepts('valid', name)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });
});

describe.each(list('invalid'))('invalid/%s', (name) => {
  const text = readFileSync(join(fixtures, 'invalid', name), 'utf8');
  const expected = [...text.matchAll(/^# expect: (.*)$/gm)].map((match) => `${name}:${match[1]}`);

  test('the loader reports exactly the expected problems', async () => {
    expect(expected.length).toBeGreaterThan(0);
    const problems = await loaderProblems(name);
    expect(problems).toHaveLength(expected.length);
    problems.forEach((problem, index) =>
      expect(problem.startsWith(expected[index] ?? '')).toBe(true),
    );
  });

  if (name.startsWith('loader-only-')) {
    test('the schema cannot see the problem (it is marked loader-only rightly)', () => {
      expect(schemaAccepts('invalid', name)).not.toBe(false);
    });
  } else {
    test('the schema rejects it', () => {
      expect(schemaAccepts('invalid', name)).not.toBe(true);
    });
  }
});
