// Bounded parallelism across targets: at most `limit` calls of `fn` in flight, results in input order.

/**
 * Maps `items` through `fn` with at most `limit` promises pending at once. Results keep the input
 * order. A rejection stops new items from starting and rejects the whole call (callers that must
 * not fail, like probeHost, never reject).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const width = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
