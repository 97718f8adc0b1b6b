import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { palette } from '../../src/cli/render.js';
import { reportRefusals } from '../../src/cli/refusals.js';
import { renderOutcomes, renderPlan } from '../../src/cli/reset-render.js';
import { clusterByAlias } from '../../src/config/cluster-by-alias.js';
import { usageError } from '../../src/errors.js';
import { executeOffsetPlan, outcomeExitCode, type ExecuteResult } from '../../src/offsets/execute-reset.js';
import { scenarioFromFlags, scopeFromFlags } from '../../src/offsets/reset-args.js';
import { planToCsv } from '../../src/offsets/reset-csv.js';
import { planOffsetReset, type OffsetResetPlan } from '../../src/offsets/reset-plan.js';
import { listConsumerGroups, readResetSnapshot } from '../../src/offsets/reset-snapshot.js';

/** The `--json` result of `drctl offsets reset`. */
/** `--json`: the plan, and the result of executing it (null in a dry run), as for every mutating command. */
export interface ResetResult {
  plan: OffsetResetPlan & { kind: 'offsets-reset'; cluster: string; clusterId: string; mode: 'dry-run' | 'execute' };
  result: ExecuteResult | null;
}

/** `drctl offsets reset`. */
export default class OffsetsReset extends BaseCommand {
  static override summary = 'Reset consumer-group offsets like kafka-consumer-groups --reset-offsets: same results, safer defaults.';
  static override description = `Computes the same offsets as the Java tool for every scenario and scope (clamping only where it clamps; falling back to the log end, with a warning, when no record is at or after a time; UTC when a datetime has no zone; --all-topics = partitions with committed offsets).
Dry run by default: the plan shows current, new and delta per partition. --execute applies the plan without a prompt; run without it first. It saves the current offsets as a backup (undo with drctl offsets restore), commits admin-style without joining the group, and reads them back. Groups that are not inactive are refused (exit 3), the others still processed (exit 5 when some were refused or failed).

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Rewind orders-svc on LON to 09:00 UTC (dry run)', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --all-topics --to-datetime 2026-11-24T09:00:00Z' },
    { description: 'Replay the last 15 minutes of one topic, for real', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --topic orders --by-duration 15m --execute --reason "INC-42 replay"' },
    { description: 'Export the plan as kafka-consumer-groups CSV', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --topic orders:0,2 --to-earliest --export' },
    { description: 'Apply a CSV (3 columns with one group, 4 with several)', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --from-file plan.csv --execute' },
  ];
  static override flags = {
    cluster: Flags.string({ char: 'c', description: 'cluster alias whose offsets change', required: true }),
    group: Flags.string({ char: 'g', description: 'consumer group (repeatable)', multiple: true }),
    'all-groups': Flags.boolean({ description: 'every consumer group on the cluster', exclusive: ['group'] }),
    topic: Flags.string({ char: 't', description: 'topic, or topic:0,2 for some partitions (repeatable)', multiple: true }),
    'all-topics': Flags.boolean({ description: 'all partitions the group has committed offsets for' }),
    'to-datetime': Flags.string({ description: 'first offset at/after a time: yyyy-MM-ddTHH:mm:ss[.SSS][Z|±hh:mm|±hhmm] (UTC if no zone) or epoch ms' }),
    'by-duration': Flags.string({ description: 'first offset at/after now minus a duration: 15m, 2h, 1d or ISO-8601 (PT15M)' }),
    'to-earliest': Flags.boolean({ description: 'the log start offset' }),
    'to-latest': Flags.boolean({ description: 'the log end offset (high watermark)' }),
    'to-current': Flags.boolean({ description: 'the committed offset (log end where there is none)' }),
    'shift-by': Flags.string({ description: 'committed offset plus N (N may be negative), clamped' }),
    'to-offset': Flags.string({ description: 'offset N on every partition, clamped' }),
    'from-file': Flags.string({ description: 'kafka-consumer-groups CSV: topic,partition,offset or group,topic,partition,offset' }),
    execute: Flags.boolean({ description: 'commit the plan, without a prompt: run without it first (default: dry run)' }),
    'dry-run': Flags.boolean({ description: 'only show the plan (the default)', exclusive: ['execute'] }),
    export: Flags.boolean({ description: 'print the plan as kafka-consumer-groups CSV', exclusive: ['json'] }),
    reason: Flags.string({ description: 'why (journaled with the change)' }),
    'allow-new-group': Flags.boolean({ description: 'allow creating offsets for a group that does not exist yet' }),
  };

  async run(): Promise<ResetResult> {
    const { flags } = await this.parse(OffsetsReset);
    const config = this.loadDrctlConfig(flags, { writesState: flags.execute });
    clusterByAlias(config, flags.cluster);
    if (!flags.group?.length && !flags['all-groups']) throw usageError('no group given', 'pass --group NAME (repeatable) or --all-groups');
    const scenario = scenarioFromFlags(flags, (flags.group?.length ?? 0) === 1 && !flags['all-groups']);
    const scope = scopeFromFlags(flags['all-topics'], flags.topic, scenario);
    const result = await this.gateways(config, [flags.cluster], this.timeoutMs(flags), async (gws) => {
      const gw = gws[flags.cluster];
      const groups = flags['all-groups'] ? await listConsumerGroups(gw) : [...new Set(flags.group)];
      if (groups.length === 0) throw usageError(`no consumer groups on ${flags.cluster}`);
      const snap = await readResetSnapshot(gw, groups, scope, scenario, flags['allow-new-group']);
      const plan = planOffsetReset(snap.groups, scope, scenario, snap.partitionCounts, snap.offsets);
      const execution = flags.execute ? await executeOffsetPlan(gw, flags.cluster, snap.clusterId, plan.groups, config.stateDir, 'offsets reset', flags.reason ?? null) : null;
      return { plan: { kind: 'offsets-reset' as const, cluster: flags.cluster, clusterId: snap.clusterId, mode: flags.execute ? ('execute' as const) : ('dry-run' as const), ...plan }, result: execution };
    });
    if (flags.export) process.stdout.write(planToCsv(result.plan));
    else if (!this.jsonEnabled()) {
      this.log(renderPlan(result.plan.groups));
      this.log(result.result ? renderOutcomes(result.result.outcomes, result.result.backupId) : palette.dim('dry run: nothing changed (add --execute to commit)'));
    }
    if (!this.jsonEnabled()) for (const w of result.plan.warnings) process.stderr.write(`warning: ${w}\n`);
    process.exitCode = outcomeExitCode(result.result ? result.result.outcomes.map((o) => o.status) : result.plan.groups.map((g) => g.status));
    reportRefusals(result.result ? result.result.outcomes : result.plan.groups, `stop the group's consumers on ${flags.cluster} (it must be Empty), then run the same command again`);
    return result;
  }
}
