/**
 * The incident mode's first screen, as data: every cluster (reachable, id), and per flow the mirror's liveness (MM2
 * heartbeat age), the data at risk now (flowRpo, by record identity when the source answers), the consumer groups
 * that could move (committed on the source for the flow's topics, or checkpointed on the target when the source is
 * down) with their lag, the duplicates a failover would cost and their state on both clusters, and the
 * recommendation. Reads only.
 */
import { GROUP_PARALLELISM, mapLimit } from '../async/map-limit.js';
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { isUnreachable } from '../errors.js';
import { activityText, isInactive } from '../groups/activity.js';
import { groupsOnClusters, type GroupOnCluster } from '../groups/on-clusters.js';
import { tpKey, type ClusterGateway, type PartitionOffset } from '../kafka/gateway.js';
import { readCheckpoints } from '../mm2/checkpoint-reader.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { listConsumerGroups } from '../offsets/reset-snapshot.js';
import type { TopicRpo } from '../report/rpo.js';
import { flowRpo, rpoSample } from '../report/rpo-report.js';
import { flowMirrorsGroup, flowMirrorsTopic } from '../translate/gather-inputs.js';
import { recommend, type FlowSituation, type Recommendation } from './recommend.js';

/** A cluster as the assessment found it. */
export interface ClusterFacts {
  alias: string;
  reachable: boolean;
  clusterId: string | null;
  error: string | null;
}

/** A group that could move with a flow. */
export interface GroupFacts {
  group: string;
  /** Records behind the source's log end on the flow's topics (null: the source does not answer). */
  lag: bigint | null;
  /** Records a failover now would deliver again (from the RPO report; null: unknown). */
  expectedDuplicates: bigint | null;
  onSource: GroupOnCluster | null;
  onTarget: GroupOnCluster | null;
  /** Why the group cannot move now (active on the target), or null. */
  blocked: string | null;
}

/** A flow as the assessment found it: the facts the recommendation rests on, and what the screens show. */
export interface FlowFacts extends FlowSituation {
  flow: string;
  topics: TopicRpo[];
  groups: GroupFacts[];
  recommendation: Recommendation;
  warnings: string[];
}

/** The whole assessment. */
export interface Assessment {
  at: string;
  clusters: ClusterFacts[];
  flows: FlowFacts[];
}

/** Is the cluster reachable? Only a network failure or a timeout says no; a refusal (credentials, TLS) is thrown. */
async function describe(alias: string, gw: ClusterGateway): Promise<ClusterFacts> {
  try {
    return { alias, reachable: true, clusterId: (await gw.describeCluster()).clusterId, error: null };
  } catch (e) {
    if (!isUnreachable(e)) throw e;
    return { alias, reachable: false, clusterId: null, error: e.message };
  }
}

/** Groups with committed offsets on the source for the flow's topics, and their lag there. */
async function committedGroups(flow: FlowConfig, source: ClusterGateway): Promise<Map<string, bigint>> {
  const [groups, topics] = await Promise.all([listConsumerGroups(source), source.listTopics()]);
  const mirrored = new Set(topics.map((t) => t.name).filter((t) => flowMirrorsTopic(flow, t)));
  const mirroredGroups = groups.filter((g) => flowMirrorsGroup(flow, g));
  const committed = await mapLimit(mirroredGroups, GROUP_PARALLELISM, (g) => source.committedOffsets(g, 'committed')); // live groups: never wait on their transactions
  const byGroup = new Map<string, PartitionOffset[]>();
  mirroredGroups.forEach((g, i) => {
    // Only the flow's topics that exist: offsets of a topic deleted since are nothing a failover can move.
    const offsets = committed[i].filter((o) => mirrored.has(o.topic));
    if (offsets.length) byGroup.set(g, offsets);
  });
  const tps = [...new Map([...byGroup.values()].flat().map((o) => [tpKey(o), { topic: o.topic, partition: o.partition }])).values()];
  const ends = new Map(tps.length ? (await source.listOffsets(tps, 'latest')).map((e) => [tpKey(e), e.offset ?? 0n]) : []);
  const behind = (o: PartitionOffset): bigint => {
    const end = ends.get(tpKey(o));
    return end !== undefined && end > o.offset ? end - o.offset : 0n;
  };
  return new Map([...byGroup].map(([g, offs]) => [g, offs.reduce((n, o) => n + behind(o), 0n)]));
}

async function assessFlow(config: DrctlConfig, flow: FlowConfig, clusters: Map<string, ClusterFacts>, gws: Record<string, ClusterGateway>, timeoutMs: number, now: number): Promise<FlowFacts> {
  const name = `${flow.source}->${flow.target}`;
  const sourceReachable = clusters.get(flow.source)!.reachable;
  const targetReachable = clusters.get(flow.target)!.reachable;
  const base = { flow: name, source: flow.source, target: flow.target, sourceReachable, targetReachable };
  if (!targetReachable) {
    const situation = { ...base, heartbeatAgeSeconds: null, rpoRecords: null, rpoSeconds: null };
    return { ...situation, topics: [], groups: [], recommendation: recommend(situation), warnings: [] };
  }
  const source = gws[flow.source];
  const target = gws[flow.target];
  let lags: Map<string, bigint | null>;
  if (sourceReachable) lags = await committedGroups(flow, source);
  else {
    const cps = await readCheckpoints(target, replicationPolicyFor(config.replicationPolicy, flow.source).checkpointsTopic(flow.source), timeoutMs);
    lags = new Map(
      [...cps.groups.keys()]
        .filter((g) => flowMirrorsGroup(flow, g))
        .sort()
        .map((g) => [g, null]),
    );
  }
  const names = [...lags.keys()].sort();
  // With the source down the report cannot price duplicates exactly: only the data at risk is measured then.
  const rpo = await flowRpo(config, flow, source, target, sourceReachable && names.length ? names : null, timeoutMs, now);
  const sample = rpoSample(rpo, new Date(now).toISOString(), 'incident');
  const states = await groupsOnClusters(sourceReachable ? [source, target] : [target], names);
  const groups = names.map((group): GroupFacts => {
    const onTarget = states.find((s) => s.group === group && s.cluster === flow.target) ?? null;
    const exposure = rpo.groups.find((g) => g.group === group);
    return {
      group,
      lag: lags.get(group) ?? null,
      expectedDuplicates: exposure?.expectedDuplicates ?? null,
      onSource: states.find((s) => s.group === group && s.cluster === flow.source) ?? null,
      onTarget,
      blocked: onTarget && !isInactive(onTarget) ? `active on ${flow.target} (${activityText(onTarget)})` : null,
    };
  });
  // With the source up, a topic it could not measure (e.g. not mirrored yet) makes the flow's seconds unknown too.
  const unmeasured = rpo.sourceReachable && rpo.topics.some((t) => t.seconds === null);
  const situation = { ...base, sourceReachable: rpo.sourceReachable, heartbeatAgeSeconds: rpo.heartbeatAgeSeconds, rpoRecords: sample.records === null ? null : BigInt(sample.records), rpoSeconds: unmeasured ? null : sample.seconds };
  return { ...situation, topics: rpo.topics, groups, recommendation: recommend(situation), warnings: rpo.warnings };
}

/** Assess every configured cluster and flow through the given gateways (one per configured cluster). */
export async function assess(config: DrctlConfig, gws: Record<string, ClusterGateway>, timeoutMs: number, now = Date.now()): Promise<Assessment> {
  const clusters = await Promise.all(Object.keys(config.clusters).map((alias) => describe(alias, gws[alias])));
  const byAlias = new Map(clusters.map((c) => [c.alias, c]));
  const flows: FlowFacts[] = [];
  for (const f of config.flows) flows.push(await assessFlow(config, f, byAlias, gws, timeoutMs, now));
  return { at: new Date(now).toISOString(), clusters, flows };
}
