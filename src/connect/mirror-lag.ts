/**
 * How far MirrorMaker 2 on Connect is behind, from its own record of progress: the source connector's KIP-875
 * offsets (the last source offset it copied, per partition) beside the source's log ends. Stale by up to the
 * workers' offset.flush.interval.ms.
 */
import type { ClusterGateway } from '../kafka/gateway.js';
import type { ConnectRest } from './connect-rest.js';
import { mirrorConnectorName } from './mirror-connectors.js';

/** Records not yet copied, summed over the partitions the source connector has offsets for. */
export async function mirrorLag(rest: ConnectRest, flow: { source: string; target: string }, source: ClusterGateway): Promise<{ partitions: number; records: bigint | null }> {
  const offsets = await rest.offsets(mirrorConnectorName(flow, 'source'));
  const copied = offsets.flatMap((o) => {
    const p = o.partition as { cluster?: unknown; topic?: unknown; partition?: unknown };
    const off = (o.offset as { offset?: unknown } | null)?.offset;
    return p.cluster === flow.source && typeof p.topic === 'string' && typeof p.partition === 'number' && typeof off === 'number' ? [{ topic: p.topic, partition: p.partition, next: BigInt(off) + 1n }] : [];
  });
  if (copied.length === 0) return { partitions: 0, records: null };
  const ends = await source.listOffsets(
    copied.map(({ topic, partition }) => ({ topic, partition })),
    'latest',
  );
  let records = 0n;
  copied.forEach((c, i) => {
    const end = ends[i]?.offset;
    if (end !== null && end !== undefined && end > c.next) records += end - c.next;
  });
  return { partitions: copied.length, records };
}
