/**
 * What `drctl check stretch` reads of a cluster (reads only): brokers and their racks, every topic's replica
 * placement and its effective min.insync.replicas and unclean.leader.election.enable, and the controller quorum.
 */
import { isDrctlError } from '../errors.js';
import type { ClusterGateway, PartitionReplicas } from '../kafka/gateway.js';
import type { StretchSnapshot } from './stretch-check.js';

/** Read a stretch check's inputs from `gw`; `topics` narrows the topics judged (every topic by default). */
export async function readStretchSnapshot(gw: ClusterGateway, o: { topics?: RegExp; controllerRacks?: Map<number, string> } = {}): Promise<StretchSnapshot> {
  const [cluster, listed] = await Promise.all([gw.describeCluster(), gw.listTopics()]);
  const names = listed.map((t) => t.name).filter((n) => !o.topics || o.topics.test(n));
  const [replicas, configs, quorum] = await Promise.all([
    names.length ? gw.topicReplicas(names) : new Map<string, PartitionReplicas[]>(),
    names.length ? gw.topicConfigs(names, ['min.insync.replicas', 'unclean.leader.election.enable']) : new Map<string, Record<string, string>>(),
    gw.describeQuorum().catch((e: unknown) => {
      // A quorum drctl may not read (no DESCRIBE on the cluster, an old broker) is reported, not fatal; a cluster that
      // went away is.
      if (isDrctlError(e) && (e.kind === 'authorization' || e.kind === 'protocol')) return { unreadable: e.message };
      throw e;
    }),
  ]);
  return {
    cluster: gw.alias,
    brokers: cluster.brokers.map((b) => ({ nodeId: b.nodeId, rack: b.rack })).sort((a, b) => a.nodeId - b.nodeId),
    topics: names
      .filter((n) => replicas.has(n))
      .map((name) => {
        const c = configs.get(name) ?? {};
        return {
          name,
          minInsyncReplicas: Number(c['min.insync.replicas'] ?? '1'),
          uncleanLeaderElection: c['unclean.leader.election.enable'] === 'true',
          partitions: replicas.get(name)!.map((p) => ({ partition: p.partition, replicas: p.replicas })),
        };
      }),
    quorum: 'unreadable' in quorum ? quorum : { leaderId: quorum.leaderId, voters: quorum.voters },
    controllerRacks: o.controllerRacks ?? new Map(),
  };
}
