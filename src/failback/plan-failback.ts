/**
 * Planning a failback (reads only). The old primary's topics in scope are its local topics the flow to the new
 * primary mirrors (MM2's filters; not internal, not heartbeats, not copies from the new primary), optionally narrowed
 * by a regex. Per partition, the unreplicated tail starts at the first record the new primary has no copy of, found
 * by record identity (the RPO walk at the log end); a topic never mirrored, or a partition that cannot be measured, is
 * all tail from its log start (salvaging too much is safe, too little is not). Failed-over groups are those a drctl
 * failover of this flow moved (the journal), or that have offsets on the new primary for the remote topics.
 */
import { GROUP_PARALLELISM, mapLimit } from '../async/map-limit.js';
import { resolveFlow } from '../config/resolve-flow.js';
import type { DrctlConfig } from '../config/types.js';
import { preconditionError, usageError } from '../errors.js';
import { tpKey, type ClusterGateway, type GroupInfo, type TopicInfo, type TopicPartition } from '../kafka/gateway.js';
import { newestRecordsOf } from '../kafka/newest-record.js';
import { readJournal } from '../journal/journal.js';
import { flowHeartbeat, heartbeatFresh, HEARTBEAT_STALE_S } from '../mm2/flow-heartbeat.js';
import { renderMirrorProperties } from '../mm2/mirror-config.js';
import { offsetSyncsHome, readFlowOffsetSyncs } from '../mm2/offset-syncs-home.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { activityText, isInactive } from '../groups/activity.js';
import { listReaderGroups } from '../offsets/reset-snapshot.js';
import { measurePartitionRpo, type PartitionRpo } from '../report/rpo.js';
import { flowMirrorsTopic } from '../translate/gather-inputs.js';
import { planHeader, type PlanCheck, type PlanCluster } from '../workflow/plan-header.js';
import type { FailbackGroup, FailbackPlan, SalvageTarget, TailPartition } from './failback-plan.js';

/** What the operator asked for. */
export interface FailbackRequest {
  oldPrimary: string;
  newPrimary: string;
  /** Only topics whose whole name matches. */
  topicsRegex?: string;
  cleanup: 'truncate' | 'delete-topics';
  salvage: SalvageTarget | null;
  /** Refuse when the old primary's newest record is younger than this (0: not checked). */
  quietPeriodMs: number;
  allowActiveGroups: boolean;
  /** The sandbox runs both clusters: drctl reverses its MM2 itself. */
  sandbox: boolean;
  /** MM2 runs on the Kafka Connect cluster at this REST URL (drctl.yaml's `connect:`): drctl reverses it there. */
  connectUrl?: string | null;
  timeoutMs: number;
}

/**
 * Everything a failback plan is made from, read before any decision: both clusters' ids, the topics in scope and
 * which the new primary has copies of, each partition's log bounds and measured RPO and its tail's first and last
 * record times, the old primary's groups (state, whether they read the scope, why drctl thinks they were failed
 * over), its newest record, its compacted topics and the flow's heartbeat. planFailbackFrom makes the plan from it.
 */
export interface FailbackSnapshot {
  flow: { source: string; target: string };
  clusters: PlanCluster[];
  /** Whether --topics narrowed the scope (then only groups that read it are checked for activity). */
  narrowed: boolean;
  topics: TopicInfo[];
  mirrored: string[];
  bounds: Map<string, { logStart: bigint; logEnd: bigint }>;
  rpo: Map<string, PartitionRpo>;
  tailTimes: Map<string, { first: number | null; last: number | null }>;
  /** Every group on the old primary that may read topics, described. */
  states: Map<string, GroupInfo>;
  /** The groups that read the scope, with why drctl thinks each was failed over (null: it was not). */
  inScope: { group: string; failedOver: string | null }[];
  newest: { topic: string; partition: number; timestamp: number } | null;
  compacted: string[];
  heartbeat: { topic: string; ageSeconds: number | null };
}

/** Each partition's tail (pure): from the first record the new primary lacks; everything when that is unknown. */
function tailPartitions(snap: Pick<FailbackSnapshot, 'flow' | 'topics' | 'mirrored' | 'bounds' | 'rpo' | 'tailTimes'>, remoteOf: (topic: string) => string): TailPartition[] {
  return snap.topics.flatMap((t) =>
    Array.from({ length: t.partitions }, (_, partition): TailPartition => {
      const tp = { topic: t.name, partition };
      const { logStart, logEnd } = snap.bounds.get(tpKey(tp))!;
      const r = snap.rpo.get(tpKey(tp));
      const times = snap.tailTimes.get(tpKey(tp));
      const base = { ...tp, logStart, logEnd, firstTimestamp: times?.first ?? null, lastTimestamp: times?.last ?? null };
      if (logEnd <= logStart) return { ...base, tailFrom: logEnd, unreplicated: 0n, note: null };
      if (!snap.mirrored.includes(tp.topic)) return { ...base, tailFrom: logStart, unreplicated: null, note: `${remoteOf(tp.topic)} does not exist on ${snap.flow.target}: every record is salvaged` };
      if (!r || r.replicatedBelow === null) return { ...base, tailFrom: logStart, unreplicated: null, note: `not measurable (${r?.note ?? 'no answer'}): every record is salvaged` };
      const from = r.replicatedBelow < logStart ? logStart : r.replicatedBelow;
      return { ...base, tailFrom: from, unreplicated: r.records, note: null };
    }),
  );
}

/** Read the snapshot of a failback (reads only). */
export async function readFailbackSnapshot(config: DrctlConfig, req: FailbackRequest, old: ClusterGateway, neu: ClusterGateway, now = Date.now()): Promise<FailbackSnapshot> {
  const flow = resolveFlow(config, req.oldPrimary, req.newPrimary);
  const configured = (a: string, b: string) => config.flows.some((f) => f.source === a && f.target === b);
  // Both directions configured: after an active-standby failback only the reversed one is, and a resumed run goes on.
  if (configured(flow.source, flow.target) && configured(flow.target, flow.source))
    // Nothing to reverse, and nothing to salvage: the old primary's unreplicated records reach the new one through
    // the flow that already runs once it is back, and its topics stay its own.
    throw preconditionError(
      'DRCTL_PRECONDITION',
      `${flow.source}->${flow.target} and ${flow.target}->${flow.source} both run (active-active): a failback has no mirror to reverse and no tail to salvage`,
      `move the groups back with a planned failover: drctl failover --group G --to ${flow.source} --from ${flow.target} (exact for their own topics and for the copies)`,
    );
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  const [oldInfo, newInfo] = await Promise.all([old.describeCluster(), neu.describeCluster()]);
  for (const [alias, info] of [
    [req.oldPrimary, oldInfo],
    [req.newPrimary, newInfo],
  ] as const) {
    const expected = config.clusters[alias].clusterId;
    if (expected && expected !== info.clusterId) throw preconditionError('DRCTL_CLUSTER_ID_MISMATCH', `${alias} is cluster ${info.clusterId}, but the config expects ${expected}`, 'the address points at another cluster: fix the config before failing back');
  }
  let re: RegExp | undefined;
  try {
    re = req.topicsRegex ? new RegExp(`^(?:${req.topicsRegex})$`) : undefined;
  } catch {
    throw usageError(`--topics: invalid regex "${req.topicsRegex}"`);
  }
  const [oldTopics, newTopics] = await Promise.all([old.listTopics(), neu.listTopics()]);
  const remoteNames = new Set(newTopics.map((t) => t.name));
  const topics = oldTopics
    .filter((t) => !policy.isInternalTopic(t.name) && !policy.isHeartbeatsTopic(t.name) && policy.topicSource(t.name) !== req.newPrimary && flowMirrorsTopic(flow, t.name) && (!re || re.test(t.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (re && topics.length === 0) throw usageError(`--topics "${req.topicsRegex}" matches no topic ${flow.source}->${flow.target} mirrors on ${req.oldPrimary}`);
  const mirrored = topics.filter((t) => remoteNames.has(policy.formatRemoteTopic(flow.source, t.name))).map((t) => t.name);
  const tps: TopicPartition[] = topics.flatMap((t) => Array.from({ length: t.partitions }, (_, partition) => ({ topic: t.name, partition })));

  // The tail of every partition, and the times of its first and last records.
  const [starts, ends] = await Promise.all([old.listOffsets(tps, 'earliest'), old.listOffsets(tps, 'latest')]);
  const endOf = new Map(ends.map((e) => [tpKey(e), e.offset ?? 0n]));
  const bounds = new Map(starts.map((st) => [tpKey(st), { logStart: st.offset ?? 0n, logEnd: endOf.get(tpKey(st))! }]));
  const syncs = offsetSyncsHome(config, flow).onTarget ? (await readFlowOffsetSyncs(config, flow, null, neu, req.timeoutMs))!.store : null;
  const rpo = new Map((await measurePartitionRpo(old, neu, policy, flow.source, syncs, mirrored, now)).map((r) => [tpKey(r), r]));
  const base = { flow, topics, mirrored, bounds, rpo, tailTimes: new Map() };
  const tailTimes = await readTailTimes(
    old,
    tailPartitions(base, (t) => policy.formatRemoteTopic(flow.source, t)),
  );

  // Groups.
  const evidence = journaledFailovers(config.stateDir, `${flow.source}->${flow.target}`);
  const groupIds = await listReaderGroups(old);
  const byGroup = await old.committedOffsetsMany(groupIds);
  const committed = groupIds.map((g) => byGroup.get(g) ?? []);
  const scopeNames = new Set(topics.map((t) => t.name));
  const states = new Map((await old.describeGroups(groupIds)).map((st) => [st.groupId, st]));
  // A group reads the scope when it committed there or its members are assigned a topic there; an active group that
  // has not committed yet shows only in its assignment, and one whose assignment cannot be read may read anything.
  const readsScope = (g: string, i: number): boolean => {
    const assigned = states.get(g)!.assignedTopics;
    return committed[i].some((o) => scopeNames.has(o.topic)) || assigned === null || assigned.some((t) => scopeNames.has(t));
  };
  const inScope = await mapLimit(groupIds.filter(readsScope), GROUP_PARALLELISM, async (g) => {
    let why = evidence.get(g) ?? null;
    if (!why) {
      const remote = (await neu.committedOffsets(g)).find((o) => policy.topicSource(o.topic) === flow.source && scopeNames.has(policy.upstreamTopic(o.topic) ?? ''));
      if (remote) why = `has offsets on ${req.newPrimary} for ${remote.topic}`;
    }
    return { group: g, failedOver: why };
  });
  const newestRecords = await newestRecordsOf(
    old,
    tps.filter((tp) => bounds.get(tpKey(tp))!.logEnd > bounds.get(tpKey(tp))!.logStart),
  );
  const newest = newestRecords.reduce<(typeof newestRecords)[number] | null>((a, b) => (a === null || b.timestamp > a.timestamp ? b : a), null);
  // The broker refuses DeleteRecords on a topic whose cleanup.policy lacks `delete` (POLICY_VIOLATION).
  const policies = await old.topicConfigs(
    topics.map((t) => t.name),
    ['cleanup.policy'],
  );
  const compacted = topics
    .filter(
      (t) =>
        !(policies.get(t.name)?.['cleanup.policy'] ?? 'delete')
          .split(',')
          .map((x) => x.trim())
          .includes('delete'),
    )
    .map((t) => t.name);
  const heartbeat = await flowHeartbeat(neu, policy, flow.source, now, newTopics);
  return {
    ...base,
    tailTimes,
    clusters: [
      { alias: req.oldPrimary, clusterId: oldInfo.clusterId, role: 'old-primary' },
      { alias: req.newPrimary, clusterId: newInfo.clusterId, role: 'new-primary' },
    ],
    narrowed: re !== undefined,
    states,
    inScope,
    newest: newest ? { topic: newest.topic, partition: newest.partition, timestamp: newest.timestamp } : null,
    compacted,
    heartbeat,
  };
}

/**
 * The failback plan of a snapshot: the tails, the groups, what the cleanup deletes, the checks that must pass and
 * the reverse flow. Pure: the same snapshot, request and time give the same plan.
 */
export function planFailbackFrom(config: DrctlConfig, req: FailbackRequest, snap: FailbackSnapshot, now: number): FailbackPlan {
  const { flow } = snap;
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  const partitions = tailPartitions(snap, (t) => policy.formatRemoteTopic(flow.source, t));
  const groups: FailbackGroup[] = snap.inScope.map(({ group, failedOver }) => {
    const st = snap.states.get(group)!;
    return { group, type: st.type, state: st.state, members: st.members, unsure: st.unsure, failedOver };
  });
  // Without --topics every consumer group on the old primary counts: the whole cluster is being failed back.
  const active = (snap.narrowed ? snap.inScope.map((g) => snap.states.get(g.group)!) : [...snap.states.values()]).filter((st) => !isInactive(st));

  // Checks.
  const ids = Object.fromEntries(snap.clusters.map((c) => [c.role, c.clusterId]));
  const checks: PlanCheck[] = [{ name: 'clusters', status: 'pass', detail: `${req.oldPrimary} ${ids['old-primary']}, ${req.newPrimary} ${ids['new-primary']}` }];
  checks.push(
    active.length === 0
      ? {
          name: `no active groups on ${req.oldPrimary}`,
          status: 'pass',
          detail: `${snap.narrowed ? `${snap.inScope.length} consumer group(s) checked (those that committed on or are assigned the topics in scope)` : `${snap.states.size} consumer group(s) checked`}`,
        }
      : {
          name: `no active groups on ${req.oldPrimary}`,
          status: req.allowActiveGroups ? 'warn' : 'fail',
          detail: `active: ${active.map((st) => `${st.groupId} (${activityText(st)})`).join(', ')}${req.allowActiveGroups ? ' (allowed by --allow-active-groups; active groups are not deleted)' : ': applications still run there (override: --allow-active-groups)'}`,
        },
  );
  const last = snap.newest;
  const ageS = last ? (now - last.timestamp) / 1000 : null;
  const quietS = req.quietPeriodMs / 1000;
  if (req.quietPeriodMs <= 0) checks.push({ name: `no recent writes on ${req.oldPrimary}`, status: 'warn', detail: `not checked (--quiet-period 0)${ageS === null ? '' : `; newest record ${ageS.toFixed(1)} s old`}` });
  else if (ageS !== null && ageS < quietS)
    checks.push({ name: `no recent writes on ${req.oldPrimary}`, status: 'fail', detail: `${last!.topic}-${last!.partition} was written ${ageS.toFixed(1)} s ago (< --quiet-period ${quietS} s): a producer may still use ${req.oldPrimary}` });
  else checks.push({ name: `no recent writes on ${req.oldPrimary}`, status: 'pass', detail: ageS === null ? 'no records in scope' : `newest record ${ageS.toFixed(1)} s old (>= ${quietS} s)` });
  const tailCount = partitions.filter((p) => p.tailFrom < p.logEnd).length;
  if (tailCount === 0) checks.push({ name: 'salvage', status: 'pass', detail: 'no unreplicated records: nothing to salvage' });
  else if (!req.salvage) checks.push({ name: 'salvage', status: 'fail', detail: `${tailCount} partition(s) have an unreplicated tail: pass --salvage-dir DIR or --salvage-topic TOPIC (or --waive-salvage --reason TEXT)` });
  else if (req.salvage.kind === 'waived') checks.push({ name: 'salvage', status: 'warn', detail: `WAIVED: the tail of ${tailCount} partition(s) will be deleted unsalvaged (reason: ${req.salvage.reason})` });
  else checks.push({ name: 'salvage', status: 'pass', detail: req.salvage.kind === 'dir' ? `to directory ${req.salvage.dir}` : `to topic ${req.salvage.topic} on ${req.newPrimary}` });
  if (req.cleanup === 'truncate' && snap.compacted.length)
    checks.push({
      name: 'cleanup possible',
      status: 'fail',
      detail: `compacted topic(s) cannot be truncated (the broker refuses DeleteRecords when cleanup.policy has no "delete"): ${snap.compacted.join(', ')}; pass --cleanup delete-topics, or leave them out with --topics`,
    });
  else checks.push({ name: 'cleanup possible', status: 'pass', detail: req.cleanup === 'truncate' ? 'every topic in scope allows DeleteRecords' : 'whole topics are deleted' });
  const hb = snap.heartbeat;
  checks.push(
    heartbeatFresh(hb.ageSeconds)
      ? {
          name: `MM2 ${flow.source}->${flow.target} stopped`,
          status: 'warn',
          detail: `the newest heartbeat is ${hb.ageSeconds!.toFixed(1)} s old (under ${HEARTBEAT_STALE_S} s): MM2 ${flow.source}->${flow.target} may still run; ${req.sandbox || req.connectUrl ? 'drctl stops it when it reverses the flow' : 'stop it (step 1 of the reverse flow below)'}`,
        }
      : { name: `MM2 ${flow.source}->${flow.target} stopped`, status: 'pass', detail: hb.ageSeconds === null ? `no ${hb.topic} on ${req.newPrimary}` : `newest heartbeat ${hb.ageSeconds.toFixed(1)} s old` },
  );

  const warnings: string[] = [];
  const kept = groups.filter((g) => g.failedOver === null);
  if (kept.length && req.cleanup === 'truncate') warnings.push(`group(s) not failed over keep their offsets on ${req.oldPrimary}, which will point below the log start after the truncation: ${kept.map((g) => g.group).join(', ')}`);
  const back = resolveFlow(config, req.newPrimary, req.oldPrimary);
  const properties = renderMirrorProperties({ clusters: [config.clusters[req.newPrimary], config.clusters[req.oldPrimary]], flow: back, replicationPolicy: config.replicationPolicy, offsetSyncsLocation: config.offsetSyncsLocation, syncGroupOffsets: false });
  const backName = `${back.source}->${back.target}`;
  const steps = req.connectUrl
    ? [
        `drctl stops the connectors of ${flow.source}->${flow.target} on Connect (no tasks; their configs and offsets stay)`,
        `drctl deploys the three connectors of ${backName} on Connect at ${req.connectUrl} and waits until they run`,
        `drctl runs a canary round ${backName}`,
        `make ${backName} the flow in drctl.yaml (flows: ["${backName}"], and its connect: entry)`,
      ]
    : req.sandbox
      ? [`drctl stops the sandbox's MirrorMaker 2 (${flow.source}->${flow.target}) and starts it as ${backName}`, `drctl runs a canary round ${backName}`]
      : [
          `stop MirrorMaker 2 ${flow.source}->${flow.target} (it must not copy ${flow.source} into ${flow.target} again); if the same MM2 cluster will run ${backName}, first delete its ${flow.source}->${flow.target} connectors (or its Connect config topic mm2-configs.${flow.source}.internal on ${flow.target}): a restarted MM2 runs the old direction's tasks for a few seconds before it applies ${flow.source}->${flow.target}.enabled = false`,
          `deploy the properties (drctl mirror config --flow "${backName}" > mm2-${back.source}-${back.target}.properties) and start MM2 with them (connect-mirror-maker.sh)`,
          `wait for ${policy.formatRemoteTopic(back.source, policy.heartbeatsTopic())} on ${back.target}, then verify: drctl canary --flow "${backName}" --once`,
          `make ${backName} the flow in drctl.yaml (flows: ["${backName}"])`,
        ];
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const tail = partitions.filter((p) => p.tailFrom < p.logEnd);
  const compacted = new Set(snap.compacted);
  return {
    ...planHeader('failback', `${req.oldPrimary}->${req.newPrimary}`, snap.clusters, checks, warnings),
    createdAt: new Date(now).toISOString(),
    flow: `${req.oldPrimary}->${req.newPrimary}`,
    oldPrimary: req.oldPrimary,
    newPrimary: req.newPrimary,
    topics: snap.topics.map((t) => t.name),
    partitions,
    tail: { partitions: tail.length, offsets: sum(tail.map((p) => p.logEnd - p.tailFrom)), unreplicated: tail.some((p) => p.unreplicated === null) ? null : sum(tail.map((p) => p.unreplicated!)) },
    groups,
    cleanup: req.cleanup,
    deletions: snap.topics.map((t) => ({ topic: t.name, partitions: t.partitions, records: sum(partitions.filter((p) => p.topic === t.name).map((p) => p.logEnd - p.logStart)), compacted: compacted.has(t.name) })),
    salvage: req.salvage,
    reverse: { flow: backName, sandbox: req.sandbox, connect: req.connectUrl ?? null, properties, steps },
  };
}

/** Compute the plan: the snapshot (reads), then the pure plan. */
export async function planFailback(config: DrctlConfig, req: FailbackRequest, old: ClusterGateway, neu: ClusterGateway, now = Date.now()): Promise<FailbackPlan> {
  return planFailbackFrom(config, req, await readFailbackSnapshot(config, req, old, neu, now), now);
}

/** The timestamps of the first and the last record of each tail, by partition. */
async function readTailTimes(old: ClusterGateway, partitions: TailPartition[]): Promise<Map<string, { first: number | null; last: number | null }>> {
  const out = new Map<string, { first: number | null; last: number | null }>();
  const tail = partitions.filter((p) => p.tailFrom < p.logEnd);
  if (tail.length === 0) return out;
  const first = await old.readRecordsMany(
    tail.map((p) => ({ tp: p, offset: p.tailFrom })),
    { maxBytes: 64 * 1024 },
  );
  const last = new Map((await newestRecordsOf(old, tail)).map((r) => [tpKey(r), r.timestamp]));
  await mapLimit(tail, 32, async (p) => {
    let r = first.get(tpKey(p));
    // A partition the broker left out of a full response: read it alone.
    if (!r || r.records.length === 0) r = await old.readRecords(p, p.tailFrom, { maxBytes: 64 * 1024 });
    out.set(tpKey(p), { first: r.records.find((x) => x.offset >= p.tailFrom)?.timestamp ?? null, last: last.get(tpKey(p)) ?? null });
  });
  return out;
}

/** Groups a journaled drctl failover of `flow` moved, with when. */
function journaledFailovers(stateDir: string, flow: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readJournal(stateDir)) {
    if (e.command !== 'failover' || e.flow !== flow || !Array.isArray(e.outcomes)) continue;
    for (const o of e.outcomes as { group: string; status: string }[]) if (o.status === 'ok') out.set(o.group, `drctl failover ${flow} at ${e.at}`);
  }
  return out;
}
