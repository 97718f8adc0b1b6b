/**
 * Exact translation: the downstream offset of the very record a group would read next on the source.
 * Starting from an offset sync (an exact pair: the source record at `anchor.upstream` was written at
 * `anchor.downstream`), it walks both logs forward in step, matching records by identity:
 * - source gaps (transaction markers, compaction) never appear as records, so they cost nothing;
 * - a target record matching a record already passed is a duplicate MM2 wrote (e.g. after a restart) and is skipped;
 * - source records absent from the target (e.g. aborted transactions MM2 did not copy) are skipped by look-ahead.
 * When the source cursor reaches the committed offset U, the target cursor is the answer. Anything it cannot
 * explain makes it say why, so the caller falls back to the conservative translation.
 */
import type { ClusterGateway, KafkaRecord, ReadResult, TopicPartition } from '../kafka/gateway.js';
import { readRange, readRangeBatches } from '../kafka/read-range.js';
import type { OffsetSync } from '../mm2/codecs.js';
import { IdentitySet, recordIdentity, sameRecord } from './record-identity.js';

/** The walk's answer. */
export type ExactResult =
  | {
      exact: true;
      downstream: bigint;
      /** Duplicates MM2 wrote between the anchor and the answer (skipped). */
      duplicatesSkipped: number;
      /** Source records before U that MM2 never copied (e.g. aborted transactions). */
      sourceRecordsNotCopied: number;
      /** Records the group consumed on the source that are not on the target yet (mirror behind the group). */
      consumedNotReplicated: number;
      /** The source timestamp and offset of the first of those records (present only when there are some). */
      oldestNotReplicated?: number;
      firstNotReplicatedOffset?: bigint;
      /** Set when retention deleted records on one side: what the walk did about it (for the partition's note). */
      trimmed?: string;
    }
  | { exact: false; reason: string };

/** Limits of one walk. */
export interface WalkLimits {
  maxSteps?: number;
  lookahead?: number;
  /** The anchor is unverified (the two log starts): the first records must be copies of each other. */
  verifyAnchor?: boolean;
}

/** The reason a walk gives when `verifyAnchor` finds that the two first records differ. */
export const UNVERIFIED_ANCHOR = 'the two log starts do not hold the same record';

/** Cursor.now's answer for a record not read yet. */
const NOT_READ = Symbol('not read');

/** A pull-based cursor over a partition read batch by batch, with a look-ahead buffer (an await per batch, not per record). */
class Cursor {
  private buf: KafkaRecord[] = [];
  private at = 0;
  private done = false;
  constructor(private readonly it: AsyncIterator<KafkaRecord[]>) {}
  async peek(i = 0): Promise<KafkaRecord | undefined> {
    while (this.buf.length - this.at <= i && !this.done) {
      const n = await this.it.next();
      if (n.done) this.done = true;
      else {
        this.buf = this.at < this.buf.length ? this.buf.slice(this.at).concat(n.value) : n.value;
        this.at = 0;
      }
    }
    return this.buf[this.at + i];
  }
  /**
   * The record `i` ahead when no read is needed for it (buffered, or the log is exhausted: undefined); `NOT_READ`
   * otherwise. The walk steps through tens of thousands of buffered records: an await per step would cost a
   * promise and microtask turns each.
   */
  now(i = 0): KafkaRecord | undefined | typeof NOT_READ {
    return this.buf.length - this.at > i || this.done ? this.buf[this.at + i] : NOT_READ;
  }
  shift(n = 1): void {
    this.at += n;
  }
}

/** The log bounds of the two partitions of a walk (read once per batch rather than once per walk). */
export interface WalkBounds {
  srcStart: bigint;
  srcEnd: bigint;
  tgtStart: bigint;
  tgtEnd: bigint;
}

/** Read the bounds of one source/target partition pair. */
export async function walkBounds(source: ClusterGateway, sourceTp: TopicPartition, target: ClusterGateway, targetTp: TopicPartition): Promise<WalkBounds> {
  const [[se], [ss], [te], [ts]] = await Promise.all([source.listOffsets([sourceTp], 'latest'), source.listOffsets([sourceTp], 'earliest'), target.listOffsets([targetTp], 'latest'), target.listOffsets([targetTp], 'earliest')]);
  return { srcStart: ss.offset ?? 0n, srcEnd: se.offset ?? 0n, tgtStart: ts.offset ?? 0n, tgtEnd: te.offset ?? 0n };
}

/** Walk from `anchor` to the committed source offset `upstream`. */
export async function exactDownstream(source: ClusterGateway, sourceTp: TopicPartition, target: ClusterGateway, targetTp: TopicPartition, anchor: OffsetSync, upstream: bigint, limits: WalkLimits = {}): Promise<ExactResult> {
  return (await exactDownstreams(source, sourceTp, target, targetTp, anchor, [upstream], limits))[0];
}

/**
 * One walk from `anchor` answering every committed offset in `upstreams` (ascending, none below the anchor), so that
 * many groups on one partition cost one pass over its records. Answers in the order of `upstreams`.
 */
export async function exactDownstreams(
  source: ClusterGateway,
  sourceTp: TopicPartition,
  target: ClusterGateway,
  targetTp: TopicPartition,
  startAnchor: OffsetSync,
  upstreams: readonly bigint[],
  limits: WalkLimits = {},
  known?: WalkBounds,
  prefetched?: { source?: ReadResult; target?: ReadResult },
): Promise<ExactResult[]> {
  const maxSteps = limits.maxSteps ?? 200_000;
  const lookahead = limits.lookahead ?? 1_000;
  let anchor = startAnchor;
  const b = known ?? (await walkBounds(source, sourceTp, target, targetTp));
  const out: ExactResult[] = [];
  const failAll = (reason: string): ExactResult[] => {
    while (out.length < upstreams.length) out.push({ exact: false, reason });
    return out;
  };
  let trimmed: string | undefined;
  if (b.srcStart > anchor.upstreamOffset || b.tgtStart > anchor.downstreamOffset || limits.verifyAnchor) {
    // Retention deleted the anchor's record on one side (or the anchor is the two log starts, unverified): start
    // from the first record both logs still hold. The target lost records to retention when its log start passed
    // the anchor, or, for the log-start anchor, when it is above 0 at all (MM2 copies a topic from its start).
    const targetTrimmed = b.tgtStart > anchor.downstreamOffset || (limits.verifyAnchor === true && b.tgtStart > 0n);
    const a = await realign(source, sourceTp, target, targetTp, anchor, b, maxSteps, targetTrimmed, prefetched);
    if ('reason' in a) return failAll(a.reason);
    if (a.anchor.upstreamOffset !== anchor.upstreamOffset || a.anchor.downstreamOffset !== anchor.downstreamOffset) prefetched = undefined;
    anchor = a.anchor;
    // Committed offsets below the new anchor: their records are gone from the target (answer: its first record) or
    // from the source (no record to match: not exact, the caller keeps the conservative value).
    while (out.length < upstreams.length && upstreams[out.length] < anchor.upstreamOffset) {
      const u = upstreams[out.length];
      if (u < b.srcStart) {
        out.push({ exact: false, reason: `offset ${u} is below the source's log start ${b.srcStart} (records deleted by retention before the group read them)` });
        continue;
      }
      // Counted where the search read them; before a jump by time, only their offsets are known.
      const what = u >= a.scannedFrom ? `the next ${a.deletedOnTarget.filter((o) => o >= u).length} record(s) (source offsets ${u}..${anchor.upstreamOffset - 1n})` : `the records at source offsets ${u}..${anchor.upstreamOffset - 1n}`;
      const why = targetTrimmed ? 'were deleted on the target by retention' : 'are not on the target (never copied, or deleted)';
      out.push({ exact: true, downstream: anchor.downstreamOffset, duplicatesSkipped: 0, sourceRecordsNotCopied: 0, consumedNotReplicated: 0, trimmed: `the copies of ${what} ${why}: resumes at the target's first record ${anchor.downstreamOffset}` });
    }
    if (out.length === upstreams.length) return out;
    if (a.note) trimmed = a.note;
  }
  const targetEnd = b.tgtEnd;
  const src = new Cursor(readRangeBatches(source, sourceTp, anchor.upstreamOffset, b.srcEnd, undefined, prefetched?.source));
  const tgt = new Cursor(readRangeBatches(target, targetTp, anchor.downstreamOffset, targetEnd, undefined, prefetched?.target));
  const passed = new IdentitySet();
  // Copies of records from before the anchor appear when MM2 re-copies after a restart; they are duplicates of
  // consumed records too. Their identities are read from the source only when an unknown record turns up.
  let beforeAnchor: Set<string> | undefined;
  const isCopyOfEarlier = async (id: string): Promise<boolean> => {
    if (!beforeAnchor) {
      beforeAnchor = new Set();
      let n = 0;
      for await (const r of readRange(source, sourceTp, b.srcStart, anchor.upstreamOffset)) {
        beforeAnchor.add(recordIdentity(r));
        if (++n >= maxSteps) break;
      }
    }
    return beforeAnchor.has(id);
  };
  let duplicatesSkipped = 0;
  let sourceRecordsNotCopied = 0;
  for (let steps = 0; steps < maxSteps; steps++) {
    let cs = src.now();
    if (cs === NOT_READ) cs = await src.peek();
    let tr = tgt.now();
    if (tr === NOT_READ) tr = await tgt.peek();
    while (out.length < upstreams.length && (!cs || cs.offset >= upstreams[out.length])) {
      // The group reads `cs` next: skip copies of records it already consumed (the walk would skip them anyway),
      // then we are there.
      while (tr && !(cs && sameRecord(tr, cs)) && (passed.has(recordIdentity(tr)) || (await isCopyOfEarlier(recordIdentity(tr))))) {
        duplicatesSkipped++;
        tgt.shift();
        tr = tgt.now();
        if (tr === NOT_READ) tr = await tgt.peek();
      }
      out.push({ exact: true, downstream: tr ? tr.offset : targetEnd, duplicatesSkipped, sourceRecordsNotCopied, consumedNotReplicated: 0, ...(trimmed ? { trimmed } : {}) });
    }
    if (out.length === upstreams.length) return out;
    if (!cs) return out; // unreachable: an exhausted source answers every remaining offset above
    if (!tr) {
      // The groups consumed records the mirror has not copied yet.
      let notReplicated = 0;
      const oldest = cs.timestamp;
      for (let i = 0; out.length < upstreams.length; i++) {
        const r = await src.peek(i);
        while (out.length < upstreams.length && (!r || r.offset >= upstreams[out.length])) {
          out.push({
            exact: true,
            downstream: targetEnd,
            duplicatesSkipped,
            sourceRecordsNotCopied,
            consumedNotReplicated: notReplicated,
            ...(notReplicated > 0 ? { oldestNotReplicated: oldest, firstNotReplicatedOffset: cs.offset } : {}),
            ...(trimmed ? { trimmed } : {}),
          });
        }
        notReplicated++;
      }
      return out;
    }
    if (sameRecord(tr, cs)) {
      passed.add(cs);
      src.shift();
      tgt.shift();
      continue;
    }
    const tid = recordIdentity(tr);
    if (passed.has(tid) || (await isCopyOfEarlier(tid))) {
      duplicatesSkipped++;
      tgt.shift();
      continue;
    }
    let k = -1;
    for (let i = 1; i <= lookahead; i++) {
      let r = src.now(i);
      if (r === NOT_READ) r = await src.peek(i);
      if (!r) break;
      if (sameRecord(r, tr)) {
        k = i;
        break;
      }
    }
    if (k < 0) return failAll(`target record at offset ${tr.offset} matches no source record after upstream ${cs.offset}`);
    for (let i = 0; i < k; i++) {
      let next = src.now();
      if (next === NOT_READ) next = await src.peek();
      const r = next!; // the look-ahead above read it
      // Records skipped here that lie before the next committed offset were never copied (e.g. aborted).
      if (r.offset < upstreams[out.length]) sourceRecordsNotCopied++;
      passed.add(r);
      src.shift();
      // A committed offset inside the skipped run is answered at the top of the loop with these counts.
      let nxt = src.now();
      if (nxt === NOT_READ) nxt = await src.peek();
      if (nxt && out.length < upstreams.length && nxt.offset >= upstreams[out.length]) break;
    }
  }
  return failAll(`more than ${maxSteps} records between the sync and the committed offset`);
}

/**
 * A new anchor both logs still hold; the source offsets, from `scannedFrom` on, whose copies the target no longer
 * holds; and a note.
 */
type Realigned = { anchor: OffsetSync; deletedOnTarget: bigint[]; scannedFrom: bigint; note: string | null } | { reason: string };

/** The first record of a partition at or after `from`, or undefined when there is none below `end`; `first` is a
 * read at `from` done earlier (batched), used instead of a fetch. */
async function firstRecord(gw: ClusterGateway, tp: TopicPartition, from: bigint, end: bigint, first?: ReadResult): Promise<KafkaRecord | undefined> {
  for await (const r of readRange(gw, tp, from, end, undefined, first)) return r;
  return undefined;
}

/**
 * Where the copy of `wanted` sits in `tp` at or after `from`, found by identity. MM2 keeps timestamps, so the search
 * starts at the first offset whose timestamp is at or after the record's (ListOffsets by time returns the earliest
 * such offset, so the copy is never before it): one request instead of reading everything retention left between.
 * `passed` are the offsets read before the copy.
 */
async function findCopy(gw: ClusterGateway, tp: TopicPartition, from: bigint, end: bigint, wanted: KafkaRecord, maxSteps: number): Promise<{ offset: bigint; scannedFrom: bigint; passed: bigint[] } | null> {
  const [byTime] = wanted.timestamp >= 0 ? await gw.listOffsets([tp], { timestamp: wanted.timestamp }) : [{ offset: from }];
  if (byTime.offset === null) return null; // nothing at or after its time: no copy
  const scannedFrom = byTime.offset > from ? byTime.offset : from;
  const passed: bigint[] = [];
  for await (const r of readRange(gw, tp, scannedFrom, end)) {
    if (sameRecord(r, wanted)) return { offset: r.offset, scannedFrom, passed };
    passed.push(r.offset);
    if (passed.length >= maxSteps) break;
  }
  return null;
}

/**
 * Find an exact pair at or after `anchor` that both logs still hold, by record identity:
 * - the two first records (from the anchor, or each log start if later) are copies of each other: that pair;
 * - else the target's first record, looked up in the source (the target was trimmed further, the usual case: a DR
 *   copy often keeps less than the source); the source records passed on the way have no copy left on the target;
 * - else the source's first record, looked up in the target (the source was trimmed further).
 */
async function realign(
  source: ClusterGateway,
  sourceTp: TopicPartition,
  target: ClusterGateway,
  targetTp: TopicPartition,
  anchor: OffsetSync,
  b: WalkBounds,
  maxSteps: number,
  targetTrimmed: boolean,
  prefetched?: { source?: ReadResult; target?: ReadResult },
): Promise<Realigned> {
  const srcFrom = anchor.upstreamOffset > b.srcStart ? anchor.upstreamOffset : b.srcStart;
  const tgtFrom = anchor.downstreamOffset > b.tgtStart ? anchor.downstreamOffset : b.tgtStart;
  // The batched first reads were made at the anchor's offsets: usable only where the read starts there.
  const [s0, t0] = await Promise.all([
    firstRecord(source, sourceTp, srcFrom, b.srcEnd, srcFrom === anchor.upstreamOffset ? prefetched?.source : undefined),
    firstRecord(target, targetTp, tgtFrom, b.tgtEnd, tgtFrom === anchor.downstreamOffset ? prefetched?.target : undefined),
  ]);
  if (!s0 || !t0) return { reason: UNVERIFIED_ANCHOR };
  const trimmedNote = (side: 'source' | 'target', start: bigint, at: bigint) => `the ${side}'s log start ${start} is past the offset sync's record (deleted by retention): walked from ${at}`;
  if (sameRecord(s0, t0)) {
    const note = b.tgtStart > anchor.downstreamOffset ? trimmedNote('target', b.tgtStart, t0.offset) : b.srcStart > anchor.upstreamOffset ? trimmedNote('source', b.srcStart, s0.offset) : null;
    return { anchor: { ...anchor, upstreamOffset: s0.offset, downstreamOffset: t0.offset }, deletedOnTarget: [], scannedFrom: s0.offset, note };
  }
  const inSource = await findCopy(source, sourceTp, srcFrom, b.srcEnd, t0, maxSteps);
  if (inSource) {
    // Worth a note only where retention made the sync stale; two log starts that differ are no news.
    const note = targetTrimmed ? `retention deleted the target's records below ${b.tgtStart}: the source records before offset ${inSource.offset} have no copy left there` : null;
    return { anchor: { ...anchor, upstreamOffset: inSource.offset, downstreamOffset: t0.offset }, deletedOnTarget: inSource.passed, scannedFrom: inSource.scannedFrom, note };
  }
  const inTarget = await findCopy(target, targetTp, tgtFrom, b.tgtEnd, s0, maxSteps);
  if (inTarget) return { anchor: { ...anchor, upstreamOffset: s0.offset, downstreamOffset: inTarget.offset }, deletedOnTarget: [], scannedFrom: s0.offset, note: trimmedNote('source', b.srcStart, s0.offset) };
  return { reason: b.srcStart > anchor.upstreamOffset || b.tgtStart > anchor.downstreamOffset ? `retention deleted the offset sync's record, and neither log's first record has a copy in the other` : UNVERIFIED_ANCHOR };
}
