/**
 * Exact translation of many (partition, committed offset) queries at once, as a failover of hundreds of groups
 * needs: the log bounds of every partition are listed in one request per broker, the first read of every walk goes
 * out in one Fetch per broker, each partition is walked once for all the offsets committed on it (walks of different
 * partitions run in parallel), and an offset whose shared walk failed is retried alone from its own closest anchor,
 * so batching never answers worse than one walk per offset.
 */
import { mapLimit } from '../async/map-limit.js';
import { tpKey, type ClusterGateway, type TopicPartition } from '../kafka/gateway.js';
import type { OffsetSync } from '../mm2/codecs.js';
import { exactDownstreams, UNVERIFIED_ANCHOR, type ExactResult, type WalkBounds } from './exact-walk.js';

/** One question: where does the record at `upstream` of `sourceTp` sit in `targetTp`? */
export interface ExactQuery {
  sourceTp: TopicPartition;
  targetTp: TopicPartition;
  upstream: bigint;
}

/** Where exact pairs come from: MM2's offset syncs (an OffsetSyncStore) or any other record of exact pairs. */
export interface ExactAnchors {
  /** The exact pair with the highest upstream offset at or below `upstream`, if any. */
  anchor(topic: string, partition: number, upstream: bigint): OffsetSync | undefined;
}

/** The key of a query's answer. */
export const exactQueryKey = (q: { sourceTp: TopicPartition; upstream: bigint }): string => `${tpKey(q.sourceTp)}@${q.upstream}`;

/**
 * Exact answers that cannot change while one command runs, shared by its steps so that a partition is walked once:
 * a planned failover asks for the log ends while it waits for the mirror, then again for the RPO, and for the
 * commits of drained groups, which mostly sit at those log ends. Only an exact answer with every record up to the
 * offset already on the target is kept: the copy of a record does not move, while a "not copied yet" answer is
 * exactly what a wait expects to change. Answers resting on retention (`trimmed`) are not kept either. At the log
 * end the answer is where the next copy will land, the target's end: a re-copy by MM2 in the seconds of a run would
 * move that, as it would after any walk.
 */
export class ExactMemo {
  private readonly answers = new Map<string, ExactResult>();
  /** How many queries a memo answered, and how many it was asked. */
  hits = 0;
  asked = 0;

  private static key(q: ExactQuery): string {
    return `${exactQueryKey(q)}>${tpKey(q.targetTp)}`;
  }

  /** The kept answer to `q`, if any. */
  get(q: ExactQuery): ExactResult | undefined {
    this.asked++;
    const r = this.answers.get(ExactMemo.key(q));
    if (r) this.hits++;
    return r;
  }

  /** Keep `r` as the answer to `q` if it is final (see the class). */
  offer(q: ExactQuery, r: ExactResult | null): void {
    if (r?.exact && r.consumedNotReplicated === 0 && !r.trimmed) this.answers.set(ExactMemo.key(q), r);
  }
}

/** Walks of one partition start afresh when the next offset's own anchor is this many offsets further on. */
const REWALK_GAP = 20_000n;
const PARALLEL_WALKS = 32;
/**
 * Bytes per partition of the batched first read: a small partition is read whole, a big one goes on alone. Callers
 * whose anchors sit just below the offsets (the agent's own last answers) ask for less.
 */
const PREFETCH_BYTES = 64 * 1024;

/**
 * Answer every query. A missing answer (null) means no exact pair at or below the offset exists (no offset sync and
 * no shared log start), so the caller keeps the conservative translation.
 */
export async function exactBatch(source: ClusterGateway, target: ClusterGateway, syncs: ExactAnchors | null, queries: readonly ExactQuery[], o: ExactBatchOptions = {}): Promise<Map<string, ExactResult | null>> {
  if (!o.memo) return walkAll(source, target, syncs, queries, o);
  const out = new Map<string, ExactResult | null>();
  const rest: ExactQuery[] = [];
  for (const q of queries) {
    const kept = o.memo.get(q);
    if (kept) out.set(exactQueryKey(q), kept);
    else rest.push(q);
  }
  if (rest.length === 0) return out;
  const walked = await walkAll(source, target, syncs, rest, o);
  for (const q of rest) o.memo.offer(q, walked.get(exactQueryKey(q)) ?? null);
  for (const [k, r] of walked) out.set(k, r);
  return out;
}

/** Log ends and starts of partitions, by tpKey. */
export interface LogBounds {
  ends: ReadonlyMap<string, bigint>;
  starts: ReadonlyMap<string, bigint>;
}

/** How exactBatch may save reads. */
export interface ExactBatchOptions {
  /** Bytes per partition of the batched first read (PREFETCH_BYTES by default). */
  prefetchBytes?: number;
  /** Final answers of earlier walks of this run, and where new ones go. */
  memo?: ExactMemo;
  /** The source partitions' log ends and starts (keys: tpKey), listed by the caller moments ago: not listed again. */
  sourceBounds?: LogBounds;
  /** The same for the target partitions. */
  targetBounds?: LogBounds;
}

/** Answer every query by walking (exactBatch without a memo). */
async function walkAll(source: ClusterGateway, target: ClusterGateway, syncs: ExactAnchors | null, queries: readonly ExactQuery[], o: ExactBatchOptions): Promise<Map<string, ExactResult | null>> {
  const parts = [...new Map(queries.map((q) => [tpKey(q.sourceTp), { sourceTp: q.sourceTp, targetTp: q.targetTp }])).values()];
  const upstreamsOf = new Map<string, Set<bigint>>();
  for (const q of queries) upstreamsOf.set(tpKey(q.sourceTp), (upstreamsOf.get(tpKey(q.sourceTp)) ?? new Set()).add(q.upstream));
  const srcTps = parts.map((p) => p.sourceTp);
  const tgtTps = parts.map((p) => p.targetTp);
  const index = (list: { topic: string; partition: number; offset: bigint | null }[]) => new Map(list.map((x) => [tpKey(x), x.offset ?? 0n]));
  const covers = (b: LogBounds | undefined, tps: TopicPartition[]) => (b && tps.every((tp) => b.ends.has(tpKey(tp)) && b.starts.has(tpKey(tp))) ? b : null);
  const [knownSrc, knownTgt] = [covers(o.sourceBounds, srcTps), covers(o.targetBounds, tgtTps)];
  const [srcEnd, srcStart, tgtEnd, tgtStart] = await Promise.all([
    knownSrc ? knownSrc.ends : source.listOffsets(srcTps, 'latest').then(index),
    knownSrc ? knownSrc.starts : source.listOffsets(srcTps, 'earliest').then(index),
    knownTgt ? knownTgt.ends : target.listOffsets(tgtTps, 'latest').then(index),
    knownTgt ? knownTgt.starts : target.listOffsets(tgtTps, 'earliest').then(index),
  ]);
  const at = (m: ReadonlyMap<string, bigint>, tp: TopicPartition) => m.get(tpKey(tp)) ?? 0n;
  const out = new Map<string, ExactResult | null>();
  // Plan the walks of every partition first, so that the first read of each walk, on both sides, can go out in one
  // Fetch request per broker instead of one per partition.
  const plans = parts.map(({ sourceTp, targetTp }) => {
    const bounds: WalkBounds = { srcStart: at(srcStart, sourceTp), srcEnd: at(srcEnd, sourceTp), tgtStart: at(tgtStart, targetTp), tgtEnd: at(tgtEnd, targetTp) };
    const ups = [...upstreamsOf.get(tpKey(sourceTp))!].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // Without a sync at or below an offset, the two log starts are tried as the anchor; the walk itself checks that
    // they hold the same record (no extra reads), and says so otherwise.
    const logStart: OffsetSync = { topic: sourceTp.topic, partition: sourceTp.partition, upstreamOffset: bounds.srcStart, downstreamOffset: bounds.tgtStart };
    const anchorOf = (u: bigint): OffsetSync | undefined => {
      const a = syncs?.anchor(sourceTp.topic, sourceTp.partition, u) ?? logStart;
      return a.upstreamOffset <= u ? a : undefined;
    };
    // Consecutive offsets share a walk from the first one's anchor unless their own anchor is far ahead.
    const walks: { anchor: OffsetSync; ups: bigint[] }[] = [];
    for (const u of ups) {
      const a = anchorOf(u);
      if (!a) {
        out.set(exactQueryKey({ sourceTp, upstream: u }), null);
        continue;
      }
      const last = walks.at(-1);
      if (last && a.upstreamOffset - last.anchor.upstreamOffset < REWALK_GAP) last.ups.push(u);
      else walks.push({ anchor: a, ups: [u] });
    }
    return { sourceTp, targetTp, bounds, logStart, anchorOf, walks };
  });
  const firstWalks = plans.filter((p) => p.walks.length > 0);
  const readsOf = (side: 'source' | 'target') =>
    firstWalks
      .map((p) => ({ tp: side === 'source' ? p.sourceTp : p.targetTp, offset: side === 'source' ? p.walks[0].anchor.upstreamOffset : p.walks[0].anchor.downstreamOffset, end: side === 'source' ? p.bounds.srcEnd : p.bounds.tgtEnd }))
      .filter((r) => r.offset < r.end);
  const [srcFirst, tgtFirst] = await Promise.all([source.readRecordsMany(readsOf('source'), { maxBytes: o.prefetchBytes ?? PREFETCH_BYTES }), target.readRecordsMany(readsOf('target'), { maxBytes: o.prefetchBytes ?? PREFETCH_BYTES })]);

  await mapLimit(plans, PARALLEL_WALKS, async ({ sourceTp, targetTp, bounds, logStart, anchorOf, walks }) => {
    for (const [wi, w] of walks.entries()) {
      const limits = { verifyAnchor: w.anchor === logStart };
      const prefetched = wi === 0 ? { source: srcFirst.get(tpKey(sourceTp)), target: tgtFirst.get(tpKey(targetTp)) } : undefined;
      const results = await exactDownstreams(source, sourceTp, target, targetTp, w.anchor, w.ups, limits, bounds, prefetched);
      for (let i = 0; i < w.ups.length; i++) {
        let r = results[i];
        const own = anchorOf(w.ups[i])!;
        if (!r.exact && (own !== w.anchor || (w.ups.length > 1 && r.reason !== UNVERIFIED_ANCHOR))) {
          r = (await exactDownstreams(source, sourceTp, target, targetTp, own, [w.ups[i]], { verifyAnchor: own === logStart }, bounds))[0];
        }
        out.set(exactQueryKey({ sourceTp, upstream: w.ups[i] }), !r.exact && r.reason === UNVERIFIED_ANCHOR ? null : r);
      }
    }
  });
  return out;
}
