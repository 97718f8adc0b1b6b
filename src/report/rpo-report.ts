/**
 * `drctl report rpo`: per flow, the data at risk per topic and partition (see rpo.ts), MM2's liveness, and per
 * consumer group what a failover now would cost: checkpoint age, partitions with no checkpoint, partitions whose
 * offset is older than every offset sync (MM2 cannot translate them), and the records an unplanned failover would
 * deliver again compared with exact. Objectives (seconds and records) make it a gate: any breach, or a figure that
 * cannot be known while an objective is set, fails it.
 */
import { groupsOnClusters, type GroupOnCluster } from '../groups/on-clusters.js';
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { DrctlError, isDrctlError, isUnreachable } from '../errors.js';
import type { ClusterGateway, TopicInfo } from '../kafka/gateway.js';
import { newestTimestamp } from '../kafka/newest-record.js';
import { readCheckpoints } from '../mm2/checkpoint-reader.js';
import { connectOffsetsTopic, readConnectOffsets } from '../mm2/connect-offsets.js';
import type { OffsetSyncSnapshot } from '../mm2/offset-sync-reader.js';
import { offsetSyncsHome, readFlowOffsetSyncs } from '../mm2/offset-syncs-home.js';
import { ExactMemo } from '../translate/exact-batch.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { gatherTranslateInputs } from '../translate/gather-inputs.js';
import { atOrAboveLogStart, byCheckpoints, refineBySyncs, translateGroups } from '../translate/translate-groups.js';
import { measurePartitionRpo, topicRpo, type PartitionRpo, type TopicRpo } from './rpo.js';
import { readRpoSamples, type RpoSample, type RpoTrend } from './rpo-history.js';

/** One group's failover exposure. */
export interface GroupRpo {
  group: string;
  /** Age of the oldest checkpoint the group's failover would use. */
  checkpointAgeSeconds: number | null;
  partitions: number;
  withoutCheckpoint: number;
  olderThanSyncs: number;
  /** Records an unplanned failover (checkpoints refined by syncs) would deliver again compared with exact; when the
   * source is down, the upper bound the syncs give. Null when unknown. */
  expectedDuplicates: bigint | null;
  duplicatesExact: boolean;
  /** The group on the source (when it answers) and on the target: protocol, state, members. */
  onClusters: GroupOnCluster[];
}

/** One flow's report. */
export interface FlowRpo {
  flow: string;
  source: string;
  target: string;
  sourceReachable: boolean;
  heartbeatAgeSeconds: number | null;
  topics: TopicRpo[];
  partitions: PartitionRpo[];
  groups: GroupRpo[];
  /** Groups named in the request that this flow knows neither by committed offsets on its source nor by checkpoints
   * on its target (a group unknown to every flow makes the report fail). */
  unknownGroups: string[];
  /** With the source unreachable: the last RPO measured while it answered (from the history), if any. */
  lastMeasured: RpoSample | null;
  warnings: string[];
}

/** One flow's report with its own verdict: what `report rpo` returns per flow. */
export interface CheckedFlowRpo extends FlowRpo {
  /** No breach on this flow. */
  ok: boolean;
  /** The breaches of this flow (each is also in the report's `breaches`). */
  breaches: string[];
}

/** The objectives the report is checked against (undefined: not checked). */
export interface RpoObjectives {
  maxSeconds?: number;
  maxRecords?: bigint;
}

/** The whole report (also the `--json` output). */
export interface RpoReport {
  generatedAt: string;
  /** With --since: the recorded history per flow. */
  history?: RpoTrend[];
  objectives: RpoObjectives;
  flows: CheckedFlowRpo[];
  /** Every flow's breaches, in the order of the flows. */
  breaches: string[];
  /** No breach on any flow. */
  ok: boolean;
}

/** What to report on. */
export interface RpoRequest {
  flows: FlowConfig[];
  groups?: string[];
  objectives: RpoObjectives;
  timeoutMs: number;
}

const secondsSince = (now: number, ts: number): number => Math.max(0, Math.round((now - ts) / 100) / 10);

/** Measure one flow. */
export async function flowRpo(config: DrctlConfig, flow: FlowConfig, source: ClusterGateway, target: ClusterGateway, groupsWanted: string[] | undefined | null, timeoutMs: number, now = Date.now()): Promise<FlowRpo> {
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  const warnings: string[] = [];
  // Is the source there, and what does the target hold: both at once.
  const [reachable, targetTopics] = await Promise.all([
    source.describeCluster().then(
      (): ClusterGateway | null => source,
      (e: unknown) => {
        if (!isUnreachable(e)) throw e;
        warnings.push(`${flow.source} is unreachable (${e.message}): records at risk are unknown; seconds are the age of the newest copy on ${flow.target}`);
        return null;
      },
    ),
    target.listTopics(),
  ]);
  const hbTopic = policy.formatRemoteTopic(flow.source, policy.heartbeatsTopic());
  const hbInfo = targetTopics.find((t) => t.name === hbTopic);
  // Mirrored topics: remote topics of this source on the target, MM2's own internal topics left out.
  const topics = targetTopics
    .filter((t) => policy.topicSource(t.name) === flow.source && !policy.isInternalTopic(t.name) && !policy.isHeartbeatsTopic(t.name))
    .map((t) => policy.upstreamTopic(t.name)!)
    .sort();
  // Three independent reads of MM2's state, at once (each is round trips to a broker more than work), while the
  // partitions' log bounds are listed: the syncs are awaited only by the walks, the Connect offsets by the results.
  const syncsRead = readFlowOffsetSyncs(config, flow, reachable, target, timeoutMs);
  const mm2State = Promise.all([hbInfo ? newestTimestamp(target, hbTopic, hbInfo.partitions) : null, syncsRead, readConnectOffsets(target, flow.source)]);
  mm2State.catch(() => undefined); // awaited below; an early failure must not count as unhandled meanwhile
  // The walks to the log ends answer the groups caught up there too: their exposure reuses them and the syncs.
  const exactMemo = new ExactMemo();
  const measured = measurePartitionRpo(reachable, target, policy, flow.source, syncsRead ? syncsRead.then((s) => s.store) : null, topics, now, { connect: mm2State.then(([, , c]) => c), memo: exactMemo, targetTopics });
  measured.catch(() => undefined);
  const [hb, snap, connect] = await mm2State;
  if (snap) warnings.push(...snap.warnings);
  if (connect === null) warnings.push(`${connectOffsetsTopic(flow.source)} not found on ${flow.target}: MM2's Connect offsets are not cross-checked (MM2 in a Connect cluster keeps them elsewhere)`);
  const partitions = await measured;
  // null: the caller wants the data at risk only (status --record), not the groups' exposure.
  const { groups, unknown } = groupsWanted === null ? { groups: [], unknown: [] } : await groupExposure(config, flow, reachable, target, groupsWanted, timeoutMs, now, warnings, { syncs: snap, exactMemo, targetTopics });
  const name = `${flow.source}->${flow.target}`;
  const lastMeasured = reachable
    ? null
    : (readRpoSamples(config.stateDir, 0)
        .filter((s) => s.flow === name && s.records !== null)
        .at(-1) ?? null);
  return {
    flow: name,
    source: flow.source,
    target: flow.target,
    sourceReachable: reachable !== null,
    heartbeatAgeSeconds: hb === null ? null : secondsSince(now, hb),
    topics: topicRpo(partitions, flow.source),
    partitions,
    groups,
    unknownGroups: unknown,
    lastMeasured,
    warnings,
  };
}

async function groupExposure(
  config: DrctlConfig,
  flow: FlowConfig,
  source: ClusterGateway | null,
  target: ClusterGateway,
  wanted: string[] | undefined,
  timeoutMs: number,
  now: number,
  warnings: string[],
  pre: { syncs: OffsetSyncSnapshot | null; exactMemo: ExactMemo; targetTopics: readonly TopicInfo[] },
): Promise<{ groups: GroupRpo[]; unknown: string[] }> {
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  const cps = await readCheckpoints(target, policy.checkpointsTopic(flow.source), timeoutMs);
  const groups = [...new Set(wanted?.length ? wanted : cps.groups.keys())].sort();
  if (groups.length === 0) return { groups: [], unknown: [] };
  // With the source, exact translation knows a group by its committed offsets only; the checkpoints read here count too.
  const unknownTo = (gathered: readonly string[]) => groups.filter((x) => !gathered.includes(x) && !cps.groups.has(x));
  let g;
  try {
    g = await gatherTranslateInputs(
      config,
      { flow, method: source ? 'exact' : 'checkpoints', groups, allGroups: false, timeoutMs, preread: { syncs: pre.syncs ?? undefined, exactMemo: pre.exactMemo, targetTopics: pre.targetTopics } },
      source ?? target,
      target,
    );
  } catch (e) {
    if (isDrctlError(e) && e.code === 'DRCTL_UNKNOWN_GROUP') {
      warnings.push(e.message);
      return { groups: [], unknown: unknownTo([]) };
    }
    throw e;
  }
  // The target-only view (what an unplanned failover would commit) needs the syncs even when exact was gathered.
  const syncsOnTarget = offsetSyncsHome(config, flow).onTarget ? (pre.syncs ?? (await readFlowOffsetSyncs(config, flow, null, target, timeoutMs))!).store : null;
  const targetOnly = { ...g.inputs, checkpoints: cps, syncs: syncsOnTarget, source: null, now };
  const syncStore = source ? g.inputs.syncs : syncsOnTarget;
  // Three independent reads at once (each is round trips more than work): the exact translation; what an unplanned
  // failover would commit (checkpoints refined by syncs, never below the target's log start); and where each group
  // is active.
  const [exact, unplannedRows, onClusters] = await Promise.all([
    source ? translateGroups(g.groups, 'exact', g.inputs) : null,
    atOrAboveLogStart(new Map(g.groups.map((group) => [group, refineBySyncs(byCheckpoints(group, targetOnly), targetOnly)])), target),
    groupsOnClusters(source ? [source, target] : [target], g.groups),
  ]);
  const counts = new Map(pre.targetTopics.map((t) => [t.name, t.partitions]));
  const exposures = g.groups.map((group) => {
    const unplanned = unplannedRows.get(group)!;
    const ages = unplanned.map((r) => r.checkpointAgeSeconds).filter((a): a is number => a !== null);
    const topics = [...new Set([...unplanned.map((r) => r.topic), ...(exact?.get(group) ?? []).map((r) => r.topic)])];
    const partitions = topics.reduce((n, t) => n + (counts.get(t) ?? 0), 0);
    const known = new Set(unplanned.map((r) => `${r.topic}:${r.partition}`));
    const rows = exact?.get(group) ?? unplanned;
    const olderThanSyncs = rows.filter((r) => syncStore?.translate(r.sourceTopic, r.partition, r.upstream).kind === 'older-than-syncs').length;
    let duplicates: bigint | null = 0n;
    for (const row of exact?.get(group) ?? []) {
      const cp = unplanned.find((u) => u.topic === row.topic && u.partition === row.partition);
      if (duplicates !== null && cp && cp.downstream !== null && row.method === 'exact' && row.downstream !== null) duplicates += row.downstream - cp.downstream > 0n ? row.downstream - cp.downstream : 0n;
    }
    if (!exact) {
      duplicates = unplanned.some((r) => r.expectedDuplicates === null) ? null : unplanned.reduce((n, r) => n + (r.expectedDuplicates ?? 0n), 0n);
    }
    return {
      group,
      checkpointAgeSeconds: ages.length ? Math.max(...ages) : null,
      partitions,
      withoutCheckpoint: partitions - known.size,
      olderThanSyncs,
      expectedDuplicates: duplicates,
      duplicatesExact: exact !== null,
      onClusters: onClusters.filter((o) => o.group === group),
    };
  });
  return { groups: exposures, unknown: unknownTo(g.groups) };
}

/** A flow's totals over its topics, as one history sample. */
export function rpoSample(f: FlowRpo, at: string, by: string): RpoSample {
  const unknown = f.topics.some((t) => t.records === null);
  const secs = f.topics.map((t) => t.seconds).filter((s): s is number => s !== null);
  return {
    at,
    flow: f.flow,
    records: unknown ? null : f.topics.reduce((n, t) => n + (t.records ?? 0n), 0n).toString(),
    seconds: f.sourceReachable ? (secs.length ? Math.max(...secs) : 0) : secs.length ? Math.min(...secs) : null,
    by,
  };
}

/** What checking a flow against the objectives reads of its report. */
export type CheckableFlow = Pick<FlowRpo, 'flow' | 'source'> & { topics: readonly Pick<TopicRpo, 'topic' | 'records' | 'seconds'>[]; partitions: Parameters<typeof replicationPathLosses>[1] };

/** Check every topic of one flow against the objectives; records already lost on the way always breach. */
export function flowBreaches(f: CheckableFlow, o: RpoObjectives): string[] {
  const out: string[] = [];
  for (const t of f.topics) {
    const name = `${f.flow} ${t.topic}`;
    if (o.maxSeconds !== undefined) {
      if (t.seconds === null) out.push(`${name}: seconds of data at risk unknown (objective ${o.maxSeconds} s)`);
      else if (t.seconds > o.maxSeconds) out.push(`${name}: ${t.seconds} s of data at risk > ${o.maxSeconds} s`);
    }
    if (o.maxRecords !== undefined) {
      if (t.records === null) out.push(`${name}: records at risk unknown (objective ${o.maxRecords})`);
      else if (t.records > o.maxRecords) out.push(`${name}: ${t.records} records at risk > ${o.maxRecords}`);
    }
  }
  // Records already lost on the way: no objective allows them.
  out.push(...replicationPathLosses(f.source, f.partitions));
  return out;
}

/** Each flow with its own verdict and breaches (a flow's breaches belong to it alone, never to a flow it shares a cluster with). */
export function checkFlows<F extends CheckableFlow>(flows: readonly F[], o: RpoObjectives): (F & { ok: boolean; breaches: string[] })[] {
  return flows.map((f) => {
    const breaches = flowBreaches(f, o);
    return { ...f, ok: breaches.length === 0, breaches };
  });
}

/** One line per source partition that lost records before MM2 copied them, or was re-created under MM2's feet. */
export function replicationPathLosses(source: string, partitions: readonly Pick<PartitionRpo, 'topic' | 'partition' | 'sourceEnd' | 'mm2CopiedBelow' | 'lostBeforeCopy' | 'recreated'>[]): string[] {
  return partitions.flatMap((p) => {
    if (p.recreated) return [`${source} ${p.topic}-${p.partition}: MM2 had copied below ${p.mm2CopiedBelow}, but the partition now ends at ${p.sourceEnd}: the topic was re-created (or truncated) under the same name`];
    if (p.lostBeforeCopy)
      return [`${source} ${p.topic}-${p.partition}: ${p.lostBeforeCopy} record(s) deleted (retention or DeleteRecords) before MM2 copied them: offsets ${p.mm2CopiedBelow}..${p.mm2CopiedBelow! + p.lostBeforeCopy - 1n} are lost to the target`];
    return [];
  });
}

/**
 * A group the operator named that no flow knows (no committed offsets on its source, no checkpoints on its target)
 * is a typo, not a group with nothing at risk: an error (exit 2), as `offsets translate` says for the same group.
 */
function unknownGroupsError(wanted: readonly string[] | undefined, flows: readonly FlowRpo[]): DrctlError | null {
  const missing = [...new Set(wanted ?? [])].filter((g) => flows.every((f) => f.unknownGroups.includes(g)));
  if (missing.length === 0) return null;
  const where =
    flows.length === 1
      ? `no committed offsets on ${flows[0].source}${flows[0].sourceReachable ? '' : ' (unreachable)'} and no checkpoints on ${flows[0].target}`
      : `no committed offsets on the source and no checkpoints on the target of any flow (${flows.map((f) => f.flow).join(', ')})`;
  return new DrctlError('DRCTL_UNKNOWN_GROUP', `unknown group${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: ${where}`, {
    hint: 'check the group name; without --group the report covers every group with checkpoints',
  });
}

/** The report over the requested flows, through one gateway per alias. */
export async function buildRpoReport(config: DrctlConfig, req: RpoRequest, gateways: Record<string, ClusterGateway>): Promise<RpoReport> {
  const now = Date.now();
  const flows: FlowRpo[] = [];
  for (const f of req.flows) flows.push(await flowRpo(config, f, gateways[f.source], gateways[f.target], req.groups, req.timeoutMs, now));
  const unknown = unknownGroupsError(req.groups, flows);
  if (unknown) throw unknown;
  const checked = checkFlows(flows, req.objectives);
  const breaches = checked.flatMap((f) => f.breaches);
  return { generatedAt: new Date(now).toISOString(), objectives: req.objectives, flows: checked, breaches, ok: breaches.length === 0 };
}
