/**
 * Loss on the replication path, read cheaply for status: MM2's position per source partition (its Connect offsets
 * on the target) against the source's log bounds. Records between MM2's position and the log start were deleted
 * before MM2 copied them; a position past the log end means the topic was re-created under the same name.
 */
import type { ClusterGateway } from '../kafka/gateway.js';
import { readConnectOffsets } from '../mm2/connect-offsets.js';
import { replicationPathLoss } from './rpo.js';
import { replicationPathLosses } from './rpo-report.js';

/** One line per partition with records lost before MM2 copied them (empty when none, or MM2's offsets are elsewhere). */
export async function replicationLossNow(source: ClusterGateway, target: ClusterGateway, sourceAlias: string): Promise<string[]> {
  const connect = await readConnectOffsets(target, sourceAlias);
  if (!connect || connect.size === 0) return [];
  const onSource = new Set((await source.listTopics()).map((t) => t.name));
  const tps = [...connect.keys()].map((k) => ({ topic: k.slice(0, k.lastIndexOf(':')), partition: Number(k.slice(k.lastIndexOf(':') + 1)) })).filter((tp) => onSource.has(tp.topic));
  if (tps.length === 0) return [];
  const [starts, ends] = await Promise.all([source.listOffsets(tps, 'earliest'), source.listOffsets(tps, 'latest')]);
  const endOf = new Map(ends.map((e) => [`${e.topic}:${e.partition}`, e.offset ?? 0n]));
  return replicationPathLosses(
    sourceAlias,
    starts.map((s) => {
      const k = `${s.topic}:${s.partition}`;
      const copiedBelow = connect.get(k) ?? null;
      return { topic: s.topic, partition: s.partition, sourceEnd: endOf.get(k)!, mm2CopiedBelow: copiedBelow, ...replicationPathLoss(s.offset ?? 0n, endOf.get(k)!, copiedBelow) };
    }),
  );
}
