/**
 * MM2's offset translation over offset syncs (OffsetSyncStore semantics): for a group's committed source offset U,
 * take the newest sync S with S.upstream <= U; U == S.upstream gives S.downstream exactly, otherwise
 * S.downstream + 1 (never past the truth); no such sync means U is older than every sync and cannot be translated.
 * An upstream rewind discards the older history, as MM2 does. Keeping every sync since the last rewind (rather than
 * MM2's 64 exponentially spaced ones) gives the same answer or a closer, still conservative one.
 */
import type { OffsetSync } from './codecs.js';

/** Why a translation is missing, or how it was made. */
export type SyncTranslation = { kind: 'exact' | 'plus-one'; downstream: bigint; anchor: OffsetSync } | { kind: 'no-syncs' } | { kind: 'older-than-syncs'; oldestUpstream: bigint };

const key = (topic: string, partition: number): string => `${topic}:${partition}`;

/** The syncs of every source partition, in log order. */
export class OffsetSyncStore {
  private readonly byPartition = new Map<string, OffsetSync[]>();
  /** Every sync ever read, across rewinds: each is still an exact pair, usable as an anchor for exact translation. */
  private readonly history = new Map<string, OffsetSync[]>();

  /** Build a store from syncs in the order they appear in the offset-syncs topic. */
  static fromLog(syncs: Iterable<OffsetSync>): OffsetSyncStore {
    const s = new OffsetSyncStore();
    for (const sync of syncs) s.add(sync);
    return s;
  }

  add(sync: OffsetSync): void {
    const k = key(sync.topic, sync.partition);
    const all = this.history.get(k) ?? [];
    all.push(sync);
    this.history.set(k, all);
    const list = this.byPartition.get(k);
    const last = list?.[list.length - 1];
    if (!list || !last || sync.upstreamOffset < last.upstreamOffset || sync.downstreamOffset < last.downstreamOffset) {
      this.byPartition.set(k, [sync]); // first sync, or a rewind/truncation: older history no longer applies
    } else {
      list.push(sync);
    }
  }

  /** The newest sync read for a source partition: MM2's latest claim of how far it has copied. */
  latest(topic: string, partition: number): OffsetSync | undefined {
    return this.history.get(key(topic, partition))?.at(-1);
  }

  /** Number of syncs kept for a source partition. */
  size(topic: string, partition: number): number {
    return this.byPartition.get(key(topic, partition))?.length ?? 0;
  }

  /**
   * The exact pair closest below `upstream` from the whole history (rewinds included): the sync with the highest
   * upstream offset <= `upstream`, the earliest in the log among equals (the first copy, so a walk from it skips
   * no copy of a later record).
   */
  anchor(topic: string, partition: number, upstream: bigint): OffsetSync | undefined {
    let best: OffsetSync | undefined;
    for (const s of this.history.get(key(topic, partition)) ?? []) {
      if (s.upstreamOffset <= upstream && (!best || s.upstreamOffset > best.upstreamOffset)) best = s;
    }
    return best;
  }

  /**
   * The exact pair closest below a downstream offset (the copy's side), from the whole history: the sync with the
   * highest downstream offset <= `downstream`, the earliest in the log among equals. Used backwards, for a group
   * that read the copy and resumes on the original (active-active).
   */
  anchorByDownstream(topic: string, partition: number, downstream: bigint): OffsetSync | undefined {
    let best: OffsetSync | undefined;
    for (const s of this.history.get(key(topic, partition)) ?? []) {
      if (s.downstreamOffset <= downstream && (!best || s.downstreamOffset > best.downstreamOffset)) best = s;
    }
    return best;
  }

  /** Translate the committed source offset `upstream` of a source partition. */
  translate(topic: string, partition: number, upstream: bigint): SyncTranslation {
    const list = this.byPartition.get(key(topic, partition));
    if (!list || list.length === 0) return { kind: 'no-syncs' };
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].upstreamOffset <= upstream) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return { kind: 'older-than-syncs', oldestUpstream: list[0].upstreamOffset };
    const anchor = list[found];
    return anchor.upstreamOffset === upstream ? { kind: 'exact', downstream: anchor.downstreamOffset, anchor } : { kind: 'plus-one', downstream: anchor.downstreamOffset + 1n, anchor };
  }
}
