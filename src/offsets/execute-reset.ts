/**
 * Executes an offset plan, as named, timed steps of a StepRunner: (1) refuse the whole plan if any planned offset is
 * outside its partition's log now, (2) save the groups' current offsets as a backup, (3) commit each planned group
 * admin-style (the broker refuses a group that became active meanwhile) and read the offsets back, (4) journal it.
 * Committing the same plan again is harmless (idempotent). Used by offsets reset, offsets restore and failover.
 */
import { COMMIT_PARALLELISM, mapLimit } from '../async/map-limit.js';
import { isDrctlError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { appendJournal, saveBackup } from '../journal/journal.js';
import { checkOffsetsWithinLog } from './log-bounds.js';
import type { GroupPlan } from './reset-plan.js';
import { StepRunner } from '../workflow/step-runner.js';

/** What happened to one group. */
export interface GroupOutcome {
  group: string;
  status: 'ok' | 'refused' | 'failed';
  reason: string | null;
  /** What to do about a group the cluster refused (e.g. the ACL to grant); absent when the command's own hint fits. */
  hint?: string;
  partitions: number;
  ms: number;
}

/** The result of executing a plan. */
export interface ExecuteResult {
  /** Null when nothing was to be committed (every group refused): no backup, nothing journaled. */
  backupId: string | null;
  backupFile: string | null;
  outcomes: GroupOutcome[];
}

/**
 * Commit `groups` (plans) on `gw` as three steps of `runner`: check that every offset is within its partition's log,
 * back up the groups' offsets, commit and verify. Refused groups in the plan are reported, not touched. A planned
 * offset outside its partition's log refuses the whole plan (exit 3) before the backup: nothing is written, not even
 * the journal.
 */
export async function executeOffsetPlan(gw: ClusterGateway, clusterAlias: string, clusterId: string, groups: GroupPlan[], stateDir: string, command: string, reason: string | null, runner: StepRunner = new StepRunner()): Promise<ExecuteResult> {
  await runner.run('check offsets within the log', async () => {
    await checkOffsetsWithinLog(gw, clusterAlias, groups);
    return { status: 'done', detail: `${groups.reduce((n, g) => n + (g.status === 'planned' ? g.partitions.length : 0), 0)} partition(s) checked` };
  });
  const planned = groups.filter((g) => g.status === 'planned' && (g.partitions.length > 0 || g.deleteGroup));
  const refused: GroupOutcome[] = groups.filter((g) => g.status === 'refused').map((g) => ({ group: g.group, status: 'refused' as const, reason: g.reason, partitions: 0, ms: 0 }));
  // Nothing to change: no backup to undo and nothing to journal (a refused run is not a change).
  if (planned.length === 0) {
    await runner.run('commit and verify', async () => ({ status: 'skipped', detail: 'nothing to commit (every group refused)' }));
    return { backupId: null, backupFile: null, outcomes: refused };
  }
  const backup = (await runner.run('back up offsets', async () => {
    const offsets = await gw.committedOffsetsMany(planned.map((g) => g.group));
    const b = saveBackup(stateDir, { cluster: clusterAlias, clusterId, reason, groups: Object.fromEntries(planned.map((g) => [g.group, offsets.get(g.group) ?? []])) });
    return { status: 'done', detail: `backup ${b.id} (${planned.length} group(s))`, audit: { backup: b.id }, value: b };
  }))!;
  const outcomes = (await runner.run('commit and verify', async () => {
    const committed = await mapLimit(planned, COMMIT_PARALLELISM, (g) => commitGroup(gw, g));
    const out = [...refused, ...(await verifyCommitted(gw, committed))].sort((a, b) => (a.group < b.group ? -1 : 1));
    return { status: 'done', detail: `${out.filter((o) => o.status === 'ok').length} group(s) committed and verified`, value: out };
  }))!;
  appendJournal(stateDir, {
    type: 'offset-change',
    command,
    cluster: clusterAlias,
    clusterId,
    reason,
    backup: backup.id,
    plan: groups.map((g) => ({ group: g.group, status: g.status, ...(g.deleteGroup ? { deleteGroup: true } : {}), partitions: g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, before: p.current, after: p.target })) })),
    outcomes,
  });
  return { backupId: backup.id, backupFile: backup.file, outcomes };
}

/** A group whose commit (or deletion) the cluster accepted, to be read back; or its outcome already. */
type Committed = { group: GroupPlan; t0: number } | GroupOutcome;

/**
 * Read back every accepted group's offsets at once (one OffsetFetch per coordinator, not one per group): a group is
 * ok only when each partition holds exactly the planned offset (a deleted group: none left).
 */
async function verifyCommitted(gw: ClusterGateway, committed: readonly Committed[]): Promise<GroupOutcome[]> {
  const pending = committed.filter((c): c is { group: GroupPlan; t0: number } => 't0' in c);
  const after = pending.length ? await gw.committedOffsetsMany(pending.map((c) => c.group.group)) : new Map<string, { topic: string; partition: number; offset: bigint }[]>();
  return committed.map((c) => {
    if (!('t0' in c)) return c;
    const g = c.group;
    const now = after.get(g.group) ?? [];
    const ms = Date.now() - c.t0;
    if (g.deleteGroup) return now.length === 0 ? { group: g.group, status: 'ok', reason: 'group deleted', partitions: 0, ms } : { group: g.group, status: 'failed', reason: `${now.length} offset(s) still there after deleting the group`, partitions: 0, ms };
    const at = new Map(now.map((o) => [`${o.topic}:${o.partition}`, o.offset]));
    const wrong = g.partitions.filter((p) => at.get(`${p.topic}:${p.partition}`) !== p.target);
    return wrong.length === 0
      ? { group: g.group, status: 'ok', reason: null, partitions: g.partitions.length, ms }
      : { group: g.group, status: 'failed', reason: `read-back differs on ${wrong.map((p) => `${p.topic}-${p.partition}`).join(', ')}`, partitions: g.partitions.length, ms };
  });
}

/** Commit one planned group admin-style (or delete it); verifyCommitted reads it back. */
async function commitGroup(gw: ClusterGateway, g: GroupPlan): Promise<Committed> {
  const t0 = Date.now();
  try {
    if (g.deleteGroup) await gw.deleteGroup(g.group);
    else
      await gw.commitOffsets(
        g.group,
        g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.target })),
      );
    return { group: g, t0 };
  } catch (e) {
    // An active group, or a principal not allowed to commit: the cluster refused and nothing changed for this group.
    const refused = isDrctlError(e) && (e.code === 'DRCTL_GROUP_ACTIVE' || e.kind === 'authorization');
    const hint = isDrctlError(e) && e.kind === 'authorization' ? e.hint : undefined;
    return { group: g.group, status: refused ? 'refused' : 'failed', reason: e instanceof Error ? e.message : String(e), ...(hint ? { hint } : {}), partitions: 0, ms: Date.now() - t0 };
  }
}

/** Exit code for a run: 0 all ok; 3 nothing done because every group was refused; 5 some done, some not. */
export function outcomeExitCode(statuses: ('ok' | 'planned' | 'refused' | 'failed')[]): number {
  const good = statuses.filter((s) => s === 'ok' || s === 'planned').length;
  if (good === statuses.length) return 0;
  if (good > 0) return 5;
  return statuses.every((s) => s === 'refused') ? 3 : 10;
}
