/**
 * `offsets restore` as a function: put back the offsets a backup saved, on the cluster it came from. Used by the
 * command and by the incident mode's "undo now", so an undo is the same code path however it is asked for.
 */
import { preconditionError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import type { OffsetBackup } from '../journal/backup-schema.js';
import { executeOffsetPlan, type ExecuteResult } from './execute-reset.js';
import type { GroupPlan } from './reset-plan.js';
import { readResetSnapshot } from './reset-snapshot.js';
import { planRestore } from './restore-plan.js';

/** `--json` of `drctl offsets restore`: the plan, and the result of executing it (null in a dry run), as for every mutating command. */
export interface RestoreResult {
  plan: { kind: 'offsets-restore'; backup: string; cluster: string; clusterId: string; mode: 'dry-run' | 'execute'; groups: GroupPlan[]; warnings: string[] };
  result: ExecuteResult | null;
}

/** Plan the restore of `backup` on `gw` (the cluster `alias`) and, with `execute`, commit it (backed up and journaled). */
export async function restoreBackup(gw: ClusterGateway, alias: string, backup: OffsetBackup, stateDir: string, execute: boolean, reason: string | null): Promise<RestoreResult> {
  const topics = [
    ...new Set(
      Object.values(backup.groups)
        .flat()
        .map((o) => o.topic),
    ),
  ];
  const snap = await readResetSnapshot(gw, Object.keys(backup.groups), { allTopics: false, topics: topics.map((topic) => ({ topic })) }, { kind: 'to-current' }, true);
  if (snap.clusterId !== backup.clusterId) throw preconditionError('DRCTL_CLUSTER_ID_MISMATCH', `${alias} is cluster ${snap.clusterId}, but backup ${backup.id} was taken on ${backup.clusterId}`, 'restore on the cluster the backup came from');
  const plan = planRestore(backup, snap.groups, snap.offsets);
  const execution = execute ? await executeOffsetPlan(gw, alias, snap.clusterId, plan.groups, stateDir, `offsets restore ${backup.id}`, reason) : null;
  return { plan: { kind: 'offsets-restore', backup: backup.id, cluster: alias, clusterId: snap.clusterId, mode: execute ? 'execute' : 'dry-run', groups: plan.groups, warnings: plan.warnings }, result: execution };
}
