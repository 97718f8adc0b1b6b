import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderOffsetsRun } from '../../src/cli/reset-render.js';
import { reportRefusals } from '../../src/cli/refusals.js';
import { clusterByAlias } from '../../src/config/cluster-by-alias.js';
import { usageError } from '../../src/errors.js';
import { loadBackup } from '../../src/journal/journal.js';
import { outcomeExitCode } from '../../src/offsets/execute-reset.js';
import { loadOffsetsPlan } from '../../src/offsets/plan-file.js';
import { runSavedOffsetsPlan, type OffsetsRunResult } from '../../src/offsets/run-offsets-plan.js';
import { restoreBackup } from '../../src/offsets/run-restore.js';
import { savePlan } from '../../src/workflow/plan-file.js';
import { StepRunner } from '../../src/workflow/step-runner.js';

/** `drctl offsets restore`. */
export default class OffsetsRestore extends BaseCommand {
  static override summary = 'Put back the offsets drctl saved before a change (undo of offsets reset and failover).';
  static override description = `Dry run by default. Refuses a cluster whose id differs from the backup's, and groups that are not inactive. Restoring saves the offsets it replaces as a new backup, so a restore can be undone too. --execute restores without a prompt: run without it first.
--plan-out FILE saves the dry run's plan; --plan FILE --execute restores exactly that plan later, refused (exit 3, nothing changed) if the cluster is another or a group moved or became active since.

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'What would the undo change?', command: '<%= config.bin %> offsets restore --backup 20261124-101500-a1b2c3' },
    { description: 'Undo for real', command: '<%= config.bin %> offsets restore --backup 20261124-101500-a1b2c3 --execute --reason "roll back INC-42"' },
    { description: 'Review the undo, then run it as reviewed', command: '<%= config.bin %> offsets restore --backup 20261124-101500-a1b2c3 --plan-out undo.json && <%= config.bin %> offsets restore --plan undo.json --execute' },
  ];
  static override flags = {
    backup: Flags.string({ description: 'backup id (from the reset output or the journal) or a backup file; required unless --plan' }),
    cluster: Flags.string({ description: "cluster alias (default: the backup's)" }),
    execute: Flags.boolean({ description: 'commit, without a prompt (default: dry run)' }),
    reason: Flags.string({ description: 'why (journaled)' }),
    'plan-out': Flags.string({ description: 'save the plan to this file (JSON), for a review before --plan FILE --execute' }),
    plan: Flags.string({ description: 'a plan saved with --plan-out: show it, or with --execute restore it as reviewed', exclusive: ['backup', 'cluster', 'plan-out'] }),
  };

  async run(): Promise<OffsetsRunResult> {
    const { flags } = await this.parse(OffsetsRestore);
    if (!flags.plan && !flags.backup) throw usageError('--backup is required (unless --plan)', 'pass a backup id from the journal (drctl offsets reset and failover print theirs), or --plan FILE');
    const saved = flags.plan ? loadOffsetsPlan('offsets-restore', flags.plan) : null;
    const config = this.loadDrctlConfig(flags, { writesState: flags.execute });
    const backup = saved ? null : loadBackup(config.stateDir, flags.backup!);
    const alias = saved?.cluster ?? flags.cluster ?? backup!.cluster;
    clusterByAlias(config, alias);
    // Quiet: the steps take milliseconds, and stderr's first line stays the error when one fails; they are in --json.
    const runner = new StepRunner({ signal: this.interruptSignal() });
    const out = await this.gateways(config, [alias], this.timeoutMs(flags), (gws) =>
      saved ? runSavedOffsetsPlan(saved, gws[alias], config.stateDir, flags.execute, flags.reason ?? null, runner) : restoreBackup(gws[alias], alias, backup!, config.stateDir, flags.execute, flags.reason ?? null, runner),
    );
    if (flags['plan-out']) savePlan(flags['plan-out'], out.plan);
    if (!this.jsonEnabled()) {
      this.log(renderOffsetsRun(out, { planOut: flags['plan-out'], verb: 'restore' }));
      for (const w of out.plan.warnings) process.stderr.write(`warning: ${w}\n`);
    }
    process.exitCode = outcomeExitCode(out.result ? out.result.outcomes.map((o) => o.status) : out.plan.groups.map((g) => g.status));
    reportRefusals(out.result ? out.result.outcomes : out.plan.groups, `stop the group's consumers on ${alias} (it must be Empty), then run the same command again`);
    return out;
  }
}
