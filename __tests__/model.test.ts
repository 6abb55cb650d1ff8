import { gateClosedFor, verdictOf, type Finding } from '../src/model.js';

const finding = (severity: Finding['severity'], suppressed = false): Finding => ({
  check: 'chain',
  rule: 'chain.example',
  severity,
  message: 'x',
  ...(suppressed ? { suppressed } : {}),
});

describe('verdict', () => {
  it('is fail on an unsuppressed error, warn on a warning, pass otherwise', () => {
    expect(verdictOf([finding('notice'), finding('error')])).toBe('fail');
    expect(verdictOf([finding('warning'), finding('notice')])).toBe('warn');
    expect(verdictOf([finding('notice', true)])).toBe('pass');
    expect(verdictOf([])).toBe('pass');
  });

  it('applies fail_on to the verdict', () => {
    expect(gateClosedFor('fail', 'error')).toBe(true);
    expect(gateClosedFor('warn', 'error')).toBe(false);
    expect(gateClosedFor('warn', 'warning')).toBe(true);
    expect(gateClosedFor('fail', 'never')).toBe(false);
  });
});
