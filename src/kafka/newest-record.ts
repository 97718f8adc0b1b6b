/** The newest record of each partition of a topic, via the gateway (used for heartbeat and checkpoint ages). */
import type { ClusterGateway, KafkaRecord, TopicPartition } from './gateway.js';
import { mapLimit } from '../async/map-limit.js';
import { readRange } from './read-range.js';

/** How far back from the end to look, so that trailing transaction markers do not hide the last data record. */
const TAIL_WINDOW = 32n;

/** The newest data record per partition (partitions that are empty are left out). */
export function newestRecords(gw: ClusterGateway, topic: string, partitions: number): Promise<(KafkaRecord & TopicPartition)[]> {
  return newestRecordsOf(
    gw,
    Array.from({ length: partitions }, (_, partition) => ({ topic, partition })),
  );
}

/** The same for any partitions: the log bounds of all of them in one ListOffsets request per broker and spec. */
export async function newestRecordsOf(gw: ClusterGateway, tps: readonly TopicPartition[]): Promise<(KafkaRecord & TopicPartition)[]> {
  const [ends, starts] = await Promise.all([gw.listOffsets(tps, 'latest'), gw.listOffsets(tps, 'earliest')]);
  const startOf = new Map(starts.map((s) => [`${s.topic}:${s.partition}`, s.offset ?? 0n]));
  const out: (KafkaRecord & TopicPartition)[] = [];
  await mapLimit(ends, 32, async (e) => {
    const end = e.offset ?? 0n;
    const start = startOf.get(`${e.topic}:${e.partition}`) ?? 0n;
    if (end <= start) return;
    let last: KafkaRecord | undefined;
    for await (const rec of readRange(gw, e, end - TAIL_WINDOW > start ? end - TAIL_WINDOW : start, end)) last = rec;
    if (last) out.push({ ...last, topic: e.topic, partition: e.partition });
  });
  return out;
}

/** The newest record timestamp of a topic across its partitions, or null when it is empty. */
export async function newestTimestamp(gw: ClusterGateway, topic: string, partitions: number): Promise<number | null> {
  const recs = await newestRecords(gw, topic, partitions);
  return recs.length === 0 ? null : Math.max(...recs.map((r) => r.timestamp));
}
