/** Reads `<source>.checkpoints.internal` on the target as RemoteClusterUtils does: whole topic, last record wins. */
import type { ClusterGateway } from '../kafka/gateway.js';
import { decodeCheckpoint, type Checkpoint } from './codecs.js';
import { readInternalTopic } from './read-internal-topic.js';

/** A checkpoint with its record timestamp (when MM2 emitted it). */
export interface TimedCheckpoint extends Checkpoint {
  emittedAt: number;
}

/** The current checkpoints per group, keyed by `${topic}:${partition}` (target-side topic names). */
export interface CheckpointSnapshot {
  topic: string;
  exists: boolean;
  groups: Map<string, Map<string, TimedCheckpoint>>;
  warnings: string[];
}

/** Read all checkpoints; for each (group, topic, partition) the last one in log order wins (not the highest). */
export async function readCheckpoints(gw: ClusterGateway, checkpointsTopic: string, timeoutMs: number): Promise<CheckpointSnapshot> {
  const read = await readInternalTopic(gw, checkpointsTopic, (r) => decodeCheckpoint(r.key!, r.value!), timeoutMs);
  const groups = new Map<string, Map<string, TimedCheckpoint>>();
  for (const { value, timestamp } of read.records) {
    const g = groups.get(value.group) ?? new Map<string, TimedCheckpoint>();
    const { version: _v, ...cp } = value;
    g.set(`${cp.topic}:${cp.partition}`, { ...cp, emittedAt: timestamp });
    groups.set(value.group, g);
  }
  return { topic: checkpointsTopic, exists: read.exists, groups, warnings: read.warnings };
}
