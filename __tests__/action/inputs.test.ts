import { ConfigurationError } from '../../src/errors.js';
import { inputVariable, parseInputs } from '../../src/action/inputs.js';

it('names input variables as the runner does: upper case, spaces to _, hyphens kept', () => {
  expect(inputVariable('fail-on')).toBe('INPUT_FAIL-ON');
  expect(inputVariable('my input')).toBe('INPUT_MY_INPUT');
});

it('applies defaults for empty inputs', () => {
  expect(parseInputs({})).toEqual({
    policy: '.github/tls-gate.yml',
    token: '',
    comment: 'auto',
    auditIssue: 'auto',
  });
});

it('parses every input', () => {
  expect(
    parseInputs({
      INPUT_POLICY: ' ops/tls.yml ',
      INPUT_TOKEN: 't',
      INPUT_COMMENT: 'Always',
      'INPUT_AUDIT-ISSUE': 'never',
      'INPUT_FAIL-ON': 'warning',
      INPUT_NOW: '2026-06-01T12:00:00+02:00',
      'INPUT_SARIF-FILE': 'a.sarif',
      'INPUT_JSON-FILE': 'a.json',
      'INPUT_JUNIT-FILE': 'a.xml',
    }),
  ).toEqual({
    policy: 'ops/tls.yml',
    token: 't',
    comment: 'always',
    auditIssue: 'never',
    failOn: 'warning',
    now: new Date('2026-06-01T10:00:00Z'),
    sarifFile: 'a.sarif',
    jsonFile: 'a.json',
    junitFile: 'a.xml',
  });
});

it('reports all bad inputs at once, quoting each and the expected form', () => {
  let error: unknown;
  try {
    parseInputs({ 'INPUT_AUDIT-ISSUE': 'yes', INPUT_NOW: '06/01/2026', 'INPUT_FAIL-ON': 'errors' });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).problems.map((p) => p.message)).toEqual([
    'input "audit-issue": expected one of auto, always, never, got "yes"',
    'input "fail-on": expected one of error, warning, never, got "errors"',
    'input "now": expected an ISO-8601 instant such as 2026-06-01T00:00:00Z, got "06/01/2026"',
  ]);
});
