/**
 * Canary accounting, pure: given what was sent (sequence number, partition, acknowledgement time) and what was seen
 * on the target (sequence number, partition, time seen, in log order), per partition: latencies, lost (sent, never
 * seen within the timeout), duplicates (seen more than once, at any time) and reordered (seen after a higher
 * sequence number). Accounting runs over a whole run, so a duplicate arriving rounds later is still counted.
 */

/** One canary record sent. */
export interface Sent {
  seq: number;
  partition: number;
  ackedAt: number;
}

/** One canary record seen on the target, in log order per partition. */
export interface Seen {
  seq: number;
  partition: number;
  seenAt: number;
}

/** One partition's figures. */
export interface PartitionAccount {
  partition: number;
  sent: number;
  received: number;
  lost: number;
  duplicates: number;
  reordered: number;
  latenciesMs: number[];
}

/** Account for a set of sent and seen records; a record first seen more than `timeoutMs` after its ack is lost. */
export function account(sent: readonly Sent[], seen: readonly Seen[], timeoutMs = Infinity): PartitionAccount[] {
  const partitions = [...new Set(sent.map((s) => s.partition))].sort((a, b) => a - b);
  return partitions.map((partition) => {
    const mine = sent.filter((s) => s.partition === partition);
    const bySeq = new Map(mine.map((s) => [s.seq, s]));
    const counts = new Map<number, number>();
    const latenciesMs: number[] = [];
    let duplicates = 0;
    let reordered = 0;
    let late = 0;
    let highest = -Infinity;
    for (const x of seen.filter((y) => y.partition === partition)) {
      const s = bySeq.get(x.seq);
      if (!s) continue; // another run's record
      const n = (counts.get(x.seq) ?? 0) + 1;
      counts.set(x.seq, n);
      if (n > 1) {
        duplicates++;
        continue;
      }
      if (x.seenAt - s.ackedAt > timeoutMs) {
        late++;
        continue;
      }
      if (x.seq < highest) reordered++;
      highest = Math.max(highest, x.seq);
      latenciesMs.push(Math.max(0, x.seenAt - s.ackedAt));
    }
    return { partition, sent: mine.length, received: counts.size - late, lost: mine.length - counts.size + late, duplicates, reordered, latenciesMs };
  });
}

/** The q-quantile (0..1) of a list, nearest rank; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
