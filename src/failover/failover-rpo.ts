/**
 * The RPO of a failover, per source topic: the records, and the seconds of data, that the target does not have.
 * With the source reachable it is exact: for every partition of the topic, the source records after the last one the
 * target holds, found by record identity (the same walk as exact translation, asked about the source's log end).
 * With the source down, only what the target proves is known: how old its newest copy of the topic is.
 */
import type { ClusterGateway } from '../kafka/gateway.js';
import { newestRecords } from '../kafka/newest-record.js';
import type { ReplicationPolicy } from '../mm2/replication-policy.js';
import { exactBatch, exactQueryKey } from '../translate/exact-batch.js';
import type { OffsetSyncStore } from '../translate/offset-sync-store.js';

/** One topic's RPO. `records` null means unknown; `seconds` is then the age of the target's newest copy. */
export interface TopicRpo {
  topic: string;
  records: bigint | null;
  seconds: number | null;
  exact: boolean;
  note: string;
}

const secondsSince = (now: number, ts: number): number => Math.max(0, Math.round((now - ts) / 100) / 10);

/** Measure the RPO of `topics` (source names) of a flow. `source` null means the source is unreachable. */
export async function measureRpo(source: ClusterGateway | null, target: ClusterGateway, policy: ReplicationPolicy, sourceAlias: string, syncs: OffsetSyncStore | null, topics: readonly string[], now = Date.now()): Promise<TopicRpo[]> {
  if (topics.length === 0) return [];
  const remote = (t: string) => policy.formatRemoteTopic(sourceAlias, t);
  if (!source) {
    const counts = new Map((await target.listTopics()).map((t) => [t.name, t.partitions]));
    return Promise.all(topics.map(async (topic) => {
      const newest = await newestRecords(target, remote(topic), counts.get(remote(topic)) ?? 0);
      if (newest.length === 0) return { topic, records: null, seconds: null, exact: false, note: `${sourceAlias} is unreachable and ${remote(topic)} holds no records: everything on ${sourceAlias} is at risk` };
      const ts = Math.max(...newest.map((r) => r.timestamp));
      return { topic, records: null, seconds: secondsSince(now, ts), exact: false, note: `${sourceAlias} is unreachable: the newest copied record is ${secondsSince(now, ts)} s old (${new Date(ts).toISOString()}); how many records came after it is unknown` };
    }));
  }
  const [counts, remoteTopics] = await Promise.all([source.listTopics(), target.listTopics()]).then(([s, t]) => [new Map(s.map((x) => [x.name, x.partitions])), new Set(t.map((x) => x.name))] as const);
  const missing = topics.filter((t) => !remoteTopics.has(remote(t)));
  const tps = topics.filter((t) => !missing.includes(t)).flatMap((topic) => Array.from({ length: counts.get(topic) ?? 0 }, (_, partition) => ({ topic, partition })));
  const [ends, starts] = await Promise.all([source.listOffsets(tps, 'latest'), source.listOffsets(tps, 'earliest')]);
  const start = new Map(starts.map((s) => [`${s.topic}:${s.partition}`, s.offset ?? 0n]));
  const queries = ends
    .filter((e) => (e.offset ?? 0n) > (start.get(`${e.topic}:${e.partition}`) ?? 0n))
    .map((e) => ({ sourceTp: { topic: e.topic, partition: e.partition }, targetTp: { topic: remote(e.topic), partition: e.partition }, upstream: e.offset ?? 0n }));
  const answers = await exactBatch(source, target, syncs, queries);
  return topics.map((topic) => {
    if (missing.includes(topic)) return { topic, records: null, seconds: null, exact: false, note: `${remote(topic)} does not exist on ${target.alias}: nothing of it is mirrored yet` };
    let records = 0n;
    let oldest: number | null = null;
    const unknown: string[] = [];
    for (const q of queries.filter((x) => x.sourceTp.topic === topic)) {
      const r = answers.get(exactQueryKey(q));
      if (!r || !r.exact) {
        unknown.push(`${topic}-${q.sourceTp.partition}${r ? ` (${r.reason})` : ' (not mirrored yet)'}`);
        continue;
      }
      records += BigInt(r.consumedNotReplicated);
      if (r.oldestNotReplicated !== undefined) oldest = Math.min(oldest ?? Infinity, r.oldestNotReplicated);
    }
    const seconds = oldest === null ? 0 : secondsSince(now, oldest);
    if (unknown.length) return { topic, records: null, seconds: null, exact: false, note: `not measurable on ${unknown.join(', ')}; ${records} record(s) missing elsewhere` };
    return { topic, records, seconds, exact: true, note: records === 0n ? 'the target holds every record of the source' : `the oldest record the target does not have is ${seconds} s old` };
  });
}
