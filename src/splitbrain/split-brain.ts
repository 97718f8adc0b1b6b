/**
 * Split-brain watch: after a failover of a flow, the old source must take no more writes on the topics the moved
 * groups read, or consumers on the new primary never see them. A failover journals those source partitions and
 * their log ends right after it (unknown when the source was down; `drctl agent` then journals the ends it first
 * sees as the baseline). Any log end past its baseline is a write after the failover. A completed failback of the
 * flow ends the watch.
 */
import type { ClusterGateway } from '../kafka/gateway.js';
import { appendJournal, readJournal, type JournalEntry } from '../journal/journal.js';

/** A watched source partition and its log end after the failover (null: not known yet). */
export interface WatchedPartition {
  topic: string;
  partition: number;
  end: string | null;
}

/** The watch of a flow's newest failover. */
export interface SplitBrainWatch {
  flow: string;
  /** When the failover committed. */
  since: string;
  partitions: WatchedPartition[];
}

/** A write to the old source after the failover. */
export interface SplitBrainWrite {
  topic: string;
  partition: number;
  /** The log end right after the failover, and now: records at [from, to) were written since. */
  from: bigint;
  to: bigint;
}

/** The step name of the baseline the agent journals after an unplanned failover. */
export const BASELINE_STEP = 'split-brain baseline';

/** The active watch of `flow` from the journal: its newest failover, unless a failback of it completed since. */
export function activeWatch(entries: readonly JournalEntry[], flow: string): SplitBrainWatch | null {
  let at = -1;
  entries.forEach((e, i) => {
    if (e.type === 'failover' && e.flow === flow && Array.isArray(e.watch) && e.watch.length > 0) at = i;
  });
  if (at < 0) return null;
  const later = entries.slice(at + 1);
  if (later.some((e) => e.type === 'run-summary' && e.command === 'failback' && e.flow === flow && e.status === 'complete')) return null;
  const partitions = (entries[at].watch as WatchedPartition[]).map((w) => ({ ...w }));
  // Baselines the agent found for partitions whose end was unknown (the source was down at the failover).
  for (const e of later)
    if (e.type === 'step' && e.step === BASELINE_STEP && e.flow === flow && Array.isArray(e.watch))
      for (const b of e.watch as WatchedPartition[]) {
        const w = partitions.find((p) => p.topic === b.topic && p.partition === b.partition);
        if (w && w.end === null) w.end = b.end;
      }
  return { flow, since: entries[at].at, partitions };
}

/** Writes after the failover: partitions whose log end is past a known baseline. */
export function writesAfter(watch: SplitBrainWatch, ends: ReadonlyMap<string, bigint>): SplitBrainWrite[] {
  return watch.partitions.flatMap((w) => {
    const now = ends.get(`${w.topic}:${w.partition}`);
    return w.end !== null && now !== undefined && now > BigInt(w.end) ? [{ topic: w.topic, partition: w.partition, from: BigInt(w.end), to: now }] : [];
  });
}

/** One line per write, for a NO-GO reason or a log line. */
export const describeWrites = (source: string, watch: SplitBrainWatch, writes: readonly SplitBrainWrite[]): string =>
  `split brain: ${source} took writes after the failover of ${watch.since}: ${writes.map((w) => `${w.topic}-${w.partition} offsets ${w.from}..${w.to - 1n}`).join(', ')}`;

/**
 * Check `flow`'s watch against the old source's log ends now. With `establish`, partitions without a baseline get
 * today's ends as theirs (journaled), so later writes are caught. Null when nothing is watched.
 */
export async function checkSplitBrain(stateDir: string, flow: string, source: ClusterGateway, establish = false): Promise<{ watch: SplitBrainWatch; writes: SplitBrainWrite[]; unknown: number } | null> {
  const found = activeWatch(readJournal(stateDir), flow);
  if (!found) return null;
  // A topic deleted since (a drill's, one cleaned up) takes no writes: it drops out of the watch.
  const existing = new Set((await source.listTopics()).map((t) => t.name));
  const watch = { ...found, partitions: found.partitions.filter((w) => existing.has(w.topic)) };
  if (watch.partitions.length === 0) return null;
  const listed = await source.listOffsets(
    watch.partitions.map((w) => ({ topic: w.topic, partition: w.partition })),
    'latest',
  );
  const ends = new Map(listed.map((o) => [`${o.topic}:${o.partition}`, o.offset ?? 0n]));
  const missing = watch.partitions.filter((w) => w.end === null);
  if (establish && missing.length > 0) {
    const baseline = missing.map((w) => ({ topic: w.topic, partition: w.partition, end: String(ends.get(`${w.topic}:${w.partition}`) ?? 0n) }));
    appendJournal(stateDir, {
      type: 'step',
      command: 'agent',
      runId: `agent-${process.pid}`,
      flow,
      step: BASELINE_STEP,
      status: 'done',
      detail: `log ends of ${baseline.length} partition(s) of ${flow.split('->')[0]} first seen after the failover`,
      ms: 0,
      watch: baseline,
    });
    for (const w of missing) w.end = String(ends.get(`${w.topic}:${w.partition}`) ?? 0n);
  }
  return { watch, writes: writesAfter(watch, ends), unknown: watch.partitions.filter((w) => w.end === null).length };
}
