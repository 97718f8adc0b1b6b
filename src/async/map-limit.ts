/** Bounded parallelism for per-group and per-partition I/O. */

/** How many per-group requests (offset fetches, commits) drctl keeps in flight. */
export const GROUP_PARALLELISM = 16;

/**
 * How many groups' commits drctl keeps in flight: each is a small write the coordinator appends to
 * __consumer_offsets, so more in flight keeps the brokers busy instead of waiting on round trips.
 */
export const COMMIT_PARALLELISM = 64;

/**
 * Map `items` through `fn` with at most `limit` calls in flight, keeping the input order in the result. Bounded
 * rather than all at once so that hundreds of groups do not open hundreds of requests against one coordinator.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}
