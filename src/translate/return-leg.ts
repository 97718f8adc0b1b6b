/**
 * Active-active: a group on one cluster (NYC) that reads the remote copy of the other cluster's own topic
 * (`LON.orders` on NYC, written by the LON->NYC flow) fails over to that other cluster, where the topic is the
 * original (`orders` on LON). MM2's failover path for such a group goes backwards through the reverse flow, so this
 * is a walk of its own: the group consumed the copies below its committed offset U; every original whose copy it
 * consumed is done, and it resumes on the original right after the last of them.
 *
 * From an exact pair of the reverse flow (an offset sync: original `u` copied to `d`, with d <= U), or else the two
 * log starts when they hold the same record, both logs are read forward in step, matched by record identity:
 * - a copy matching an original already passed is a duplicate MM2 wrote (after a restart): consumed, skipped;
 * - originals with no copy (records of aborted transactions, which MM2 reads read_committed) are skipped by a
 *   bounded look-ahead;
 * - U at the copy's log end (the group consumed everything copied) resumes at the first original not yet copied.
 * Anything else makes it say why, and the caller reports the partition as not translated.
 */
import { mapLimit } from '../async/map-limit.js';
import { tpKey, type ClusterGateway, type KafkaRecord, type TopicPartition } from '../kafka/gateway.js';
import { readRange } from '../kafka/read-range.js';
import type { OffsetSync } from '../mm2/codecs.js';
import { recordIdentity } from './record-identity.js';

/** One question: the group committed `committed` on `copyTp`; where does it resume on `originalTp`? */
export interface ReturnQuery {
  copyTp: TopicPartition;
  originalTp: TopicPartition;
  committed: bigint;
}

/** The answer: the offset on the original, or why there is none. */
export type ReturnAnswer = { exact: true; offset: bigint; duplicatesSkipped: number; notCopied: number } | { exact: false; reason: string };

/** Exact pairs of the reverse flow, looked up by the copy's offset (OffsetSyncStore.anchorByDownstream). */
export interface ReturnAnchors {
  anchorByDownstream(originalTopic: string, partition: number, downstream: bigint): OffsetSync | undefined;
}

/** Originals looked ahead for a copy before the walk gives up (records MM2 never copied, e.g. aborted). */
const LOOKAHEAD = 1_000;
const PARALLEL = 16;

/**
 * Is `topic` on the flow's source a copy of the flow's target's own topic (active-active: `LON.orders` on NYC for
 * NYC->LON)? Then a failover resumes the group on the original, `originalTopic` on the target.
 */
export function returnLegTopic(policy: { topicSource(t: string): string | null; upstreamTopic(t: string): string | null }, targetAlias: string, topic: string): string | null {
  return policy.topicSource(topic) === targetAlias ? policy.upstreamTopic(topic) : null;
}

/** The key of a query's answer. */
export const returnQueryKey = (q: ReturnQuery): string => `${tpKey(q.copyTp)}@${q.committed}`;

/** Answer every query (walks of different partitions run in parallel). */
export async function returnLegOffsets(copies: ClusterGateway, originals: ClusterGateway, anchors: ReturnAnchors | null, queries: readonly ReturnQuery[]): Promise<Map<string, ReturnAnswer>> {
  const copyTps = [...new Map(queries.map((q) => [tpKey(q.copyTp), q.copyTp])).values()];
  const origTps = [...new Map(queries.map((q) => [tpKey(q.originalTp), q.originalTp])).values()];
  const [cs, ce, os] = await Promise.all([copies.listOffsets(copyTps, 'earliest'), copies.listOffsets(copyTps, 'latest'), originals.listOffsets(origTps, 'earliest')]);
  const at = (list: { topic: string; partition: number; offset: bigint | null }[]) => new Map(list.map((x) => [tpKey(x), x.offset ?? 0n]));
  const [copyStart, copyEnd, origStart] = [at(cs), at(ce), at(os)];
  const out = new Map<string, ReturnAnswer>();
  await mapLimit(queries, PARALLEL, async (q) => {
    out.set(returnQueryKey(q), await walkBack(copies, originals, anchors, q, copyStart.get(tpKey(q.copyTp)) ?? 0n, copyEnd.get(tpKey(q.copyTp)) ?? 0n, origStart.get(tpKey(q.originalTp)) ?? 0n));
  });
  return out;
}

/** One query's walk. */
async function walkBack(copies: ClusterGateway, originals: ClusterGateway, anchors: ReturnAnchors | null, q: ReturnQuery, copyStart: bigint, copyEnd: bigint, origStart: bigint): Promise<ReturnAnswer> {
  const U = q.committed < copyEnd ? q.committed : copyEnd;
  const sync = anchors?.anchorByDownstream(q.originalTp.topic, q.originalTp.partition, U);
  const usable = sync && sync.downstreamOffset >= copyStart && sync.upstreamOffset >= origStart;
  // Without a usable sync, the two log starts, checked to hold the same record below.
  const anchor = usable ? { original: sync.upstreamOffset, copy: sync.downstreamOffset } : { original: origStart, copy: copyStart };
  if (U < anchor.copy) return { exact: false, reason: `offset ${U} is below ${copies.alias}'s log start ${copyStart} on ${q.copyTp.topic}-${q.copyTp.partition} (the copies it points at were deleted by retention)` };
  const orig = readRange(originals, q.originalTp, anchor.original)[Symbol.asyncIterator]();
  const buf: KafkaRecord[] = [];
  const peek = async (i: number): Promise<KafkaRecord | undefined> => {
    while (buf.length <= i) {
      const n = await orig.next();
      if (n.done) return undefined;
      buf.push(n.value);
    }
    return buf[i];
  };
  const passed = new Set<string>();
  let duplicatesSkipped = 0;
  let notCopied = 0;
  let first = true;
  let resume = anchor.original;
  for await (const c of readRange(copies, q.copyTp, anchor.copy, U)) {
    const id = recordIdentity(c);
    if (passed.has(id)) {
      duplicatesSkipped++;
      continue;
    }
    let k = -1;
    for (let i = 0; i <= (first && !usable ? 0 : LOOKAHEAD); i++) {
      const o = await peek(i);
      if (!o) break;
      if (recordIdentity(o) === id) {
        k = i;
        break;
      }
    }
    if (k < 0)
      return first && !usable
        ? { exact: false, reason: `no offset sync of the reverse flow at or below ${U}, and the two log starts hold different records` }
        : { exact: false, reason: `the copy at ${q.copyTp.topic}-${q.copyTp.partition}@${c.offset} matches no record of ${q.originalTp.topic}-${q.originalTp.partition} after ${resume}` };
    first = false;
    notCopied += k;
    const matched = buf.splice(0, k + 1);
    for (const o of matched) passed.add(recordIdentity(o));
    // Originals after it that were never copied (aborted) are skipped by a read_committed consumer anyway.
    resume = matched[k].offset + 1n;
  }
  return { exact: true, offset: resume, duplicatesSkipped, notCopied };
}
