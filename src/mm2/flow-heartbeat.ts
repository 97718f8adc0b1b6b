/**
 * The liveness of a flow as MM2 shows it on the flow's target: the newest record of `<source>.heartbeats`, which
 * exists only while MM2 copies the source's heartbeats there.
 */
import type { ClusterGateway, TopicInfo } from '../kafka/gateway.js';
import { newestTimestamp } from '../kafka/newest-record.js';
import type { ReplicationPolicy } from './replication-policy.js';

/** A flow counts as running while its newest replicated heartbeat is at most this many seconds old. */
export const HEARTBEAT_STALE_S = 30;

/** The newest heartbeat of the flow `source` -> the cluster of `target`: the topic, and the record's age in seconds
 * (null: no such topic, or no record in it). `topics`: the target's topics when the caller listed them already. */
export async function flowHeartbeat(target: ClusterGateway, policy: ReplicationPolicy, source: string, now = Date.now(), topics?: readonly TopicInfo[]): Promise<{ topic: string; ageSeconds: number | null }> {
  const topic = policy.formatRemoteTopic(source, policy.heartbeatsTopic());
  const info = (topics ?? (await target.listTopics())).find((t) => t.name === topic);
  const ts = info ? await newestTimestamp(target, topic, info.partitions) : null;
  return { topic, ageSeconds: ts === null ? null : (now - ts) / 1000 };
}

/** Is the flow running (a heartbeat no older than HEARTBEAT_STALE_S)? */
export const heartbeatFresh = (ageSeconds: number | null): boolean => ageSeconds !== null && ageSeconds <= HEARTBEAT_STALE_S;
