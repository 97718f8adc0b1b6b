/**
 * RPO: the records, and the seconds of data, on the source of a flow that the target does not have.
 * With the source reachable it is exact, per partition: the walk that exact translation uses, asked about the
 * source's log end, finds the first source record with no copy on the target (record identity, so markers, gaps and
 * MM2's duplicates cannot fool it); the records from there to the end are at risk, and their age is now minus the
 * first one's timestamp. MM2's own view (its newest offset sync and its Connect offsets per partition) is shown beside
 * it as a cross-check.
 * With the source down, only what the target proves is known: how old its newest copy of each partition is.
 */
import { tpKey, type ClusterGateway, type ListedOffset, type TopicInfo } from '../kafka/gateway.js';
import { newestRecordsOf } from '../kafka/newest-record.js';
import type { OffsetSyncStore } from '../mm2/offset-sync-store.js';
import type { ReplicationPolicy } from '../mm2/replication-policy.js';
import { exactBatch, exactQueryKey, type ExactMemo } from '../translate/exact-batch.js';

/** One source partition's RPO. Null figures are unknown (see `note`). */
export interface PartitionRpo {
  topic: string;
  partition: number;
  /** The source log end (null when the source is unreachable). */
  sourceEnd: bigint | null;
  /** Every source record below this offset has a copy on the target. */
  replicatedBelow: bigint | null;
  records: bigint | null;
  seconds: number | null;
  /** Timestamp of the newest record of the remote partition on the target (read where data is at risk, or all when
   * the source is down). */
  newestOnTarget: number | null;
  /** The upstream offset of MM2's newest offset sync for the partition. */
  mm2SyncedUpstream: bigint | null;
  /** The offset after the last record MM2's Connect offsets say it copied (MM2's own claim of progress). */
  mm2CopiedBelow: bigint | null;
  /**
   * Loss on the replication path: records the source deleted (retention, DeleteRecords) before MM2 copied them, i.e.
   * between MM2's position and the source's log start; null when unknown (no Connect offsets, or the source down).
   */
  lostBeforeCopy: bigint | null;
  /** MM2's position is past the source's log end: the topic was re-created (or truncated) under the same name. */
  recreated: boolean;
  note: string | null;
}

/** What the source's log bounds and MM2's position say about records lost before MM2 could copy them. */
export function replicationPathLoss(logStart: bigint, logEnd: bigint, connectCopiedBelow: bigint | null, syncedUpstream: bigint | null = null): { lostBeforeCopy: bigint | null; recreated: boolean } {
  if (connectCopiedBelow === null) return { lostBeforeCopy: null, recreated: false };
  // MM2 commits its Connect offsets only every flush interval, and they can trail what it has copied; its newest
  // offset sync names a record it has copied. A source trimmed past the Connect offset, but not past the sync, lost
  // nothing. (A sync alone, without Connect offsets, can trail by offset.lag.max: not used on its own.)
  const fromSync = syncedUpstream === null ? null : syncedUpstream + 1n;
  const copiedBelow = fromSync !== null && fromSync > connectCopiedBelow ? fromSync : connectCopiedBelow;
  if (copiedBelow > logEnd) return { lostBeforeCopy: null, recreated: true };
  return { lostBeforeCopy: logStart > copiedBelow ? logStart - copiedBelow : 0n, recreated: false };
}

/** One topic's RPO. `records` null means unknown; `seconds` is then the age of the target's newest copy. */
export interface TopicRpo {
  topic: string;
  records: bigint | null;
  seconds: number | null;
  exact: boolean;
  note: string;
}

const secondsSince = (now: number, ts: number): number => Math.max(0, Math.round((now - ts) / 100) / 10);

/** What the caller of measurePartitionRpo read already, or keeps for later steps. */
export interface RpoReads {
  /** MM2's Connect offsets per source partition (`topic:partition`: copied below), to cross-check; null: none. May still be on its way. */
  connect?: Map<string, bigint> | null | Promise<Map<string, bigint> | null>;
  /** The run's final exact answers, reused and added to. */
  memo?: ExactMemo;
  /** The target's topics, listed moments ago (at 20,000 partitions a listing is a large answer). */
  targetTopics?: readonly TopicInfo[];
}

/**
 * Measure each partition of `topics` (source names). `source` null means the source is unreachable. The offset syncs
 * may still be on their way (`syncsRead` a promise): the log bounds are listed meanwhile.
 */
export async function measurePartitionRpo(
  source: ClusterGateway | null,
  target: ClusterGateway,
  policy: ReplicationPolicy,
  sourceAlias: string,
  syncsRead: OffsetSyncStore | null | Promise<OffsetSyncStore | null>,
  topics: readonly string[],
  now = Date.now(),
  o: RpoReads = {},
): Promise<PartitionRpo[]> {
  if (topics.length === 0) return [];
  let connect: Map<string, bigint> | null = null;
  const remote = (t: string) => policy.formatRemoteTopic(sourceAlias, t);
  const onTarget = new Map((o.targetTopics ?? (await target.listTopics())).map((t) => [t.name, t.partitions]));
  // The newest copy per partition: for every partition when the source is down (it is all there is to know), else
  // only where data is at risk (a caught-up partition's newest copy is the source's newest record).
  const newest = new Map<string, number>();
  const upstreamOf = new Map(topics.map((t) => [remote(t), t]));
  const readNewest = async (tps: { topic: string; partition: number }[]) => {
    for (const r of await newestRecordsOf(target, tps)) newest.set(`${upstreamOf.get(r.topic)}:${r.partition}`, r.timestamp);
  };
  // Copies of partitions of the topics, wherever the target has the topic.
  const remoteTps = topics.filter((t) => onTarget.has(remote(t))).flatMap((t) => Array.from({ length: onTarget.get(remote(t))! }, (_, partition) => ({ topic: remote(t), partition })));
  let syncs: OffsetSyncStore | null = null;
  if (!source) [syncs, connect] = await Promise.all([syncsRead, o.connect ?? null, readNewest(remoteTps)]);
  const synced = (t: string, p: number) => syncs?.latest(t, p)?.upstreamOffset ?? null;
  const copied = (t: string, p: number) => connect?.get(`${t}:${p}`) ?? null;
  if (!source) {
    return topics.flatMap((topic) =>
      Array.from({ length: onTarget.get(remote(topic)) ?? 0 }, (_, partition) => {
        const ts = newest.get(`${topic}:${partition}`) ?? null;
        return {
          topic,
          partition,
          sourceEnd: null,
          replicatedBelow: null,
          records: null,
          seconds: ts === null ? null : secondsSince(now, ts),
          newestOnTarget: ts,
          mm2SyncedUpstream: synced(topic, partition),
          mm2CopiedBelow: copied(topic, partition),
          lostBeforeCopy: null,
          recreated: false,
          note: `${sourceAlias} is unreachable: ${ts === null ? 'the target holds no record of this partition' : 'what came after the newest copy is unknown'}`,
        };
      }),
    );
  }
  // The bounds of both sides and the syncs (which the caller may still be reading) at once: independent round trips,
  // each long at 20,000 partitions.
  const sourceBounds = async () => {
    const counts = new Map((await source.listTopics()).map((t) => [t.name, t.partitions]));
    const tps = topics.flatMap((topic) => Array.from({ length: counts.get(topic) ?? 0 }, (_, partition) => ({ topic, partition })));
    return [tps, ...(await Promise.all([source.listOffsets(tps, 'latest'), source.listOffsets(tps, 'earliest')]))] as const;
  };
  const [[tps, ends, starts], tgtEnds, tgtStarts, store] = await Promise.all([sourceBounds(), target.listOffsets(remoteTps, 'latest'), target.listOffsets(remoteTps, 'earliest'), syncsRead]);
  syncs = store;
  connect = (await o.connect) ?? null;
  // One map per bound, keyed as exactBatch looks them up: the walks reuse them instead of listing again.
  const bounds = (list: readonly ListedOffset[]) => new Map(list.map((x) => [tpKey(x), x.offset ?? 0n]));
  const [endOf, startOf] = [bounds(ends), bounds(starts)];
  const queries = tps.filter((tp) => onTarget.has(remote(tp.topic)) && endOf.get(tpKey(tp))! > startOf.get(tpKey(tp))!).map((tp) => ({ sourceTp: tp, targetTp: { topic: remote(tp.topic), partition: tp.partition }, upstream: endOf.get(tpKey(tp))! }));
  const answers = await exactBatch(source, target, syncs, queries, {
    memo: o.memo,
    sourceBounds: { ends: endOf, starts: startOf },
    targetBounds: { ends: bounds(tgtEnds), starts: bounds(tgtStarts) },
  });
  await readNewest(
    queries
      .filter((q) => {
        const r = answers.get(exactQueryKey(q));
        return !r || !r.exact || r.consumedNotReplicated > 0;
      })
      .map((q) => q.targetTp),
  );
  return tps.map(({ topic, partition }) => {
    const k = `${topic}:${partition}`;
    const sourceEnd = endOf.get(tpKey({ topic, partition }))!;
    const sourceStart = startOf.get(tpKey({ topic, partition }))!;
    const base = {
      topic,
      partition,
      sourceEnd,
      newestOnTarget: newest.get(k) ?? null,
      mm2SyncedUpstream: synced(topic, partition),
      mm2CopiedBelow: copied(topic, partition),
      ...replicationPathLoss(sourceStart, sourceEnd, copied(topic, partition), synced(topic, partition)),
    };
    if (sourceEnd <= sourceStart) return { ...base, replicatedBelow: sourceEnd, records: 0n, seconds: 0, note: 'no records on the source' };
    if (!onTarget.has(remote(topic))) return { ...base, replicatedBelow: null, records: null, seconds: null, note: `${remote(topic)} does not exist on ${target.alias}: nothing of it is mirrored yet` };
    const r = answers.get(exactQueryKey({ sourceTp: { topic, partition }, upstream: sourceEnd }));
    if (!r) return { ...base, replicatedBelow: null, records: null, seconds: null, note: 'no offset sync and no common first record: not measurable (mirrored at all yet?)' };
    if (!r.exact) return { ...base, replicatedBelow: null, records: null, seconds: null, note: `not measurable: ${r.reason}` };
    const missing = BigInt(r.consumedNotReplicated);
    const below = r.firstNotReplicatedOffset ?? sourceEnd;
    // MM2 commits its progress after the copies are written, so it should never claim more than the target holds.
    const claim = base.mm2CopiedBelow;
    const note = claim !== null && claim > below ? `MM2's Connect offsets say it copied below ${claim}, but the target holds copies only below ${below}` : null;
    return { ...base, replicatedBelow: below, records: missing, seconds: r.oldestNotReplicated === undefined ? 0 : secondsSince(now, r.oldestNotReplicated), note };
  });
}

/** Per topic: the sum of the records and the oldest data at risk; unknown if any partition is. */
export function topicRpo(parts: readonly PartitionRpo[], sourceAlias: string): TopicRpo[] {
  const byTopic = new Map<string, PartitionRpo[]>();
  for (const p of parts) {
    const list = byTopic.get(p.topic);
    if (list) list.push(p);
    else byTopic.set(p.topic, [p]);
  }
  return [...byTopic].map(([topic, ps]) => {
    const unknown = ps.filter((p) => p.records === null);
    if (ps.every((p) => p.sourceEnd === null)) {
      const ages = ps.map((p) => p.seconds).filter((s): s is number => s !== null);
      if (ages.length === 0) return { topic, records: null, seconds: null, exact: false, note: `${sourceAlias} is unreachable and the target holds no records of ${topic}: everything is at risk` };
      const age = Math.min(...ages);
      return { topic, records: null, seconds: age, exact: false, note: `${sourceAlias} is unreachable: the newest copied record is ${age} s old; how many records came after it is unknown` };
    }
    const records = ps.reduce((n, p) => n + (p.records ?? 0n), 0n);
    const seconds = Math.max(0, ...ps.map((p) => p.seconds ?? 0));
    if (unknown.length) return { topic, records: null, seconds: null, exact: false, note: `not measurable on ${unknown.map((p) => `${topic}-${p.partition} (${p.note})`).join(', ')}; ${records} record(s) missing elsewhere` };
    return { topic, records, seconds, exact: true, note: records === 0n ? 'the target holds every record of the source' : `the oldest record the target does not have is ${seconds} s old` };
  });
}

/** Measure the RPO of `topics` per topic (what a failover reports), reusing the run's exact answers in `memo`. */
export async function measureRpo(source: ClusterGateway | null, target: ClusterGateway, policy: ReplicationPolicy, sourceAlias: string, syncs: OffsetSyncStore | null, topics: readonly string[], now = Date.now(), memo?: ExactMemo): Promise<TopicRpo[]> {
  return topicRpo(await measurePartitionRpo(source, target, policy, sourceAlias, syncs, topics, now, { memo }), sourceAlias);
}
