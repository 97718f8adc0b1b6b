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
import type { ClusterGateway, KafkaRecord, TopicPartition } from '../kafka/gateway.js';
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
    }
  | { exact: false; reason: string };

/** Limits of one walk. */
export interface WalkLimits {
  maxSteps?: number;
  lookahead?: number;
}

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
  const maxSteps = limits.maxSteps ?? 200_000;
  const lookahead = limits.lookahead ?? 1_000;
  const [srcEnd] = await source.listOffsets([sourceTp], 'latest');
  const [tgtEnd] = await target.listOffsets([targetTp], 'latest');
  const [srcStart] = await source.listOffsets([sourceTp], 'earliest');
  const [tgtStart] = await target.listOffsets([targetTp], 'earliest');
  if ((srcStart.offset ?? 0n) > anchor.upstreamOffset) return { exact: false, reason: `the source no longer holds the sync's record (log start ${srcStart.offset} > ${anchor.upstreamOffset})` };
  if ((tgtStart.offset ?? 0n) > anchor.downstreamOffset) return { exact: false, reason: `the target no longer holds the sync's record (log start ${tgtStart.offset} > ${anchor.downstreamOffset})` };
  const targetEnd = tgtEnd.offset ?? 0n;
  const src = new Cursor(readRange(source, sourceTp, anchor.upstreamOffset, srcEnd.offset ?? 0n)[Symbol.asyncIterator]());
  const tgt = new Cursor(readRange(target, targetTp, anchor.downstreamOffset, targetEnd)[Symbol.asyncIterator]());
  const passed = new Set<string>();
  // Copies of records from before the anchor appear when MM2 re-copies after a restart; they are duplicates of
  // consumed records too. Their identities are read from the source only when an unknown record turns up.
  let beforeAnchor: Set<string> | undefined;
  const isCopyOfEarlier = async (id: string): Promise<boolean> => {
    if (!beforeAnchor) {
      beforeAnchor = new Set();
      let n = 0;
      for await (const r of readRange(source, sourceTp, srcStart.offset ?? 0n, anchor.upstreamOffset)) {
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
    const tr = await tgt.peek();
    if (!cs || cs.offset >= upstream) {
      // The group reads `cs` next: skip copies of records it already consumed, then we are there.
      const csId = cs ? recordIdentity(cs) : undefined;
      let t = tr;
      while (t && recordIdentity(t) !== csId && (passed.has(recordIdentity(t)) || (await isCopyOfEarlier(recordIdentity(t))))) {
        duplicatesSkipped++;
        tgt.shift();
        t = await tgt.peek();
      }
      return { exact: true, downstream: t ? t.offset : targetEnd, duplicatesSkipped, sourceRecordsNotCopied, consumedNotReplicated: 0 };
    }
    if (!tr) {
      // The group consumed records the mirror has not copied yet.
      let consumedNotReplicated = 0;
      for (let i = 0; ; i++) {
        const r = await src.peek(i);
        if (!r || r.offset >= upstream) break;
        consumedNotReplicated++;
      }
      return { exact: true, downstream: targetEnd, duplicatesSkipped, sourceRecordsNotCopied, consumedNotReplicated };
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
    if (k < 0) return { exact: false, reason: `target record at offset ${tr.offset} matches no source record after upstream ${cs.offset}` };
    for (let i = 0; i < k; i++) {
      const r = (await src.peek(0))!;
      if (r.offset < upstream) sourceRecordsNotCopied++;
      passed.add(recordIdentity(r));
      src.shift();
    }
  }
  return { exact: false, reason: `more than ${maxSteps} records between the sync and the committed offset` };
}

/**
 * An exact pair without an offset sync: when the target's first record is a copy of the source's first record
 * (the topic was mirrored from its start and neither side lost its head), their offsets are a verified pair.
 * Used when compaction of the offset-syncs topic has removed every sync at or below the committed offset.
 */
export async function logStartAnchor(source: ClusterGateway, sourceTp: TopicPartition, target: ClusterGateway, targetTp: TopicPartition): Promise<OffsetSync | undefined> {
  const first = async (gw: ClusterGateway, tp: TopicPartition): Promise<KafkaRecord | undefined> => {
    for await (const r of readRange(gw, tp)) return r;
    return undefined;
  };
  const [s, t] = await Promise.all([first(source, sourceTp), first(target, targetTp)]);
  if (!s || !t || recordIdentity(s) !== recordIdentity(t)) return undefined;
  return { topic: sourceTp.topic, partition: sourceTp.partition, upstreamOffset: s.offset, downstreamOffset: t.offset };
}
