/**
 * MirrorMaker 2's own record of progress: the Kafka Connect offsets its source connector commits, in dedicated mode
 * in `mm2-offsets.<source>.internal` on the target. Each record's key is `["MirrorSourceConnector", {"cluster":
 * <source alias>, "topic": <topic>, "partition": <n>}]` (JSON) and its value `{"offset": <last source offset copied>}`;
 * the last record per key wins, a tombstone removes it. Used as a cross-check of what the target actually holds.
 * `drctl sandbox up --mirror connect` names its Connect workers' offsets topic the same, with the connector named
 * per flow (`NYC->LON.MirrorSourceConnector`).
 */
import { tpKey, type ClusterGateway } from '../kafka/gateway.js';
import { readRange } from '../kafka/read-range.js';
import { mapLimit } from '../async/map-limit.js';

/** The Connect offsets topic of a flow's source, as MM2 names it in dedicated mode. */
export const connectOffsetsTopic = (sourceAlias: string): string => `mm2-offsets.${sourceAlias}.internal`;

/**
 * For each source partition (key `topic:partition`), the offset after the last record MM2 says it copied; null when
 * the topic does not exist (MM2 runs in a Connect cluster with another offsets topic).
 */
export async function readConnectOffsets(target: ClusterGateway, sourceAlias: string): Promise<Map<string, bigint> | null> {
  const topic = connectOffsetsTopic(sourceAlias);
  const info = (await target.listTopics()).find((t) => t.name === topic);
  if (!info) return null;
  const out = new Map<string, bigint>();
  // The bounds of all its partitions in one ListOffsets per broker and spec, not two per partition.
  const tps = Array.from({ length: info.partitions }, (_, partition) => ({ topic, partition }));
  const [starts, ends] = await Promise.all([target.listOffsets(tps, 'earliest'), target.listOffsets(tps, 'latest')]);
  const startOf = new Map(starts.map((s) => [s.partition, s.offset ?? 0n]));
  const endOf = new Map(ends.map((e) => [e.partition, e.offset ?? 0n]));
  // The first read of every partition in one Fetch per broker; a partition with more goes on alone.
  const firsts = await target.readRecordsMany(tps.filter((tp) => (startOf.get(tp.partition) ?? 0n) < (endOf.get(tp.partition) ?? 0n)).map((tp) => ({ tp, offset: startOf.get(tp.partition) ?? 0n })));
  const perPartition = await mapLimit(
    tps.map((tp) => tp.partition),
    8,
    async (partition) => {
      const entries: [string, bigint | null][] = [];
      for await (const r of readRange(target, { topic, partition }, startOf.get(partition) ?? 0n, endOf.get(partition) ?? 0n, undefined, firsts.get(tpKey({ topic, partition })))) {
        try {
          const [connector, part] = JSON.parse(r.key?.toString() ?? 'null') as [string, { cluster?: string; topic?: string; partition?: number }];
          // Dedicated MM2 names its connector by class; on a Connect cluster it is named per flow (`NYC->LON.MirrorSourceConnector`).
          if ((connector !== 'MirrorSourceConnector' && !connector.endsWith('.MirrorSourceConnector')) || part?.cluster !== sourceAlias || typeof part.topic !== 'string') continue;
          const value = r.value === null ? null : (JSON.parse(r.value.toString()) as { offset?: number }).offset;
          entries.push([`${part.topic}:${part.partition}`, typeof value === 'number' ? BigInt(value) + 1n : null]);
        } catch {
          // not a record of MM2's source connector
        }
      }
      return entries;
    },
  );
  // A key always lands on the same partition, so log order within it is the order of commits.
  for (const entries of perPartition) {
    for (const [k, v] of entries) {
      if (v === null) out.delete(k);
      else out.set(k, v);
    }
  }
  return out;
}
