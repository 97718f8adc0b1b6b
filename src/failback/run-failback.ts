/**
 * Executing a failback plan, step by step, each step timed and journaled:
 *   salvage -> verify salvage -> no new writes -> delete failed-over groups (after a backup) -> truncate or delete
 *   topics -> reverse the flow -> canary round through the reversed flow.
 * Nothing is deleted unless the salvage verified (or was waived with a reason) and the old primary received no
 * record since the plan. Every step looks at the clusters to see whether it is already done, so running failback
 * again after an interruption finishes the job: the new plan has an empty tail where records were deleted, no group
 * that was deleted, and a salvage that is found, not written twice.
 */
import { randomBytes } from 'node:crypto';
import type { DrctlConfig } from '../config/types.js';
import { DrctlError, preconditionError } from '../errors.js';
import { tpKey, type ClusterGateway } from '../kafka/gateway.js';
import { appendJournal, saveBackup } from '../journal/journal.js';
import { flowHeartbeat, heartbeatFresh } from '../mm2/flow-heartbeat.js';
import { activeFence, journalFence } from '../fence/fence.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { isInactive } from '../groups/activity.js';
import { canaryRoundThrough } from '../canary/canary-round.js';
import type { CanarySummary } from '../canary/summary.js';
import { failedOverGroups, tailRanges, type FailbackPlan } from './failback-plan.js';
import { salvageToDir, verifySalvageDir, type RangeSalvage } from './salvage-dir.js';
import { salvageToTopic, verifySalvageTopic } from './salvage-topic.js';
import type { EventSink } from '../workflow/events.js';
import { StepRunner, type StepJournalEntry, type StepOutcome, type StepRecord } from '../workflow/step-runner.js';
import { checkPlanClusters, refuseDrift } from '../workflow/plan-file.js';
import { planClusterId } from '../workflow/plan-header.js';

/** The result of a run. */
export interface FailbackResult {
  runId: string;
  steps: StepRecord[];
  salvage: RangeSalvage[];
  backupId: string | null;
  canary: CanarySummary | null;
  /** Every step done (nothing left for the operator). */
  complete: boolean;
  totalMs: number;
}

/** What the caller provides besides the plan. */
export interface FailbackExecution {
  config: DrctlConfig;
  reason: string | null;
  /** Reverses the MM2 flow where drctl runs MM2 (the sandbox); true when it changed anything. */
  reverseFlow?: () => Promise<boolean>;
  canaryTopic: string;
  canaryTimeoutMs: number;
  /** The run's events (steps starting and ending), for the front end to render. */
  onEvent?: EventSink;
  /** Stops the run before its next step. */
  signal?: AbortSignal;
}

/**
 * Before a saved plan (--plan) is executed: the clusters must be the ones it was made for, and the old primary must
 * hold exactly what the plan saw (no record since, none deleted by retention below the tail), so that what is
 * salvaged and deleted is what was reviewed. Groups are re-checked by the deletion step itself.
 */
export async function checkFailbackDrift(plan: FailbackPlan, old: ClusterGateway, neu: ClusterGateway): Promise<void> {
  const [o, n] = await Promise.all([old.describeCluster(), neu.describeCluster()]);
  checkPlanClusters(plan, { [plan.oldPrimary]: o.clusterId, [plan.newPrimary]: n.clusterId });
  const existing = new Set((await old.listTopics()).map((t) => t.name));
  const parts = plan.partitions.filter((p) => existing.has(p.topic));
  const [ends, starts] = await Promise.all([old.listOffsets(parts, 'latest'), old.listOffsets(parts, 'earliest')]);
  const planned = new Map(parts.map((p) => [tpKey(p), p]));
  const drift = [
    ...ends.filter((e) => (e.offset ?? 0n) !== planned.get(tpKey(e))!.logEnd).map((e) => `${e.topic}-${e.partition} ends at ${e.offset}, the plan saw ${planned.get(tpKey(e))!.logEnd}`),
    ...starts
      .filter((s) => (s.offset ?? 0n) > planned.get(tpKey(s))!.tailFrom && planned.get(tpKey(s))!.tailFrom < planned.get(tpKey(s))!.logEnd)
      .map((s) => `${s.topic}-${s.partition} starts at ${s.offset}, above the tail the plan salvages (${planned.get(tpKey(s))!.tailFrom})`),
  ];
  refuseDrift('failback', drift);
}

/** Execute the plan against the old (`old`) and new (`neu`) primaries. */
export async function executeFailback(plan: FailbackPlan, old: ClusterGateway, neu: ClusterGateway, x: FailbackExecution): Promise<FailbackResult> {
  const t0 = Date.now();
  const runId = `${new Date(t0).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const failed = plan.checks.filter((c) => c.status === 'fail');
  if (failed.length) throw preconditionError('DRCTL_PRECONDITION', `failback refused: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`, 'nothing was changed; see the plan (drctl failback without --execute)');
  const result: FailbackResult = { runId, steps: [], salvage: [], backupId: null, canary: null, complete: false, totalMs: 0 };
  const base = { command: 'failback', cluster: plan.oldPrimary, reason: x.reason, runId, flow: `${plan.oldPrimary}->${plan.newPrimary}` };
  const journal = (entry: StepJournalEntry) => appendJournal(x.config.stateDir, { type: 'step', ...base, ...entry });
  const runner = new StepRunner({ journal, signal: x.signal, onEvent: x.onEvent });
  const step = (name: string, fn: () => Promise<StepOutcome>): Promise<unknown> => runner.run(name, fn);
  const ranges = tailRanges(plan);
  const sv = plan.salvage;

  await step('salvage', async () => {
    if (ranges.length === 0) return { status: 'already done', detail: 'no unreplicated records to salvage' };
    if (!sv) throw preconditionError('DRCTL_PRECONDITION', 'no salvage target', 'pass --salvage-dir or --salvage-topic');
    if (sv.kind === 'waived') return { status: 'waived', detail: `${ranges.length} partition(s), ${plan.tail.offsets} offsets deleted unsalvaged: ${sv.reason}` };
    result.salvage = sv.kind === 'dir' ? await salvageToDir(old, sv.dir, planClusterId(plan, 'old-primary'), ranges) : await salvageToTopic(old, neu, sv.topic, ranges);
    const fresh = result.salvage.filter((r) => r.status === 'salvaged');
    const n = result.salvage.reduce((a, r) => a + r.records, 0);
    const audit = { ranges: result.salvage.map((r) => ({ topic: r.topic, partition: r.partition, from: r.from, to: r.to, records: r.records, sha256: r.sha256, where: r.where, status: r.status })) };
    return { status: fresh.length ? 'done' : 'already done', detail: `${n} record(s) of ${ranges.length} partition(s) ${sv.kind === 'dir' ? `in ${sv.dir}` : `in ${plan.newPrimary} ${sv.topic}`}`, audit };
  });

  await step('verify salvage', async () => {
    if (ranges.length === 0 || !sv || sv.kind === 'waived') return { status: sv?.kind === 'waived' && ranges.length ? 'waived' : 'already done', detail: sv?.kind === 'waived' && ranges.length ? 'salvage waived' : 'nothing to verify' };
    const v = sv.kind === 'dir' ? await verifySalvageDir(old, sv.dir, planClusterId(plan, 'old-primary'), ranges) : await verifySalvageTopic(old, neu, sv.topic, ranges);
    return { status: 'done', detail: `${v.records} record(s) of ${v.ranges} partition(s) match ${plan.oldPrimary} (count and SHA-256)` };
  });

  await step(`no new writes on ${plan.oldPrimary}`, async () => {
    const live = plan.partitions.filter((p) => plan.topics.includes(p.topic));
    const existing = new Set((await old.listTopics()).map((t) => t.name));
    const now = await old.listOffsets(
      live.filter((p) => existing.has(p.topic)),
      'latest',
    );
    const planned = new Map(live.map((p) => [tpKey(p), p.logEnd]));
    const grown = now.filter((e) => (e.offset ?? 0n) > planned.get(tpKey(e))!);
    if (grown.length)
      throw preconditionError(
        'DRCTL_PRECONDITION',
        `${plan.oldPrimary} received records since the plan: ${grown
          .slice(0, 3)
          .map((e) => `${e.topic}-${e.partition} ${planned.get(tpKey(e))} -> ${e.offset}`)
          .join(', ')}`,
        `nothing was deleted; stop every producer on ${plan.oldPrimary} and run failback again`,
      );
    return { status: 'done', detail: `${now.length} partition(s) end where the plan saw them` };
  });

  await step(`delete failed-over groups on ${plan.oldPrimary}`, async () => {
    const groups = failedOverGroups(plan).map((g) => g.group);
    if (groups.length === 0) return { status: 'already done', detail: 'no failed-over group left' };
    const states = await old.describeGroups(groups);
    const active = states.filter((s) => !isInactive(s)).map((s) => s.groupId);
    const doomed = states.filter((s) => s.state !== 'Dead' && isInactive(s)).map((s) => s.groupId);
    if (doomed.length) {
      const offsets = Object.fromEntries(await Promise.all(doomed.map(async (g) => [g, await old.committedOffsets(g)] as const)));
      const b = saveBackup(x.config.stateDir, { cluster: plan.oldPrimary, clusterId: planClusterId(plan, 'old-primary'), reason: x.reason ?? `failback ${runId}`, groups: offsets });
      result.backupId = b.id;
      for (const g of doomed) await old.deleteGroup(g);
    }
    const left = (await old.describeGroups(doomed)).filter((s) => s.state !== 'Dead');
    if (left.length) throw preconditionError('DRCTL_PRECONDITION', `${plan.oldPrimary}: group(s) still there after deletion: ${left.map((s) => s.groupId).join(', ')}`);
    const note = active.length ? `; kept, active: ${active.join(', ')}` : '';
    return { status: doomed.length ? 'done' : 'already done', detail: `${doomed.length} deleted${doomed.length ? ` (offsets backed up: ${result.backupId})` : ''}${note}` };
  });

  if (plan.cleanup === 'truncate') {
    await step(`truncate topics on ${plan.oldPrimary}`, async () => {
      const existing = new Set((await old.listTopics()).map((t) => t.name));
      const parts = plan.partitions.filter((p) => existing.has(p.topic));
      const starts = new Map((await old.listOffsets(parts, 'earliest')).map((s) => [tpKey(s), s.offset ?? 0n]));
      const todo = parts.filter((p) => starts.get(tpKey(p))! < p.logEnd);
      if (todo.length) await old.deleteRecords(todo.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.logEnd })));
      const after = new Map((await old.listOffsets(parts, 'earliest')).map((s) => [tpKey(s), s.offset ?? 0n]));
      const short = parts.filter((p) => after.get(tpKey(p))! < p.logEnd);
      if (short.length)
        throw preconditionError(
          'DRCTL_PRECONDITION',
          `${plan.oldPrimary}: log start still below the planned end on ${short
            .slice(0, 3)
            .map((p) => `${p.topic}-${p.partition}`)
            .join(', ')}`,
        );
      const deleted = todo.reduce((n, p) => n + (p.logEnd - starts.get(tpKey(p))!), 0n);
      return { status: todo.length ? 'done' : 'already done', detail: `${todo.length} partition(s) of ${plan.topics.length} topic(s) truncated to their log end (${deleted} offsets deleted)` };
    });
  } else {
    await step(`delete topics on ${plan.oldPrimary}`, async () => {
      const existing = new Set((await old.listTopics()).map((t) => t.name));
      const doomed = plan.topics.filter((t) => existing.has(t));
      await old.deleteTopics(doomed);
      return { status: doomed.length ? 'done' : 'already done', detail: `${doomed.length} topic(s) deleted` };
    });
  }

  const back = plan.reverse.flow;
  const policy = replicationPolicyFor(x.config.replicationPolicy, plan.newPrimary);
  const hbTopic = policy.formatRemoteTopic(plan.newPrimary, policy.heartbeatsTopic());
  // Whether the reverse flow runs, as the reverse step found it; the canary round goes through it only then.
  let reverseRuns = false;
  await step(`reverse flow ${back}`, async () => {
    if (!x.reverseFlow) {
      // Where drctl does not run MM2, a fresh heartbeat of the new primary on the old one says the reverse flow runs.
      const hb = await flowHeartbeat(old, policy, plan.newPrimary);
      reverseRuns = heartbeatFresh(hb.ageSeconds);
      if (reverseRuns) return { status: 'already done', detail: `MirrorMaker 2 ${back} runs (${hbTopic} on ${plan.oldPrimary} is ${hb.ageSeconds!.toFixed(1)} s old)` };
      return { status: 'pending', detail: `for the operator: the ${plan.reverse.steps.length} steps of the plan's reverse flow (.plan.reverse.steps)` };
    }
    const changed = await x.reverseFlow();
    reverseRuns = true;
    return { status: changed ? 'done' : 'already done', detail: changed ? `MirrorMaker 2 ${plan.reverse.connect ? `on Connect (${plan.reverse.connect})` : 'restarted'} as ${back} and replicating` : `MirrorMaker 2 already runs ${back}` };
  });

  await step(`canary ${back}`, async () => {
    if (!reverseRuns) return { status: 'pending', detail: `${back} is not running yet (no fresh ${hbTopic} on ${plan.oldPrimary}): after deploying it, run drctl canary --flow "${back}" --once` };
    const remote = policy.formatRemoteTopic(plan.newPrimary, x.canaryTopic);
    result.canary = await canaryRoundThrough(neu, old, back, x.canaryTopic, remote, x.canaryTimeoutMs);
    if (!result.canary.ok) throw new DrctlError('DRCTL_CHECK_FAILED', `canary ${back} failed: ${result.canary.problems.join('; ')}`, { hint: `${plan.oldPrimary} is clean; check MirrorMaker 2 ${back}, then run drctl canary --flow "${back}" --once` });
    const all = result.canary.rows.find((row) => row.partition === 'all');
    return { status: 'done', detail: `${all?.received ?? 0}/${all?.sent ?? 0} seen on ${plan.oldPrimary}, max ${all?.max?.toFixed(3) ?? '-'} s` };
  });

  // A switchover with --fence acl left the old primary's topics denied to producers: the failback lifts that.
  const fenced = activeFence(x.config.stateDir, plan.oldPrimary);
  if (fenced.length > 0)
    await step(`lift the fence on ${plan.oldPrimary}`, async () => {
      await old.setWriteFence(fenced, false);
      journalFence(x.config.stateDir, 'failback', plan.oldPrimary, fenced, false, x.reason);
      return { status: 'done', detail: `producers may write to ${fenced.length} topic(s) of ${plan.oldPrimary} again` };
    });

  result.steps = runner.steps;
  result.complete = result.steps.every((s) => s.status !== 'pending');
  result.totalMs = Date.now() - t0;
  appendJournal(x.config.stateDir, { type: 'run-summary', ...base, step: 'summary', status: result.complete ? 'complete' : 'pending', steps: result.steps, backup: result.backupId, tail: plan.tail, salvage: plan.salvage });
  return result;
}
