/** Groups as each cluster sees them (protocol, state, members), for status and reports. */
import type { ClusterGateway, GroupState, GroupType } from '../kafka/gateway.js';

/** A group as one cluster sees it. */
export interface GroupOnCluster {
  group: string;
  cluster: string;
  type: GroupType;
  state: GroupState;
  members: number;
  /** Why it counts as active whatever its state (see GroupInfo.unsure). */
  unsure: string | null;
  /** A limit of how it was described (e.g. an API the brokers lack). */
  note: string | null;
}

/** Describe `groups` on every given cluster (one DescribeGroups round each), sorted by group, then cluster. */
export async function groupsOnClusters(gateways: readonly ClusterGateway[], groups: readonly string[]): Promise<GroupOnCluster[]> {
  if (groups.length === 0) return [];
  const all = await Promise.all(gateways.map(async (gw) => (await gw.describeGroups(groups)).map((g): GroupOnCluster => ({ group: g.groupId, cluster: gw.alias, type: g.type, state: g.state, members: g.members, unsure: g.unsure, note: g.note }))));
  return all.flat().sort((a, b) => a.group.localeCompare(b.group) || a.cluster.localeCompare(b.cluster));
}
