/** Reads what planOffsetReset needs from one cluster: group states, committed offsets, partition counts, offsets. */
import { DrctlError } from '../errors.js';
import { tpKey, type ClusterGateway, type TopicPartition } from '../kafka/gateway.js';
import { partitionsInScope, type GroupSnapshot, type OffsetsSnapshot, type ResetScenario, type ResetScope } from './reset-plan.js';

/** Everything the planner reads. */
export interface ResetSnapshot {
  clusterId: string;
  groups: GroupSnapshot[];
  partitionCounts: Map<string, number>;
  offsets: OffsetsSnapshot;
}

/** List the groups for --all-groups: consumer groups (and admin-created ones), not Connect's. */
export async function listConsumerGroups(gw: ClusterGateway): Promise<string[]> {
  return (await gw.listGroups())
    .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
    .map((g) => g.groupId)
    .sort();
}

/**
 * Every group that may read topics, of any type (all but Kafka Connect's own groups): what must be found active
 * before topics are truncated or deleted.
 */
export async function listReaderGroups(gw: ClusterGateway): Promise<string[]> {
  return [...new Set((await gw.listGroups()).filter((g) => g.protocolType !== 'connect').map((g) => g.groupId))].sort();
}

/**
 * Read the snapshot. A named group that does not exist is an error unless `allowNewGroups` (creating offsets for a
 * group that never ran is legitimate, but usually a typo). One ListOffsets round per broker and spec.
 */
export async function readResetSnapshot(gw: ClusterGateway, groupIds: string[], scope: ResetScope, scenario: ResetScenario, allowNewGroups: boolean): Promise<ResetSnapshot> {
  const [info, topics, states] = await Promise.all([gw.describeCluster(), gw.listTopics(), gw.describeGroups(groupIds)]);
  const partitionCounts = new Map(topics.map((t) => [t.name, t.partitions]));
  const groups: GroupSnapshot[] = [];
  for (const s of states) {
    const committed = await gw.committedOffsets(s.groupId);
    if (s.state === 'Dead' && committed.length === 0 && !allowNewGroups) {
      throw new DrctlError('DRCTL_UNKNOWN_GROUP', `${gw.alias}: unknown group "${s.groupId}" (no members, no committed offsets)`, {
        hint: 'check the name; pass --allow-new-group to create offsets for a group that has never run',
      });
    }
    groups.push({ group: s.groupId, type: s.type, state: s.state, members: s.members, unsure: s.unsure, committed });
  }
  const seen = new Map<string, TopicPartition>();
  for (const g of groups) for (const tp of partitionsInScope(g, scope, scenario, partitionCounts)) seen.set(tpKey(tp), tp);
  for (const tp of seen.values()) {
    const count = partitionCounts.get(tp.topic);
    if (count === undefined) throw new DrctlError('DRCTL_UNKNOWN_TOPIC', `${gw.alias}: unknown topic "${tp.topic}"`, { hint: 'check the topic name' });
    if (tp.partition >= count) throw new DrctlError('DRCTL_UNKNOWN_TOPIC', `${gw.alias}: topic ${tp.topic} has no partition ${tp.partition} (it has ${count})`);
  }
  const tps = [...seen.values()];
  const timestamp = scenario.kind === 'to-datetime' || scenario.kind === 'by-duration' ? scenario.timestamp : undefined;
  const [earliest, latest, byTs] = await Promise.all([gw.listOffsets(tps, 'earliest'), gw.listOffsets(tps, 'latest'), timestamp === undefined ? Promise.resolve([]) : gw.listOffsets(tps, { timestamp })]);
  const toMap = <T>(xs: { topic: string; partition: number; offset: T }[]) => new Map(xs.map((x) => [tpKey(x), x.offset]));
  return {
    clusterId: info.clusterId,
    groups,
    partitionCounts,
    offsets: { earliest: toMap(earliest) as Map<string, bigint>, latest: toMap(latest) as Map<string, bigint>, byTimestamp: toMap(byTs) },
  };
}
