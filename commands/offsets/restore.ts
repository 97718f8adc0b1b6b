import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { palette } from '../../src/cli/render.js';
import { reportRefusals } from '../../src/cli/refusals.js';
import { renderOutcomes, renderPlan } from '../../src/cli/reset-render.js';
import { clusterByAlias } from '../../src/config/cluster-by-alias.js';
import { loadBackup } from '../../src/journal/journal.js';
import { outcomeExitCode } from '../../src/offsets/execute-reset.js';
import { restoreBackup, type RestoreResult } from '../../src/offsets/run-restore.js';

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
    const result = await this.gateways(config, [alias], this.timeoutMs(flags), (gws) => restoreBackup(gws[alias], alias, backup, config.stateDir, flags.execute, flags.reason ?? null));
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
