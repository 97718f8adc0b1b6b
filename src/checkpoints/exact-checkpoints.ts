/**
 * drctl's exact checkpoints: for a group and a source partition, the offset on the target of the very record the
 * group would read next on the source, found by record identity while both clusters answered. `drctl agent`
 * writes them; an unplanned failover reads them on the target when the source is gone.
 *
 * Format (documented in the README): topic `drctl-checkpoints.<source alias>` on the target, one partition,
 * `cleanup.policy=compact`, one record per group and source topic. Key: the JSON `{"group":G,"topic":T}`. Value: the
 * JSON `{"v":2,"group":G,"topic":T,"partitions":[{"partition":P,"upstream":"U","downstream":"D","seenAt":MS,
 * "ratePerSecond":R|null},…]}`, every partition of T the agent knows for G: the group's committed offset U on the
 * source, its exact counterpart D on the target (offsets as decimal strings: they are 64-bit), when the agent saw the
 * commit (epoch ms), and the group's consumption rate on that partition between the agent's last two sightings
 * (records per second). One record per group and topic rather than per partition: the agent rewrites a busy group's
 * partitions every round, and a record per partition cost it more to produce than the rest of its round.
 * Version 1 records (key `{"group":G,"topic":T,"partition":P}`, the fields of one partition at the top level) are
 * still read; the later record wins for a partition. A null value deletes the key.
 */
import * as z from 'zod';
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

/** Its configuration: one partition, compacted (one record per group and topic survives). */
export const EXACT_CHECKPOINTS_TOPIC_CONFIG: Readonly<Record<string, string>> = { 'cleanup.policy': 'compact' };

const offset = z.string().regex(/^\d+$/);
const partitionFields = { partition: z.number().int().nonnegative(), upstream: offset, downstream: offset, seenAt: z.number(), ratePerSecond: z.number().nullable() };
const valueSchema = z.union([z.object({ v: z.literal(2), group: z.string(), topic: z.string(), partitions: z.array(z.object(partitionFields)) }), z.object({ v: z.literal(1), group: z.string(), topic: z.string(), ...partitionFields })]);

/** The in-memory key of a group's partition (the agent's map; records are keyed by group and topic). */
export const exactCheckpointKey = (c: { group: string; topic: string; partition: number }): string => `${groupTopicKey(c)}${c.partition}`;

/**
 * A key for a group and a topic, unambiguous for any names (each is length-prefixed): the agent builds one for
 * every partition of every round, so it is a plain string rather than JSON.
 */
export const groupTopicKey = (c: { group: string; topic: string }): string => `${c.group.length}:${c.group}${c.topic.length}:${c.topic}:`;

/** The record that stores a group's checkpoints on one source topic (`partitions`: all of them, one topic). */
export function encodeExactCheckpoints(group: string, topic: string, partitions: readonly ExactCheckpoint[]): ProduceRecord {
  const sorted = [...partitions].sort((a, b) => a.partition - b.partition);
  return {
    key: JSON.stringify({ group, topic }),
    value: JSON.stringify({ v: 2, group, topic, partitions: sorted.map((c) => ({ partition: c.partition, upstream: String(c.upstream), downstream: String(c.downstream), seenAt: c.seenAt, ratePerSecond: c.ratePerSecond })) }),
    partition: 0,
  };
}

/** One record per group and topic for `checkpoints` (any mix of groups and topics). */
export function encodeExactCheckpointRecords(checkpoints: Iterable<ExactCheckpoint>): ProduceRecord[] {
  const byGroupTopic = new Map<string, { group: string; topic: string; partitions: ExactCheckpoint[] }>();
  for (const c of checkpoints) {
    const k = groupTopicKey(c);
    const e = byGroupTopic.get(k) ?? { group: c.group, topic: c.topic, partitions: [] };
    e.partitions.push(c);
    byGroupTopic.set(k, e);
  }
  return [...byGroupTopic.values()].map((e) => encodeExactCheckpoints(e.group, e.topic, e.partitions));
}

/** Decode a record's value (version 2 or 1); a RangeError when it is not exact checkpoints of this format. */
export function decodeExactCheckpoints(r: Pick<KafkaRecord, 'value'>): ExactCheckpoint[] {
  let json: unknown;
  try {
    json = JSON.parse(r.value?.toString('utf8') ?? '');
  } catch {
    throw new RangeError('not JSON');
  }
  const p = valueSchema.safeParse(json);
  if (!p.success) throw new RangeError(`not exact checkpoints: ${p.error.issues[0]?.path.join('.') || 'value'}: ${p.error.issues[0]?.message}`);
  const d = p.data;
  const parts = d.v === 2 ? d.partitions : [d];
  return parts.map((x) => ({ group: d.group, topic: d.topic, partition: x.partition, upstream: BigInt(x.upstream), downstream: BigInt(x.downstream), seenAt: x.seenAt, ratePerSecond: x.ratePerSecond }));
}

/** What the topic holds: the newest checkpoint per group and partition, and what was skipped. */
export interface ExactCheckpointsSnapshot {
  exists: boolean;
  /** group -> `${sourceTopic}:${partition}` -> checkpoint */
  groups: Map<string, Map<string, ExactCheckpoint>>;
  warnings: string[];
}

/** Read a flow's exact checkpoints from its target (the newest per partition wins, as compaction will keep). */
export async function readExactCheckpoints(target: ClusterGateway, sourceAlias: string, timeoutMs: number): Promise<ExactCheckpointsSnapshot> {
  const read = await readInternalTopic(target, exactCheckpointsTopic(sourceAlias), decodeExactCheckpoints, timeoutMs);
  const groups = new Map<string, Map<string, ExactCheckpoint>>();
  for (const { value: cs } of read.records)
    for (const c of cs) {
      const m = groups.get(c.group) ?? new Map<string, ExactCheckpoint>();
      m.set(`${c.topic}:${c.partition}`, c);
      groups.set(c.group, m);
    }
  return { exists: read.exists, groups, warnings: read.warnings };
}
