/**
 * Is a stretch cluster (one cluster over several data centers, each a rack) safe when one data center is lost? Pure:
 * it judges a snapshot of the cluster's racks, replica placement, topic settings and controller quorum.
 *
 * For a partition with replication factor RF, c(r) replicas on rack r and min.insync.replicas M, producing with
 * acks=all:
 * - writes go on after rack r is lost when the replicas elsewhere can still form an ISR of M: RF - c(r) >= M;
 * - an acknowledged write survives the loss of rack r when a replica lives elsewhere and the write cannot have been
 *   acknowledged by rack r's replicas alone (an acknowledgement needs M in-sync copies): c(r) < RF and c(r) < M.
 * Both for every rack: max c(r) < M <= RF - max c(r). With three racks, RF 3 (one replica per rack) and M 2 is the
 * classic answer; RF 2 can never meet both. The KRaft controller quorum keeps a majority of its voters after the loss
 * of rack r when voters outside r are more than half of all voters.
 */

/** What the check reads of the cluster. */
export interface StretchSnapshot {
  cluster: string;
  /** Every broker with its `broker.rack` (null: not set). */
  brokers: { nodeId: number; rack: string | null }[];
  topics: {
    name: string;
    /** The topic's effective min.insync.replicas. */
    minInsyncReplicas: number;
    /** unclean.leader.election.enable: an out-of-sync replica may become leader and drop acknowledged writes. */
    uncleanLeaderElection: boolean;
    partitions: { partition: number; replicas: number[] }[];
  }[];
  /** The controller quorum's voters, or why it could not be read. */
  quorum: { leaderId: number; voters: number[] } | { unreadable: string };
  /** Racks of controllers that are not brokers (dedicated controllers), given by the operator. */
  controllerRacks: Map<number, string>;
}

/** The verdict on one topic. */
export interface TopicStretchVerdict {
  topic: string;
  safe: boolean;
  /** The smallest replication factor of its partitions. */
  replicationFactor: number;
  minInsyncReplicas: number;
  /** The most replicas of one partition on one rack (over all partitions), and that rack. */
  mostOnOneRack: { rack: string; replicas: number } | null;
  /** Writes (acks=all) go on after the loss of any one rack. */
  writesSurvive: boolean;
  /** Acknowledged writes are never lost with one rack. */
  ackedWritesSurvive: boolean;
  problems: string[];
  /** What to change, as commands where one exists. */
  fixes: string[];
}

/** The controller quorum's verdict. */
export interface QuorumStretchVerdict {
  safe: boolean;
  leaderId: number | null;
  voters: { nodeId: number; rack: string | null }[];
  problems: string[];
  fixes: string[];
}

/** The whole report: safe when every topic and the quorum are. */
export interface StretchReport {
  cluster: string;
  safe: boolean;
  racks: string[];
  brokers: { nodeId: number; rack: string | null }[];
  /** Problems of the cluster as a whole (racks missing, fewer than three). */
  problems: string[];
  quorum: QuorumStretchVerdict;
  topics: TopicStretchVerdict[];
  unsafeTopics: number;
}

/** Racks a stretch cluster needs so that the loss of one leaves a majority (of racks, and of quorum voters). */
export const STRETCH_RACKS = 3;

const count = <T>(xs: readonly T[]): Map<T, number> => {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};

/**
 * The smallest replication factor >= `rf` that, spread evenly over `racks` (three or more), can meet both rules: the
 * most on one rack, k = ceil(n / racks), needs k < M <= n - k, so n >= 2k + 1. Two racks never can (k >= n / 2).
 */
function spreadableFactor(rf: number, racks: number): number {
  let n = Math.max(rf, 1);
  while (n < 2 * Math.ceil(n / racks) + 1) n++;
  return n;
}

/** Judge one topic. */
function judgeTopic(t: StretchSnapshot['topics'][number], rackOf: Map<number, string | null>, racks: string[]): TopicStretchVerdict {
  const problems: string[] = [];
  const fixes: string[] = [];
  const M = t.minInsyncReplicas;
  let rf = Infinity;
  let most: { rack: string; replicas: number } | null = null;
  let unknownRack = false;
  // The first partition that breaks each rule (as the example in the message) and how many do.
  const first: { writes?: { partition: number; rack: string; left: number; rf: number }; acked?: { partition: number; rack: string; on: number; rf: number }; tooFew?: { partition: number; rf: number } } = {};
  const partitionsBreaking = { writes: 0, acked: 0, tooFew: 0 };
  for (const p of t.partitions) {
    const n = p.replicas.length;
    rf = Math.min(rf, n);
    const rs = p.replicas.map((id) => rackOf.get(id) ?? null);
    if (rs.some((r) => r === null)) unknownRack = true;
    const per = count(rs.filter((r): r is string => r !== null));
    if (n < M) {
      first.tooFew ??= { partition: p.partition, rf: n };
      partitionsBreaking.tooFew++;
    }
    let w = false;
    let a = false;
    for (const rack of racks) {
      const c = per.get(rack) ?? 0;
      if (!most || c > most.replicas) most = { rack, replicas: c };
      if (n - c < M && !w) {
        w = true;
        first.writes ??= { partition: p.partition, rack, left: n - c, rf: n };
        partitionsBreaking.writes++;
      }
      // Lost with the rack: every copy is there, or an acknowledgement can come from its replicas alone.
      if ((c >= n || c >= M) && !a) {
        a = true;
        first.acked ??= { partition: p.partition, rack, on: c, rf: n };
        partitionsBreaking.acked++;
      }
    }
  }
  if (rf === Infinity) rf = 0;
  const more = (n: number) => (n > 1 ? ` (and ${n - 1} more partition(s))` : '');
  let writesSurvive = partitionsBreaking.writes === 0 && partitionsBreaking.tooFew === 0;
  let ackedWritesSurvive = partitionsBreaking.acked === 0;
  const { writes: badWrites, acked: badAcked, tooFew } = first;
  if (unknownRack) {
    writesSurvive = false;
    ackedWritesSurvive = false;
    problems.push('replicas on brokers without a rack (broker.rack): their data center is unknown');
  } else {
    if (tooFew) problems.push(`min.insync.replicas ${M} is above the replication factor ${tooFew.rf} of partition ${tooFew.partition}${more(partitionsBreaking.tooFew)}: writes with acks=all are always refused`);
    if (badWrites && !tooFew)
      problems.push(`writes with acks=all stop when ${badWrites.rack} is lost: partition ${badWrites.partition} keeps ${badWrites.left} of ${badWrites.rf} replicas, fewer than min.insync.replicas ${M}${more(partitionsBreaking.writes)}`);
    if (badAcked)
      problems.push(
        badAcked.on >= badAcked.rf
          ? `acknowledged writes are lost with ${badAcked.rack}: it holds every replica of partition ${badAcked.partition}${more(partitionsBreaking.acked)}`
          : `acknowledged writes can be lost with ${badAcked.rack}: it holds ${badAcked.on} replica(s) of partition ${badAcked.partition}, enough for min.insync.replicas ${M} to acknowledge a write there alone${more(partitionsBreaking.acked)}`,
      );
  }
  if (t.uncleanLeaderElection) problems.push('unclean.leader.election.enable is true: an out-of-sync replica can become leader and drop acknowledged writes');

  // With fewer than three racks no placement is safe: the cluster-wide problem says what to do first.
  if ((!writesSurvive || !ackedWritesSurvive) && racks.length >= STRETCH_RACKS) {
    const needRf = spreadableFactor(rf, racks.length);
    const perRack = Math.ceil(needRf / racks.length);
    if (needRf > rf) fixes.push(`raise the replication factor to ${needRf} with at most ${perRack} replica(s) per rack (kafka-reassign-partitions --generate with rack-aware placement, then --execute)`);
    else if (most && most.replicas > perRack) fixes.push(`move replicas so that no rack holds more than ${perRack} of a partition's ${rf} (kafka-reassign-partitions)`);
    const m = perRack + 1;
    if (m !== M && m <= needRf - perRack) fixes.push(`kafka-configs --bootstrap-server <broker> --alter --entity-type topics --entity-name ${t.name} --add-config min.insync.replicas=${m}`);
  }
  if (t.uncleanLeaderElection) fixes.push(`kafka-configs --bootstrap-server <broker> --alter --entity-type topics --entity-name ${t.name} --add-config unclean.leader.election.enable=false`);
  return {
    topic: t.name,
    safe: problems.length === 0,
    replicationFactor: rf,
    minInsyncReplicas: M,
    mostOnOneRack: most,
    writesSurvive,
    ackedWritesSurvive,
    problems,
    fixes,
  };
}

/** Judge the controller quorum. */
function judgeQuorum(q: StretchSnapshot['quorum'], rackOf: Map<number, string | null>, controllerRacks: Map<number, string>): QuorumStretchVerdict {
  if ('unreadable' in q)
    return {
      safe: false,
      leaderId: null,
      voters: [],
      problems: [`the controller quorum could not be read: ${q.unreadable}`],
      fixes: ['grant DESCRIBE on the CLUSTER resource to this principal, or check the quorum with kafka-metadata-quorum describe --status'],
    };
  const voters = [...q.voters].sort((a, b) => a - b).map((nodeId) => ({ nodeId, rack: controllerRacks.get(nodeId) ?? rackOf.get(nodeId) ?? null }));
  const problems: string[] = [];
  const fixes: string[] = [];
  const unknown = voters.filter((v) => v.rack === null);
  if (unknown.length > 0) {
    problems.push(`the rack of controller(s) ${unknown.map((v) => v.nodeId).join(', ')} is unknown (a broker without broker.rack, or a dedicated controller)`);
    fixes.push(`set broker.rack on those brokers; name dedicated controllers with --controller-rack ${unknown[0].nodeId}=<rack> (repeat per controller)`);
  }
  const per = count(voters.filter((v) => v.rack !== null).map((v) => v.rack!));
  const majority = Math.floor(voters.length / 2) + 1;
  for (const [rack, c] of per)
    if (voters.length - c < majority) {
      problems.push(`losing ${rack} takes ${c} of ${voters.length} voters: the rest (${voters.length - c}) are no majority, and the cluster stops`);
    }
  if (voters.length < 3) problems.push(`${voters.length} voter(s): one lost data center can take the quorum`);
  if (problems.length > 0 && unknown.length === 0) {
    // An odd number of voters, at most (n - 1) / 2 per rack: any one rack lost leaves a majority.
    const n = Math.max(3, voters.length % 2 === 0 ? voters.length + 1 : voters.length);
    fixes.push(`run ${n} controllers over three racks with at most ${(n - 1) / 2} per rack (kafka-metadata-quorum add-controller / remove-controller)`);
  }
  return { safe: problems.length === 0, leaderId: q.leaderId, voters, problems, fixes };
}

/** Judge a stretch cluster: every topic, the quorum, the racks. */
export function checkStretch(s: StretchSnapshot): StretchReport {
  const rackOf = new Map(s.brokers.map((b) => [b.nodeId, b.rack]));
  const racks = [...new Set(s.brokers.map((b) => b.rack).filter((r): r is string => r !== null))].sort();
  const problems: string[] = [];
  const withoutRack = s.brokers.filter((b) => b.rack === null).map((b) => b.nodeId);
  if (withoutRack.length > 0) problems.push(`broker(s) ${withoutRack.join(', ')} have no broker.rack: set it to each broker's data center`);
  if (racks.length < STRETCH_RACKS) problems.push(`${racks.length} rack(s) (${racks.join(', ') || 'none'}): a stretch cluster needs ${STRETCH_RACKS} data centers, so that one lost leaves a majority`);
  const topics = s.topics.map((t) => judgeTopic(t, rackOf, racks)).sort((a, b) => Number(a.safe) - Number(b.safe) || a.topic.localeCompare(b.topic));
  const quorum = judgeQuorum(s.quorum, rackOf, s.controllerRacks);
  const unsafeTopics = topics.filter((t) => !t.safe).length;
  return { cluster: s.cluster, safe: problems.length === 0 && unsafeTopics === 0 && quorum.safe, racks, brokers: s.brokers, problems, quorum, topics, unsafeTopics };
}
