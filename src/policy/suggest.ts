// "Did you mean …?" for unknown keys and values: a typo must be easy to fix, never silently ignored.

/** Edit distance counting insert, delete, substitute and swapping two neighbours (`prot` → `port`). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row[j] = j;
        continue;
      }
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

// `warnDays`, `Warn-Days` and `warn_days` are the same word to a human.
const normalize = (word: string): string => word.toLowerCase().replace(/[-_ ]/g, '');

/** The candidate the user most likely meant, or undefined when none is close enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const normalized = normalize(word);
  const exact = candidates.find((candidate) => normalize(candidate) === normalized);
  if (exact !== undefined) return exact;
  // Short words allow one edit, longer ones a third of their length: close enough to be a typo.
  const limit = word.length <= 4 ? 1 : Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(normalized, normalize(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
