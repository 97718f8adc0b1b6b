import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { palette } from '../../src/cli/render.js';
import { reportRefusals } from '../../src/cli/refusals.js';
import { renderOutcomes, renderPlan } from '../../src/cli/reset-render.js';
import { clusterByAlias } from '../../src/config/cluster-by-alias.js';
import { preconditionError } from '../../src/errors.js';
import { loadBackup } from '../../src/journal/journal.js';
import { executeOffsetPlan, outcomeExitCode, type ExecuteResult } from '../../src/offsets/execute-reset.js';
import type { GroupPlan } from '../../src/offsets/reset-plan.js';
import { readResetSnapshot } from '../../src/offsets/reset-snapshot.js';
import { planRestore } from '../../src/offsets/restore-plan.js';

/** The `--json` result of `drctl offsets restore`. */
/** `--json`: the plan, and the result of executing it (null in a dry run), as for every mutating command. */
export interface RestoreResult {
  plan: { kind: 'offsets-restore'; backup: string; cluster: string; clusterId: string; mode: 'dry-run' | 'execute'; groups: GroupPlan[]; warnings: string[] };
  result: ExecuteResult | null;
}

/** `drctl offsets restore`. */
export default class OffsetsRestore extends BaseCommand {
  static override summary = 'Put back the offsets drctl saved before a change (undo of offsets reset and failover).';
  static override description = `Dry run by default. Refuses a cluster whose id differs from the backup's, and groups that are not inactive. Restoring saves the offsets it replaces as a new backup, so a restore can be undone too. --execute restores without a prompt: run without it first.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'What would the undo change?', command: '<%= config.bin %> offsets restore --backup 20261124-101500-a1b2c3' },
    { description: 'Undo for real', command: '<%= config.bin %> offsets restore --backup 20261124-101500-a1b2c3 --execute --reason "roll back INC-42"' },
  ];
  static override flags = {
    backup: Flags.string({ description: 'backup id (from the reset output or the journal) or a backup file', required: true }),
    cluster: Flags.string({ description: "cluster alias (default: the backup's)" }),
    execute: Flags.boolean({ description: 'commit, without a prompt (default: dry run)' }),
    reason: Flags.string({ description: 'why (journaled)' }),
  };

  async run(): Promise<RestoreResult> {
    const { flags } = await this.parse(OffsetsRestore);
    const config = this.loadDrctlConfig(flags, { writesState: flags.execute });
    const backup = loadBackup(config.stateDir, flags.backup);
    const alias = flags.cluster ?? backup.cluster;
    clusterByAlias(config, alias);
    const groupIds = Object.keys(backup.groups);
    const topics = [...new Set(Object.values(backup.groups).flat().map((o) => o.topic))];
    const result = await this.gateways(config, [alias], this.timeoutMs(flags), async (gws) => {
      const gw = gws[alias];
      const snap = await readResetSnapshot(gw, groupIds, { allTopics: false, topics: topics.map((topic) => ({ topic })) }, { kind: 'to-current' }, true);
      if (snap.clusterId !== backup.clusterId) throw preconditionError('DRCTL_CLUSTER_ID_MISMATCH', `${alias} is cluster ${snap.clusterId}, but backup ${backup.id} was taken on ${backup.clusterId}`, 'restore on the cluster the backup came from');
      const plan = planRestore(backup, snap.groups, snap.offsets);
      const execution = flags.execute ? await executeOffsetPlan(gw, alias, snap.clusterId, plan.groups, config.stateDir, `offsets restore ${backup.id}`, flags.reason ?? null) : null;
      return { plan: { kind: 'offsets-restore' as const, backup: backup.id, cluster: alias, clusterId: snap.clusterId, mode: flags.execute ? ('execute' as const) : ('dry-run' as const), groups: plan.groups, warnings: plan.warnings }, result: execution };
    });
    if (!this.jsonEnabled()) {
      this.log(renderPlan(result.plan.groups));
      this.log(result.result ? renderOutcomes(result.result.outcomes, result.result.backupId) : palette.dim('dry run: nothing changed (add --execute to restore)'));
      for (const w of result.plan.warnings) process.stderr.write(`warning: ${w}\n`);
    }
    process.exitCode = outcomeExitCode(result.result ? result.result.outcomes.map((o) => o.status) : result.plan.groups.map((g) => g.status));
    reportRefusals(result.result ? result.result.outcomes : result.plan.groups, `stop the group's consumers on ${alias} (it must be Empty), then run the same command again`);
    return result;
  }
}
