// Go's time.ParseDuration, which cert-manager (metav1.Duration) uses for spec.duration and
// spec.renewBefore: `2160h`, `1h30m`, `90m`, `0`. There is no day unit: `90d` is rejected by the
// API server, so tls-gate rejects it too.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign
  μs: 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/** Milliseconds, or the reason the text is not a Go duration. */
export function parseGoDuration(text: string): { ms: number } | { error: string } {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return { ms: 0 };
  if (rest === '') return { error: 'empty duration' };
  let total = 0;
  while (rest !== '') {
    const match = PART.exec(rest);
    if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
      return { error: `expected a number followed by a unit at "${rest}"` };
    }
    const [whole, integer, fraction = '', unit] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
    ];
    const factor = UNIT_MS[unit];
    if (factor === undefined) {
      return {
        error:
          unit === 'd' || unit === 'w'
            ? `unknown unit "${unit}": Go durations have no days or weeks, use hours (90 days = 2160h)`
            : `unknown unit "${unit}" (valid: ns, us, ms, s, m, h)`,
      };
    }
    total += Number(`${integer || '0'}.${fraction || '0'}`) * factor;
    rest = rest.slice(whole.length);
  }
  return { ms: sign * total };
}

/** `2160h (90 days)`: the text as written plus a readable size and an optional note. */
export function describeDuration(text: string, ms: number, note?: string): string {
  const days = ms / 86_400_000;
  const rounded = Number.isInteger(days) ? `${days}` : days.toFixed(1);
  return `${text} (${rounded} day${days === 1 ? '' : 's'}${note ? `, ${note}` : ''})`;
}
