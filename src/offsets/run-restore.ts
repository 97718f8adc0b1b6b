/**
 * `offsets restore` as a function: put back the offsets a backup saved, on the cluster it came from. Used by the
 * command and by the incident mode's "undo now", so an undo is the same code path however it is asked for.
 */
import { preconditionError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import type { OffsetBackup } from '../journal/backup-schema.js';
import { offsetsPlan, type OffsetsPlan } from './offsets-plan.js';
import { executeOffsetsPlan, type OffsetsRunResult } from './run-offsets-plan.js';
import { StepRunner } from '../workflow/step-runner.js';
import { readResetSnapshot } from './reset-snapshot.js';
import { planRestore } from './restore-plan.js';

/** Plan the restore of `backup` on `gw` (the cluster `alias`); reads only. */
export async function planBackupRestore(gw: ClusterGateway, alias: string, backup: OffsetBackup): Promise<OffsetsPlan> {
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
  return offsetsPlan('offsets-restore', alias, snap.clusterId, { scenario: null, backup: backup.id, groups: plan.groups, warnings: plan.warnings });
}

/** Plan the restore of `backup` on `gw` and, with `execute`, commit it (backed up and journaled). */
export async function restoreBackup(gw: ClusterGateway, alias: string, backup: OffsetBackup, stateDir: string, execute: boolean, reason: string | null, runner: StepRunner = new StepRunner()): Promise<OffsetsRunResult> {
  const plan = await planBackupRestore(gw, alias, backup);
  const result = execute ? { ...(await executeOffsetsPlan(plan, gw, stateDir, reason, runner)), steps: runner.steps } : null;
  return { plan, result };
}
