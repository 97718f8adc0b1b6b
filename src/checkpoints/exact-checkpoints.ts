/**
 * drctl's exact checkpoints: for a group and a source partition, the offset on the target of the very record the
 * group would read next on the source, found by record identity while both clusters answered. `drctl agent`
 * writes them; an unplanned failover reads them on the target when the source is gone.
 *
 * Format (documented in the README): topic `drctl-checkpoints.<source alias>` on the target, one partition,
 * `cleanup.policy=compact`. Key: the JSON `{"group":G,"topic":T,"partition":P}` (the source topic). Value: the JSON
 * `{"v":1,"group":G,"topic":T,"partition":P,"upstream":"U","downstream":"D","seenAt":MS,"ratePerSecond":R|null}`:
 * the group's committed offset U on the source, its exact counterpart D on the target (offsets as decimal strings:
 * they are 64-bit), when the agent saw the commit (epoch ms), and the group's consumption rate on that partition
 * measured between the agent's last two sightings (records per second). A null value deletes the key.
 */
import { z } from 'zod';
import type { ClusterGateway, KafkaRecord, ProduceRecord } from '../kafka/gateway.js';
import { readInternalTopic } from '../mm2/read-internal-topic.js';

/** One exact checkpoint. */
export interface ExactCheckpoint {
  group: string;
  /** The source topic. */
  topic: string;
  partition: number;
  upstream: bigint;
  downstream: bigint;
  seenAt: number;
  ratePerSecond: number | null;
}

/** The topic of a flow's exact checkpoints, on its target. Named `drctl-…` so drctl's documented ACLs cover it. */
export const exactCheckpointsTopic = (sourceAlias: string): string => `drctl-checkpoints.${sourceAlias}`;

/** Its configuration: one partition, compacted (one record per group and partition survives). */
export const EXACT_CHECKPOINTS_TOPIC_CONFIG: Readonly<Record<string, string>> = { 'cleanup.policy': 'compact' };

const offset = z.string().regex(/^\d+$/);
const valueSchema = z.object({ v: z.literal(1), group: z.string(), topic: z.string(), partition: z.number().int().nonnegative(), upstream: offset, downstream: offset, seenAt: z.number(), ratePerSecond: z.number().nullable() });

/** The key of a group's partition, as a map key and as the record key. */
export const exactCheckpointKey = (c: { group: string; topic: string; partition: number }): string => JSON.stringify({ group: c.group, topic: c.topic, partition: c.partition });

/** The record that stores `c`. */
export function encodeExactCheckpoint(c: ExactCheckpoint): ProduceRecord {
  return {
    key: exactCheckpointKey(c),
    value: JSON.stringify({ v: 1, group: c.group, topic: c.topic, partition: c.partition, upstream: String(c.upstream), downstream: String(c.downstream), seenAt: c.seenAt, ratePerSecond: c.ratePerSecond }),
    partition: 0,
  };
}

/** Decode a record's value; a RangeError when it is not an exact checkpoint of this format. */
export function decodeExactCheckpoint(r: Pick<KafkaRecord, 'value'>): ExactCheckpoint {
  let json: unknown;
  try {
    json = JSON.parse(r.value?.toString('utf8') ?? '');
  } catch {
    throw new RangeError('not JSON');
  }
  const p = valueSchema.safeParse(json);
  if (!p.success) throw new RangeError(`not an exact checkpoint: ${p.error.issues[0]?.path.join('.') || 'value'}: ${p.error.issues[0]?.message}`);
  return { group: p.data.group, topic: p.data.topic, partition: p.data.partition, upstream: BigInt(p.data.upstream), downstream: BigInt(p.data.downstream), seenAt: p.data.seenAt, ratePerSecond: p.data.ratePerSecond };
}

/** What the topic holds: the newest checkpoint per group and partition, and what was skipped. */
export interface ExactCheckpointsSnapshot {
  exists: boolean;
  /** group -> `${sourceTopic}:${partition}` -> checkpoint */
  groups: Map<string, Map<string, ExactCheckpoint>>;
  warnings: string[];
}

/** Read a flow's exact checkpoints from its target (the newest per key wins, as compaction will keep). */
export async function readExactCheckpoints(target: ClusterGateway, sourceAlias: string, timeoutMs: number): Promise<ExactCheckpointsSnapshot> {
  const read = await readInternalTopic(target, exactCheckpointsTopic(sourceAlias), decodeExactCheckpoint, timeoutMs);
  const groups = new Map<string, Map<string, ExactCheckpoint>>();
  for (const { value: c } of read.records) {
    const m = groups.get(c.group) ?? new Map<string, ExactCheckpoint>();
    m.set(`${c.topic}:${c.partition}`, c);
    groups.set(c.group, m);
  }
  return { exists: read.exists, groups, warnings: read.warnings };
}
