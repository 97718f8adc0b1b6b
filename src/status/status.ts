/**
 * `drctl status`, first version: per cluster, reachability, cluster id and brokers; per flow, the age of the newest
 * replicated heartbeat (`<source>.heartbeats` on the target), the checkpoints topic and the age of its newest
 * record, and the number of remote topics. Read-only: no groups, no topics are created.
 */
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { isDrctlError } from '../errors.js';
import type { ClusterGateway, TopicInfo } from '../kafka/gateway.js';
import { groupsOnClusters, type GroupOnCluster } from '../groups/on-clusters.js';
import { newestTimestamp } from '../kafka/newest-record.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { appendRpoSamples, type RpoSample } from '../report/rpo-history.js';
import { flowRpo, rpoSample } from '../report/rpo-report.js';
import { checkSplitBrain, describeWrites } from '../splitbrain/split-brain.js';
import { replicationLossNow } from '../report/replication-loss.js';
import { ConnectRest, configuredConnect } from '../connect/connect-rest.js';
import { mirrorHealth } from '../connect/mirror-health.js';
import { DEFAULT_READINESS, flowVerdict, groupVerdicts, overallVerdict, type OverallVerdict, type ReadinessLimits, type Verdict } from './readiness.js';

/** One cluster's line of the status. */
export interface ClusterStatus {
  alias: string;
  bootstrap: string[];
  reachable: boolean;
  clusterId: string | null;
  expectedClusterId: string | null;
  /** false when a configured cluster id differs from the one the brokers report. */
  clusterIdMatches: boolean | null;
  brokers: string[];
  error: string | null;
}

/** One flow's line of the status. */
export interface FlowStatus {
  flow: string;
  source: string;
  target: string;
  heartbeatsTopic: string;
  lastHeartbeat: string | null;
  heartbeatAgeSeconds: number | null;
  checkpointsTopic: string;
  checkpointsTopicExists: boolean;
  newestCheckpoint: string | null;
  checkpointAgeSeconds: number | null;
  remoteTopics: number;
  error: string | null;
}

/** The whole status (also the `--json` output). */
export interface StatusReport {
  generatedAt: string;
  config: string;
  clusters: ClusterStatus[];
  flows: FlowStatus[];
  /** Every configured cluster reachable with the expected id. */
  ok: boolean;
  /** GO / NO-GO per flow, and per group when groups were asked for. */
  readiness: Verdict[];
  /** Every verdict is GO. */
  ready: boolean;
  /** The same verdict in words, with the flows and groups that are NO-GO. */
  overall: OverallVerdict;
  /** The judged groups on every reachable cluster (with --group or --all-groups). */
  groups: GroupOnCluster[];
  /** With --record: the RPO samples appended to the history. */
  recorded?: RpoSample[];
}

/** Which groups to judge, and the limits. */
export interface ReadinessRequest {
  groups: string[];
  allGroups: boolean;
  limits: ReadinessLimits;
  timeoutMs: number;
  /** Measure each flow's RPO and append it to the history (status --record). */
  record?: boolean;
}

const message = (e: unknown): string => (isDrctlError(e) ? e.message : e instanceof Error ? e.message : String(e));
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const age = (ms: number | null, now: number): number | null => (ms === null ? null : Math.max(0, Math.round((now - ms) / 100) / 10));

/** Collect the status through one gateway per configured cluster. */
export async function collectStatus(
  config: DrctlConfig,
  gateways: Record<string, ClusterGateway>,
  now: () => number = Date.now,
  readinessReq: ReadinessRequest = { groups: [], allGroups: false, limits: DEFAULT_READINESS, timeoutMs: 10_000 },
): Promise<StatusReport> {
  const topicsByAlias = new Map<string, TopicInfo[]>();
  const clusters = await Promise.all(
    Object.values(config.clusters).map(async (c): Promise<ClusterStatus> => {
      const base = { alias: c.alias, bootstrap: c.bootstrapServers, expectedClusterId: c.clusterId ?? null };
      try {
        const gw = gateways[c.alias];
        const [info, topics] = await Promise.all([gw.describeCluster(), gw.listTopics()]);
        topicsByAlias.set(c.alias, topics);
        const matches = c.clusterId ? info.clusterId === c.clusterId : null;
        return {
          ...base,
          reachable: true,
          clusterId: info.clusterId,
          clusterIdMatches: matches,
          brokers: info.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`),
          error: matches === false ? `cluster id ${info.clusterId} differs from the configured ${c.clusterId}` : null,
        };
      } catch (e) {
        return { ...base, reachable: false, clusterId: null, clusterIdMatches: null, brokers: [], error: message(e) };
      }
    }),
  );
  const flows = await Promise.all(config.flows.map((f) => flowStatus(config, f, gateways[f.target], topicsByAlias.get(f.target), now)));
  const readiness: Verdict[] = [];
  for (const f of flows) {
    const cfg = config.flows.find((x) => `${x.source}->${x.target}` === f.flow)!;
    const reachable = clusters.find((c) => c.alias === f.target)?.reachable ?? false;
    const verdict = flowVerdict(f.flow, f.target, reachable, f.heartbeatAgeSeconds, readinessReq.limits);
    // After a failover of this flow, a write to the old source is a split brain: its consumers moved away.
    if (clusters.find((c) => c.alias === cfg.source)?.reachable) {
      const sb = await checkSplitBrain(config.stateDir, f.flow, gateways[cfg.source]).catch((e: Error) => {
        verdict.skipped.push(`split-brain watch: ${e.message}`);
        return null;
      });
      // Records the source deleted before MM2 copied them, or a topic re-created under MM2's feet: already lost.
      const lost = await replicationLossNow(gateways[cfg.source], gateways[cfg.target], cfg.source).catch((e: Error) => {
        verdict.skipped.push(`replication-path loss: ${e.message}`);
        return [];
      });
      if (lost.length) {
        verdict.reasons.push(...lost);
        verdict.go = false;
      }
      if (sb?.writes.length) {
        verdict.reasons.push(describeWrites(cfg.source, sb.watch, sb.writes));
        verdict.go = false;
      } else if (sb?.unknown) verdict.skipped.push(`split-brain watch: ${sb.unknown} partition(s) of ${cfg.source} have no baseline yet (the failover was unplanned; drctl agent records one)`);
    }
    // MM2 on Kafka Connect, where the config names the Connect cluster of the flow: its connectors must run.
    const connect = config.connect?.[f.flow];
    if (connect) {
      try {
        const health = mirrorHealth(cfg, await new ConnectRest(configuredConnect(connect), readinessReq.timeoutMs).connectors());
        for (const c of health.connectors) for (const p of c.problems) verdict.reasons.push(`MM2 on Connect: ${c.name}: ${p}`);
        if (health.verdict !== 'GO') verdict.go = false;
      } catch (e) {
        verdict.reasons.push(`MM2 on Connect: ${(e as Error).message}`);
        verdict.go = false;
      }
    }
    readiness.push(verdict);
    if (reachable && (readinessReq.allGroups || readinessReq.groups.length)) {
      readiness.push(...(await groupVerdicts(config, cfg, gateways[cfg.source], gateways[cfg.target], readinessReq.groups, readinessReq.limits, readinessReq.timeoutMs, now())));
    }
  }
  const judged = [...new Set(readiness.flatMap((v) => (v.group ? [v.group] : [])))].sort();
  const groups = await groupsOnClusters(
    clusters.filter((c) => c.reachable).map((c) => gateways[c.alias]),
    judged,
  );
  let recorded: RpoSample[] | undefined;
  if (readinessReq.record) {
    const at = new Date(now()).toISOString();
    recorded = [];
    for (const f of config.flows) {
      if (!clusters.find((c) => c.alias === f.target)?.reachable) continue;
      recorded.push(rpoSample(await flowRpo(config, f, gateways[f.source], gateways[f.target], null, readinessReq.timeoutMs, now()), at, 'status --record'));
    }
    appendRpoSamples(config.stateDir, recorded);
  }
  return {
    generatedAt: new Date(now()).toISOString(),
    config: config.source,
    clusters,
    flows,
    ok: clusters.every((c) => c.reachable && c.clusterIdMatches !== false),
    readiness,
    ready: readiness.every((v) => v.go),
    overall: overallVerdict(readiness),
    groups,
    ...(recorded ? { recorded } : {}),
  };
}

async function flowStatus(config: DrctlConfig, f: FlowConfig, target: ClusterGateway, targetTopics: TopicInfo[] | undefined, now: () => number): Promise<FlowStatus> {
  const policy = replicationPolicyFor(config.replicationPolicy, f.source);
  const heartbeatsTopic = policy.formatRemoteTopic(f.source, policy.heartbeatsTopic());
  const checkpointsTopic = policy.checkpointsTopic(f.source);
  const base: FlowStatus = {
    flow: `${f.source}->${f.target}`,
    source: f.source,
    target: f.target,
    heartbeatsTopic,
    lastHeartbeat: null,
    heartbeatAgeSeconds: null,
    checkpointsTopic,
    checkpointsTopicExists: false,
    newestCheckpoint: null,
    checkpointAgeSeconds: null,
    remoteTopics: 0,
    error: null,
  };
  if (!targetTopics) return { ...base, error: `target ${f.target} is unreachable` };
  try {
    const hb = targetTopics.find((t) => t.name === heartbeatsTopic);
    const cp = targetTopics.find((t) => t.name === checkpointsTopic);
    const [hbTs, cpTs] = await Promise.all([hb ? newestTimestamp(target, hb.name, hb.partitions) : null, cp ? newestTimestamp(target, cp.name, cp.partitions) : null]);
    const remote = targetTopics.filter((t) => policy.topicSource(t.name) === f.source && !policy.isHeartbeatsTopic(t.name) && !policy.isInternalTopic(t.name));
    const t = now();
    return {
      ...base,
      lastHeartbeat: iso(hbTs),
      heartbeatAgeSeconds: age(hbTs, t),
      checkpointsTopicExists: Boolean(cp),
      newestCheckpoint: iso(cpTs),
      checkpointAgeSeconds: age(cpTs, t),
      remoteTopics: remote.length,
      error: hb ? null : `no ${heartbeatsTopic} on ${f.target}: MM2 has not replicated heartbeats for this flow`,
    };
  } catch (e) {
    return { ...base, error: message(e) };
  }
}
