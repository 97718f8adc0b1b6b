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
import { readRange } from '../kafka/read-range.js';
import type { OffsetSync } from '../mm2/codecs.js';
import { recordIdentity } from './record-identity.js';

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

/** A pull-based cursor over an async iterator with a look-ahead buffer. */
class Cursor {
  private readonly buf: KafkaRecord[] = [];
  private done = false;
  constructor(private readonly it: AsyncIterator<KafkaRecord>) {}
  async peek(i = 0): Promise<KafkaRecord | undefined> {
    while (this.buf.length <= i && !this.done) {
      const n = await this.it.next();
      if (n.done) this.done = true;
      else this.buf.push(n.value);
    }
    return this.buf[i];
  }
  shift(n = 1): void {
    this.buf.splice(0, n);
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
export async function exactDownstream(
  source: ClusterGateway,
  sourceTp: TopicPartition,
  target: ClusterGateway,
  targetTp: TopicPartition,
  anchor: OffsetSync,
  upstream: bigint,
  limits: WalkLimits = {},
): Promise<ExactResult> {
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
  anchor: OffsetSync,
  upstreams: readonly bigint[],
  limits: WalkLimits = {},
  known?: WalkBounds,
  prefetched?: { source?: ReadResult; target?: ReadResult },
): Promise<ExactResult[]> {
  const maxSteps = limits.maxSteps ?? 200_000;
  const lookahead = limits.lookahead ?? 1_000;
  const b = known ?? (await walkBounds(source, sourceTp, target, targetTp));
  const out: ExactResult[] = [];
  const failAll = (reason: string): ExactResult[] => {
    while (out.length < upstreams.length) out.push({ exact: false, reason });
    return out;
  };
  if (b.srcStart > anchor.upstreamOffset) return failAll(`the source no longer holds the sync's record (log start ${b.srcStart} > ${anchor.upstreamOffset})`);
  if (b.tgtStart > anchor.downstreamOffset) return failAll(`the target no longer holds the sync's record (log start ${b.tgtStart} > ${anchor.downstreamOffset})`);
  const targetEnd = b.tgtEnd;
  const src = new Cursor(readRange(source, sourceTp, anchor.upstreamOffset, b.srcEnd, undefined, prefetched?.source)[Symbol.asyncIterator]());
  const tgt = new Cursor(readRange(target, targetTp, anchor.downstreamOffset, targetEnd, undefined, prefetched?.target)[Symbol.asyncIterator]());
  if (limits.verifyAnchor) {
    const [s, t] = [await src.peek(), await tgt.peek()];
    if (!s || !t || recordIdentity(s) !== recordIdentity(t)) return failAll(UNVERIFIED_ANCHOR);
  }
  const passed = new Set<string>();
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
    const cs = await src.peek();
    let tr = await tgt.peek();
    while (out.length < upstreams.length && (!cs || cs.offset >= upstreams[out.length])) {
      // The group reads `cs` next: skip copies of records it already consumed (the walk would skip them anyway),
      // then we are there.
      const csId = cs ? recordIdentity(cs) : undefined;
      while (tr && recordIdentity(tr) !== csId && (passed.has(recordIdentity(tr)) || (await isCopyOfEarlier(recordIdentity(tr))))) {
        duplicatesSkipped++;
        tgt.shift();
        tr = await tgt.peek();
      }
      out.push({ exact: true, downstream: tr ? tr.offset : targetEnd, duplicatesSkipped, sourceRecordsNotCopied, consumedNotReplicated: 0 });
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
          out.push({ exact: true, downstream: targetEnd, duplicatesSkipped, sourceRecordsNotCopied, consumedNotReplicated: notReplicated, ...(notReplicated > 0 ? { oldestNotReplicated: oldest, firstNotReplicatedOffset: cs.offset } : {}) });
        }
        notReplicated++;
      }
      return out;
    }
    const tid = recordIdentity(tr);
    const cid = recordIdentity(cs);
    if (tid === cid) {
      passed.add(cid);
      src.shift();
      tgt.shift();
      continue;
    }
    if (passed.has(tid) || (await isCopyOfEarlier(tid))) {
      duplicatesSkipped++;
      tgt.shift();
      continue;
    }
    let k = -1;
    for (let i = 1; i <= lookahead; i++) {
      const r = await src.peek(i);
      if (!r) break;
      if (recordIdentity(r) === tid) {
        k = i;
        break;
      }
    }
    if (k < 0) return failAll(`target record at offset ${tr.offset} matches no source record after upstream ${cs.offset}`);
    for (let i = 0; i < k; i++) {
      const r = (await src.peek(0))!;
      // Records skipped here that lie before the next committed offset were never copied (e.g. aborted).
      if (r.offset < upstreams[out.length]) sourceRecordsNotCopied++;
      passed.add(recordIdentity(r));
      src.shift();
      // A committed offset inside the skipped run is answered at the top of the loop with these counts.
      const nxt = await src.peek(0);
      if (nxt && out.length < upstreams.length && nxt.offset >= upstreams[out.length]) break;
    }
  }
  return failAll(`more than ${maxSteps} records between the sync and the committed offset`);
}
