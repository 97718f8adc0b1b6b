import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { refuseWithFlag } from '../../src/cli/flag-conflicts.js';
import { reportRefusals } from '../../src/cli/refusals.js';
import { renderOffsetsRun } from '../../src/cli/reset-render.js';
import { clusterByAlias } from '../../src/config/cluster-by-alias.js';
import { usageError } from '../../src/errors.js';
import { outcomeExitCode } from '../../src/offsets/execute-reset.js';
import { offsetsPlan, type OffsetsPlan } from '../../src/offsets/offsets-plan.js';
import { loadOffsetsPlan } from '../../src/offsets/plan-file.js';
import { scenarioFromFlags, scopeFromFlags } from '../../src/offsets/reset-args.js';
import { planToCsv } from '../../src/offsets/reset-csv.js';
import { planOffsetReset } from '../../src/offsets/reset-plan.js';
import { listConsumerGroups, readResetSnapshot } from '../../src/offsets/reset-snapshot.js';
import { executeOffsetsPlan, runSavedOffsetsPlan, type OffsetsRunResult } from '../../src/offsets/run-offsets-plan.js';
import { savePlan } from '../../src/workflow/plan-file.js';
import { StepRunner } from '../../src/workflow/step-runner.js';

/** `drctl offsets reset`. */
export default class OffsetsReset extends BaseCommand {
  static override summary = 'Reset consumer-group offsets like kafka-consumer-groups --reset-offsets: same results, safer defaults.';
  static override description = `Computes the same offsets as the Java tool for every scenario and scope (clamping only where it clamps; falling back to the log end, with a warning, when no record is at or after a time; UTC when a datetime has no zone; --all-topics = partitions with committed offsets).
Dry run by default: the plan shows current, new and delta per partition. --execute applies the plan without a prompt; run without it first. --plan-out FILE saves the dry run's plan; --plan FILE --execute commits exactly that plan later, refused (exit 3, nothing changed) if the cluster is another or a group moved or became active since. It saves the current offsets as a backup (undo with drctl offsets restore), commits admin-style without joining the group, and reads them back. Groups that are not inactive are refused (exit 3), the others still processed (exit 5 when some were refused or failed).

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Rewind orders-svc on LON to 09:00 UTC (dry run)', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --all-topics --to-datetime 2026-11-24T09:00:00Z' },
    { description: 'Replay the last 15 minutes of one topic, for real', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --topic orders --by-duration 15m --execute --reason "INC-42 replay"' },
    { description: 'Export the plan as kafka-consumer-groups CSV', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --topic orders:0,2 --to-earliest --export' },
    { description: 'Apply a CSV (3 columns with one group, 4 with several)', command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --from-file plan.csv --execute' },
    {
      description: 'Save the plan for a review, then commit it as reviewed',
      command: '<%= config.bin %> offsets reset --cluster LON --group orders-svc --all-topics --to-earliest --plan-out reset.json && <%= config.bin %> offsets reset --plan reset.json --execute',
    },
  ];
  static override flags = {
    cluster: Flags.string({ char: 'c', description: 'cluster alias whose offsets change (required unless --plan)' }),
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
    'plan-out': Flags.string({ description: 'save the plan to this file (JSON), for a review before --plan FILE --execute', exclusive: ['export'] }),
    plan: Flags.string({ description: 'a plan saved with --plan-out: show it, or with --execute commit it as reviewed (not with the flags that make a plan)', exclusive: ['plan-out', 'export'] }),
  };

  async run(): Promise<OffsetsRunResult> {
    const { flags } = await this.parse(OffsetsReset);
    const given = (name: keyof typeof flags): boolean => flags[name] !== undefined && flags[name] !== false && !(Array.isArray(flags[name]) && flags[name].length === 0);
    let saved: OffsetsPlan | null = null;
    if (flags.plan) {
      refuseWithFlag(
        '--plan',
        PLAN_MAKING_FLAGS.filter((f) => given(f)),
        'a saved plan already names the cluster, the groups and the offsets; run without --plan to make a new one',
      );
      saved = loadOffsetsPlan('offsets-reset', flags.plan);
    } else {
      if (!flags.cluster) throw usageError('--cluster is required (unless --plan)', 'name the cluster whose offsets change, e.g. --cluster LON');
      if (!flags.group?.length && !flags['all-groups']) throw usageError('no group given', 'pass --group NAME (repeatable) or --all-groups');
    }
    const config = this.loadDrctlConfig(flags, { writesState: flags.execute });
    const alias = saved?.cluster ?? flags.cluster!;
    clusterByAlias(config, alias);
    // Quiet: the steps take milliseconds, and stderr's first line stays the error when one fails; they are in --json.
    const runner = new StepRunner({ signal: this.interruptSignal() });
    const reason = flags.reason ?? null;
    const out = await this.gateways(config, [alias], this.timeoutMs(flags), async (gws): Promise<OffsetsRunResult> => {
      const gw = gws[alias];
      if (saved) return runSavedOffsetsPlan(saved, gw, config.stateDir, flags.execute, reason, runner);
      const scenario = scenarioFromFlags(flags, (flags.group?.length ?? 0) === 1 && !flags['all-groups']);
      const scope = scopeFromFlags(flags['all-topics'], flags.topic, scenario);
      const groups = flags['all-groups'] ? await listConsumerGroups(gw) : [...new Set(flags.group)];
      if (groups.length === 0) throw usageError(`no consumer groups on ${alias}`);
      const snap = await readResetSnapshot(gw, groups, scope, scenario, flags['allow-new-group']);
      const body = planOffsetReset(snap.groups, scope, scenario, snap.partitionCounts, snap.offsets);
      const plan = offsetsPlan('offsets-reset', alias, snap.clusterId, { ...body, backup: null });
      return { plan, result: flags.execute ? { ...(await executeOffsetsPlan(plan, gw, config.stateDir, reason, runner)), steps: runner.steps } : null };
    });
    if (flags['plan-out']) savePlan(flags['plan-out'], out.plan);
    if (flags.export) process.stdout.write(planToCsv(out.plan));
    else if (!this.jsonEnabled()) this.log(renderOffsetsRun(out, { planOut: flags['plan-out'], verb: 'commit' }));
    if (!this.jsonEnabled()) for (const w of out.plan.warnings) process.stderr.write(`warning: ${w}\n`);
    process.exitCode = outcomeExitCode(out.result ? out.result.outcomes.map((o) => o.status) : out.plan.groups.map((g) => g.status));
    reportRefusals(out.result ? out.result.outcomes : out.plan.groups, `stop the group's consumers on ${alias} (it must be Empty), then run the same command again`);
    return out;
  }
}

/** The flags that make a plan, refused with --plan (the saved plan already says all of it). */
const PLAN_MAKING_FLAGS = ['cluster', 'group', 'all-groups', 'topic', 'all-topics', 'to-datetime', 'by-duration', 'to-earliest', 'to-latest', 'to-current', 'shift-by', 'to-offset', 'from-file', 'allow-new-group'] as const;
