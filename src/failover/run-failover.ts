/**
 * Failover of consumer groups from the source to the target of an MM2 flow.
 * 1. Resolve the groups and the mode: planned when the source is reachable (or --planned), else unplanned.
 * 2. Preflight: target reachable with the expected cluster id, groups inactive on the target, MM2 heartbeat age.
 * 3. Planned: wait until the groups are inactive on the source and the mirror has copied up to the source's log end,
 *    then translate exactly. Unplanned: translate from checkpoints (refined by syncs on the target); partitions with
 *    no translation take the fallback.
 * 4. The plan is a value; executeFailover re-checks it for drift, backs up and commits (admin-style), verifies,
 *    runs the discovery switch command, and journals every step with its timing.
 */
import { GROUP_PARALLELISM, mapLimit } from '../async/map-limit.js';
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { DrctlError, isDrctlError, isUnreachable, preconditionError, usageError } from '../errors.js';
import { tpKey, type ClusterGateway, type GroupInfo } from '../kafka/gateway.js';
import { readCheckpoints } from '../mm2/checkpoint-reader.js';
import { flowHeartbeat, heartbeatFresh } from '../mm2/flow-heartbeat.js';
import type { OffsetSyncSnapshot } from '../mm2/offset-sync-reader.js';
import { readFlowOffsetSyncs } from '../mm2/offset-syncs-home.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { appendJournal } from '../journal/journal.js';
import type { FailoverEntry } from '../journal/entries.js';
import { executeOffsetPlan, type GroupOutcome } from '../offsets/execute-reset.js';
import { activityText, isInactive } from '../groups/activity.js';
import { listConsumerGroups } from '../offsets/reset-snapshot.js';
import { gatherTranslateInputs, type TranslateRequest } from '../translate/gather-inputs.js';
import { ExactMemo } from '../translate/exact-batch.js';
import { selectGroups } from './group-selection.js';
import { translateGroups, type PartitionTranslation } from '../translate/translate-groups.js';
import { groupPartitions, type Fallback, type FailoverGroupPlan, type FailoverPlan } from './failover-plan.js';
import { planClusterId, planHeader, type PlanCheck, type PlanCluster } from '../workflow/plan-header.js';
import { checkPlanClusters, refuseDrift } from '../workflow/plan-file.js';
import { returnLegTopic } from '../translate/return-leg.js';
import { awaitMirrorCaughtUp, awaitSourceDrained } from './planned-wait.js';
import { measureRpo, type TopicRpo } from '../report/rpo.js';
import type { OffsetSyncStore } from '../mm2/offset-sync-store.js';
import type { StepContext, StepRecord, StepRunner } from '../workflow/step-runner.js';
import { DEFAULT_SWITCH_TIMEOUT_MS, runSwitchCommand, switchSummary, type SwitchCommandResult } from './switch-command.js';

/** What the operator asked for. */
export interface FailoverRequest {
  flow: FlowConfig;
  groups: string[];
  allGroups: boolean;
  groupsRegex?: string;
  mode?: 'planned' | 'unplanned';
  fallback: Fallback;
  timeoutMs: number;
  waitTimeoutMs: number;
  /**
   * Asked when the source is unreachable and no mode was given: may the failover be unplanned? The CLI asks on a
   * TTY; absent (no TTY, --yes, --json) means no, and the failover is refused. Safety rule 10: a failover becomes
   * unplanned only by explicit choice.
   */
  confirmUnplanned?: (why: string) => Promise<boolean>;
}

/**
 * Everything a failover plan is made from, read (and, in planned mode, waited for) before any decision: the
 * clusters, the source's reachability and the mode chosen, MM2's heartbeat, the groups and their state on the target,
 * the translations, the RPO, and per group its offsets on the target and the fallback offsets of untranslated
 * partitions. planFailoverFrom turns it into the plan without another read.
 */
export interface FailoverSnapshot {
  flow: { source: string; target: string };
  mode: 'planned' | 'unplanned';
  clusters: PlanCluster[];
  /** The target's cluster id as configured (null: not configured, not checked; a different one refuses the read). */
  expectedTargetId: string | null;
  /** Why the source did not answer (null: it did). */
  sourceProblem: string | null;
  heartbeat: { topic: string; ageSeconds: number | null };
  groups: string[];
  targetStates: Map<string, GroupInfo>;
  /** Per group that is not active on the target and had something to translate. */
  translations: Map<string, PartitionTranslation[]>;
  rpo: TopicRpo[];
  targetOffsets: Map<string, Map<string, bigint>>;
  fallbacks: Map<string, Map<string, { offset: bigint; why: string }>>;
  /** What the reads found worth saying (translation notes, a source that stopped answering mid-way). */
  warnings: string[];
}

/** The groups a failover may move: those not active on the target (an unknown state counts as active). */
const movable = (groups: readonly string[], states: Map<string, GroupInfo>): string[] => groups.filter((g) => isInactive(states.get(g)!));

/**
 * Read the snapshot of a failover (every read of the planning, and in planned mode the waits for the source to
 * drain and the mirror to catch up: separate, timed, cancellable steps of `runner` that report progress).
 */
export async function readFailoverSnapshot(config: DrctlConfig, req: FailoverRequest, source: ClusterGateway, target: ClusterGateway, runner: StepRunner): Promise<FailoverSnapshot> {
  const { flow } = req;
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  // Every phase is a timed step of the run (its RTO); the waits report progress and stop when the run is aborted.
  const step = <T>(name: string, fn: (ctx: StepContext) => Promise<T>): Promise<T> => runner.timed(name, fn);
  const warnings: string[] = [];

  const targetInfo = await step('preflight: target', () => target.describeCluster());
  // Refused before anything else is read or waited for: the address points at another cluster.
  const expectedTargetId = config.clusters[flow.target].clusterId ?? null;
  if (expectedTargetId && expectedTargetId !== targetInfo.clusterId) {
    throw preconditionError('DRCTL_CLUSTER_ID_MISMATCH', `${flow.target} is cluster ${targetInfo.clusterId}, but the config expects ${expectedTargetId}`, 'the target address points at another cluster: fix the config before failing over');
  }
  const clusters: PlanCluster[] = [{ alias: flow.target, clusterId: targetInfo.clusterId, role: 'target' }];
  let sourceProblem: DrctlError | null = null;
  try {
    const sourceInfo = await step('preflight: source', () => source.describeCluster());
    clusters.unshift({ alias: flow.source, clusterId: sourceInfo.clusterId, role: 'source' });
  } catch (e) {
    if (!isDrctlError(e)) throw e;
    // Only a network failure or a timeout means the source may be down. A source that refuses our credentials,
    // certificate or protocol is up: failing over from checkpoints would lose data for nothing.
    if (!isUnreachable(e) && req.mode !== 'unplanned') throw e;
    sourceProblem = e;
  }
  const sourceReachable = sourceProblem === null;
  if (!sourceReachable && req.mode === 'planned')
    throw new DrctlError('DRCTL_UNREACHABLE', `planned failover needs the source ${flow.source}, which is unreachable: ${sourceProblem!.message}`, { hint: 'fix the source, or choose an unplanned failover with --unplanned' });
  if (!sourceReachable && req.mode === undefined) {
    const why = `${flow.source} is unreachable (${sourceProblem!.message})`;
    if (!(await req.confirmUnplanned?.(why))) {
      throw preconditionError('DRCTL_PRECONDITION', `${why}; an unplanned failover needs an explicit choice`, `pass --unplanned to fail over from what ${flow.target} holds (records not yet mirrored are lost), or retry when ${flow.source} answers`);
    }
  }
  const mode = req.mode ?? (sourceReachable ? 'planned' : 'unplanned');
  const heartbeat = await flowHeartbeat(target, policy, flow.source);

  // Groups.
  let groups = [...new Set(req.groups)];
  if (req.allGroups || req.groupsRegex) {
    const found = sourceReachable ? await listConsumerGroups(source) : [...(await readCheckpoints(target, policy.checkpointsTopic(flow.source), req.timeoutMs)).groups.keys()];
    groups = selectGroups(flow, found, req.groupsRegex);
  }
  if (groups.length === 0) throw usageError('no groups to fail over', 'pass --group NAME, --groups-regex R or --all-groups');
  const targetStates = new Map((await target.describeGroups(groups)).map((g) => [g.groupId, g]));
  const candidates = movable(groups, targetStates);

  // Translation.
  let translations = new Map<string, PartitionTranslation[]>();
  let syncs: OffsetSyncStore | null = null;
  // Every walk of this run keeps its final answers here: the translation and the RPO reuse the waits' walks.
  const exactMemo = new ExactMemo();
  let preread: TranslateRequest['preread'] = { exactMemo };
  if (candidates.length > 0) {
    if (mode === 'planned') {
      await step('wait: groups inactive on source', (ctx) => awaitSourceDrained(source, candidates, req.waitTimeoutMs, ctx));
      // The groups are drained: their commits stay as read here, for the wait and for the translation.
      const committedByGroup = await source.committedOffsetsMany(candidates);
      // Copies of the target's own topics (active-active) need no copying: the target holds the originals.
      const committed = [...committedByGroup.values()].flat().filter((o) => returnLegTopic(policy, flow.target, o.topic) === null);
      let lastSyncs: OffsetSyncSnapshot | undefined;
      const readSyncs = async () => (lastSyncs = (await readFlowOffsetSyncs(config, flow, source, target, req.timeoutMs))!).store;
      await step('wait: mirror caught up', (ctx) => awaitMirrorCaughtUp(source, target, committed, policy, flow.source, readSyncs, req.waitTimeoutMs, ctx, exactMemo));
      preread = { syncs: lastSyncs, committed: committedByGroup, exactMemo };
    }
    translations = await step('translate', async () => {
      // Unplanned translates from what the target holds even when the source answers (it may be split-brained).
      const g = await gatherTranslateInputs(config, { flow, method: mode === 'planned' ? 'exact' : 'auto', groups: candidates, allGroups: false, timeoutMs: req.timeoutMs, targetOnly: mode === 'unplanned', preread }, source, target);
      warnings.push(...g.warnings);
      syncs = g.inputs.syncs;
      const out = await translateGroups(g.groups, mode === 'planned' ? 'exact' : 'auto', g.inputs);
      if (mode === 'unplanned') await addUntranslatedPartitions(out, target);
      return out;
    });
  }

  // The originals of copies the group read (active-active) are on the target already: nothing at risk there.
  const rpoTopics = [...new Set([...translations.values()].flat().map((r) => r.sourceTopic))].filter((t) => returnLegTopic(policy, flow.target, t) === null).sort();
  const rpo = await step('measure RPO', async () => {
    if (!sourceReachable) return measureRpo(null, target, policy, flow.source, syncs, rpoTopics);
    try {
      return await measureRpo(source, target, policy, flow.source, syncs, rpoTopics, Date.now(), exactMemo);
    } catch (e) {
      if (!isUnreachable(e)) throw e;
      warnings.push(`${flow.source} stopped answering while the RPO was measured: ${e.message}`);
      return measureRpo(null, target, policy, flow.source, syncs, rpoTopics);
    }
  });
  const targetOffsets = new Map<string, Map<string, bigint>>();
  const fallbacks = new Map<string, Map<string, { offset: bigint; why: string }>>();
  const onTarget = await target.committedOffsetsMany([...translations.keys()]);
  await mapLimit([...translations.keys()], GROUP_PARALLELISM, async (g) => {
    targetOffsets.set(g, new Map((onTarget.get(g) ?? []).map((o) => [`${o.topic}:${o.partition}`, o.offset])));
    fallbacks.set(g, await fallbackOffsets(target, translations.get(g)!, req.fallback));
  });
  return {
    flow: { source: flow.source, target: flow.target },
    mode,
    clusters,
    expectedTargetId,
    sourceProblem: sourceProblem?.message ?? null,
    heartbeat,
    groups,
    targetStates,
    translations,
    rpo,
    targetOffsets,
    fallbacks,
    warnings,
  };
}

/**
 * The failover plan of a snapshot: the checks, which groups are refused and why, and per group and partition the
 * offset it gets. Pure: the same snapshot and time give the same plan.
 */
export function planFailoverFrom(snap: FailoverSnapshot, now: number): FailoverPlan {
  const { flow, mode } = snap;
  const targetId = planClusterId(snap, 'target');
  const checks: PlanCheck[] = [{ name: 'target reachable', status: 'pass', detail: `${flow.target} ${targetId}${snap.expectedTargetId ? ' (expected id)' : ''}` }];
  checks.push({
    name: 'source reachable',
    status: snap.sourceProblem === null ? 'pass' : 'warn',
    detail: snap.sourceProblem === null ? `${flow.source}: ${mode} failover` : `${snap.sourceProblem}: unplanned failover from what ${flow.target} holds, by explicit choice`,
  });
  const hb = snap.heartbeat;
  checks.push({ name: 'MM2 flow alive', status: heartbeatFresh(hb.ageSeconds) ? 'pass' : 'warn', detail: hb.ageSeconds === null ? `no ${hb.topic} on ${flow.target}` : `newest heartbeat ${hb.ageSeconds.toFixed(1)} s old` });
  const candidates = movable(snap.groups, snap.targetStates);
  const active = snap.groups.filter((g) => !candidates.includes(g));
  checks.push({
    name: 'groups inactive on target',
    status: active.length ? 'fail' : 'pass',
    detail: active.length ? `active on ${flow.target}: ${active.map((g) => `${g} (${activityText(snap.targetStates.get(g)!)})`).join(', ')} (refused)` : `${snap.groups.length} group(s)`,
  });
  const cpAges = [...snap.translations.values()]
    .flat()
    .map((r) => r.checkpointAgeSeconds)
    .filter((a): a is number => a !== null);
  if (cpAges.length) checks.push({ name: 'checkpoints fresh', status: Math.max(...cpAges) <= 120 ? 'pass' : 'warn', detail: `oldest checkpoint used ${Math.max(...cpAges).toFixed(1)} s old` });

  // On brokers without the KIP-848 group APIs the groups are described as classic groups only: say so.
  const warnings = [...new Set([...snap.targetStates.values()].flatMap((s) => (s.note ? [s.note] : [])))].map((note) => `${flow.target}: groups ${note}`);
  warnings.push(...snap.warnings);
  const plans: FailoverGroupPlan[] = [];
  for (const g of snap.groups) {
    const state = snap.targetStates.get(g)!;
    if (active.includes(g)) {
      plans.push({ group: g, targetState: state.state, status: 'refused', reason: `group is active on ${flow.target} (${activityText(state)})`, partitions: [] });
      continue;
    }
    const rows = snap.translations.get(g);
    if (!rows) {
      warnings.push(`group ${g}: nothing to translate (no committed offsets on ${flow.source}, no checkpoints on ${flow.target})`);
      continue;
    }
    plans.push({ group: g, targetState: state.state, status: 'planned', reason: null, partitions: groupPartitions(rows, snap.targetOffsets.get(g)!, snap.fallbacks.get(g)!) });
  }
  const name = `${flow.source}->${flow.target}`;
  return {
    ...planHeader('failover', name, snap.clusters, checks, warnings),
    createdAt: new Date(now).toISOString(),
    flow: name,
    source: flow.source,
    target: flow.target,
    mode,
    groups: plans,
    rpo: snap.rpo,
  };
}

/** Compute the failover plan: the snapshot (reads, and waits in planned mode), then the pure plan. */
export async function planFailover(config: DrctlConfig, req: FailoverRequest, source: ClusterGateway, target: ClusterGateway, runner: StepRunner): Promise<FailoverPlan> {
  return planFailoverFrom(await readFailoverSnapshot(config, req, source, target, runner), Date.now());
}

/** Unplanned: partitions of a checkpointed topic that have no checkpoint get a row with no translation. */
async function addUntranslatedPartitions(rows: Map<string, PartitionTranslation[]>, target: ClusterGateway): Promise<void> {
  const counts = new Map((await target.listTopics()).map((t) => [t.name, t.partitions]));
  for (const [group, list] of rows) {
    const have = new Set(list.map((r) => `${r.topic}:${r.partition}`));
    for (const topic of new Set(list.map((r) => r.topic))) {
      const src = list.find((r) => r.topic === topic)!.sourceTopic;
      for (let p = 0; p < (counts.get(topic) ?? 0); p++) {
        if (!have.has(`${topic}:${p}`))
          list.push({ group, sourceTopic: src, topic, partition: p, upstream: -1n, downstream: null, method: 'none', checkpointAgeSeconds: null, conservative: null, expectedDuplicates: null, note: 'no checkpoint for this partition' });
      }
    }
  }
}

/** The fallback offset of each untranslated partition. */
async function fallbackOffsets(target: ClusterGateway, rows: PartitionTranslation[], fb: Fallback): Promise<Map<string, { offset: bigint; why: string }>> {
  const missing = rows.filter((r) => r.downstream === null).map((r) => ({ topic: r.topic, partition: r.partition }));
  const out = new Map<string, { offset: bigint; why: string }>();
  if (missing.length === 0) return out;
  let spec: 'earliest' | 'latest' | { timestamp: number };
  let why: string;
  if (fb.kind === 'earliest' || fb.kind === 'latest') {
    spec = fb.kind;
    why = fb.kind === 'earliest' ? 'the log start (everything re-read)' : 'the log end (records before it are skipped)';
  } else {
    const newestCp = Math.max(0, ...rows.map((r) => (r.checkpointAgeSeconds === null ? 0 : Date.now() - r.checkpointAgeSeconds * 1000)));
    const ts = fb.kind === 'timestamp' ? fb.timestamp : newestCp > 0 ? newestCp - fb.skewMs : 0;
    spec = { timestamp: ts };
    why =
      fb.kind === 'timestamp' ? `the first record at/after ${new Date(ts).toISOString()}` : newestCp > 0 ? `the group's last checkpoint time minus ${fb.skewMs / 1000} s (${new Date(ts).toISOString()})` : 'the log start (the group has no checkpoint at all)';
  }
  const [found, ends] = await Promise.all([target.listOffsets(missing, spec), target.listOffsets(missing, 'latest')]);
  const end = new Map(ends.map((e) => [tpKey(e), e.offset]));
  found.forEach((f) => out.set(`${f.topic}:${f.partition}`, { offset: f.offset ?? end.get(tpKey(f)) ?? 0n, why: f.offset === null ? `${why}; no such record, so the log end` : why }));
  return out;
}

/** The result of executing a plan. */
export interface FailoverResult {
  plan: FailoverPlan;
  outcomes: GroupOutcome[];
  backupId: string | null;
  switchCommand: SwitchCommandResult;
  rpo: TopicRpo[];
  /** Every step of the run (planning included) with its time; the RTO. */
  rto: { steps: StepRecord[]; totalMs: number };
}

/** What checkDrift reads besides the target: the source (null when unreachable) and the checkpoints topic. */
export interface DriftSources {
  source: ClusterGateway | null;
  checkpointsTopic: string;
  timeoutMs: number;
}

/**
 * Refuse a plan whose facts drifted: another cluster, a group now active, target offsets moved (except to the
 * planned offsets themselves, so that a saved plan whose execution was interrupted can be run again to finish), and
 * the offsets it translated moved: new commits on the source (planned) or new checkpoints (unplanned). A source
 * that stopped answering since a planned plan is not drift: the exact translation still holds.
 */
export async function checkDrift(plan: FailoverPlan, target: ClusterGateway, from?: DriftSources): Promise<void> {
  const info = await target.describeCluster();
  checkPlanClusters(plan, { [plan.target]: info.clusterId });
  const planned = plan.groups.filter((g) => g.status === 'planned');
  const states = await target.describeGroups(planned.map((g) => g.group));
  const drift: string[] = states.filter((s) => !isInactive(s)).map((s) => `${s.groupId} is now active on ${plan.target} (${activityText(s)})`);
  const offsets = await target.committedOffsetsMany(planned.map((g) => g.group));
  for (const g of planned) {
    const now = new Map((offsets.get(g.group) ?? []).map((o) => [tpKey(o), o.offset]));
    for (const p of g.partitions) {
      const cur = now.get(tpKey(p)) ?? null;
      // Already at the planned offset is not drift: it is an interrupted run of this plan being resumed.
      if (cur !== p.currentTarget && cur !== p.newOffset) drift.push(`${g.group} ${p.topic}-${p.partition}: target offset is now ${cur ?? 'none'}, the plan saw ${p.currentTarget ?? 'none'}`);
    }
  }
  if (from) drift.push(...(await upstreamDrift(plan, planned, target, from)));
  refuseDrift('failover', drift);
}

/** The upstream offsets the plan translated, compared with the source's commits (planned) or the checkpoints. */
async function upstreamDrift(plan: FailoverPlan, planned: FailoverGroupPlan[], target: ClusterGateway, from: DriftSources): Promise<string[]> {
  const upstreamNow = new Map<string, bigint>();
  if (plan.mode === 'planned') {
    if (!from.source) return [];
    try {
      const committed = await from.source.committedOffsetsMany(planned.map((g) => g.group));
      for (const g of planned) for (const o of committed.get(g.group) ?? []) upstreamNow.set(`${g.group}/${o.topic}:${o.partition}`, o.offset);
    } catch (e) {
      if (isUnreachable(e)) return [];
      throw e;
    }
  } else {
    const cps = await readCheckpoints(target, from.checkpointsTopic, from.timeoutMs);
    for (const g of planned) for (const c of cps.groups.get(g.group)?.values() ?? []) upstreamNow.set(`${g.group}/${c.topic}:${c.partition}`, c.upstreamOffset);
  }
  const out: string[] = [];
  for (const g of planned) {
    for (const p of g.partitions) {
      if (p.method === 'fallback') continue;
      const now = upstreamNow.get(`${g.group}/${plan.mode === 'planned' ? p.sourceTopic : p.topic}:${p.partition}`);
      if (now !== undefined && now !== p.upstream) out.push(`${g.group} ${p.sourceTopic}-${p.partition}: ${plan.mode === 'planned' ? `committed offset on ${plan.source}` : 'checkpoint'} is now ${now}, the plan translated ${p.upstream}`);
    }
  }
  return out;
}

/** Execute a plan (after checkDrift): backup, commit, verify, switch, journal (with `journalTag`, e.g. a drill's id). */
export async function executeFailover(
  plan: FailoverPlan,
  target: ClusterGateway,
  config: DrctlConfig,
  reason: string | null,
  runner: StepRunner,
  startedAt: number,
  journalTag: Pick<FailoverEntry, 'drill' | 'incident'> = {},
  source: ClusterGateway | null = null,
): Promise<FailoverResult> {
  const exec = await executeOffsetPlan(
    target,
    plan.target,
    planClusterId(plan, 'target'),
    plan.groups.map((g) => ({ group: g.group, state: g.targetState, status: g.status, reason: g.reason, partitions: g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, current: p.currentTarget, target: p.newOffset, note: p.note })) })),
    config.stateDir,
    `failover ${plan.flow}`,
    reason,
    runner,
  );
  let switchCommand: SwitchCommandResult = { ran: false, exitCode: null, timedOut: false, timeoutMs: null, output: '' };
  if (config.switchCommand && exec.outcomes.some((o) => o.status === 'ok')) {
    switchCommand = await runner.timed('discovery switch', () => runSwitchCommand(config.switchCommand!, config.switchTimeoutMs ?? DEFAULT_SWITCH_TIMEOUT_MS, { DRCTL_FROM: plan.source, DRCTL_TO: plan.target }), switchSummary);
  }
  const rpo = plan.rpo ?? [];
  const result: FailoverResult = { plan, outcomes: exec.outcomes, backupId: exec.backupId, switchCommand, rpo, rto: { steps: [...runner.steps], totalMs: Date.now() - startedAt } };
  // No backup means nothing was to be committed (every group refused): no failover for the RTO history to count.
  if (exec.backupId !== null) {
    const watch = await splitBrainBaseline(plan, exec.outcomes, source);
    appendJournal(config.stateDir, { type: 'failover', command: 'failover', cluster: plan.target, reason, flow: plan.flow, mode: plan.mode, backup: exec.backupId, outcomes: exec.outcomes, rto: result.rto, rpo, switchCommand, watch, ...journalTag });
  }
  return result;
}

/**
 * The source partitions the moved groups read, with their log ends now, for the split-brain watch. A source that
 * does not answer (an unplanned failover) leaves the ends unknown: `drctl agent` records them when it sees it again.
 */
async function splitBrainBaseline(plan: FailoverPlan, outcomes: readonly { group: string; status: string }[], source: ClusterGateway | null): Promise<{ topic: string; partition: number; end: string | null }[]> {
  const moved = new Set(outcomes.filter((o) => o.status === 'ok').map((o) => o.group));
  const tps = [...new Map(plan.groups.filter((g) => moved.has(g.group)).flatMap((g) => g.partitions.map((p) => [`${p.sourceTopic}:${p.partition}`, { topic: p.sourceTopic, partition: p.partition }] as const))).values()];
  let ends = new Map<string, bigint>();
  if (source && plan.mode === 'planned')
    try {
      ends = new Map((await source.listOffsets(tps, 'latest')).map((o) => [`${o.topic}:${o.partition}`, o.offset ?? 0n]));
    } catch (e) {
      if (!isUnreachable(e)) throw e;
    }
  return tps.map((tp) => ({ ...tp, end: ends.has(`${tp.topic}:${tp.partition}`) ? String(ends.get(`${tp.topic}:${tp.partition}`)) : null }));
}
