import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { renderFailbackPlan, renderFailbackResult } from '../src/cli/failback-render.js';
import { refuseWithFlag } from '../src/cli/flag-conflicts.js';
import { checkRegexFlag } from '../src/cli/regex-flag.js';
import { palette } from '../src/cli/render.js';
import { clusterByAlias } from '../src/config/cluster-by-alias.js';
import { usageError } from '../src/errors.js';
import type { FailbackPlan, SalvageTarget } from '../src/failback/failback-plan.js';
import { planFailback } from '../src/failback/plan-failback.js';
import { loadFailbackPlan } from '../src/failback/plan-file.js';
import { checkFailbackDrift, executeFailback, type FailbackResult } from '../src/failback/run-failback.js';
import { savePlan } from '../src/workflow/plan-file.js';
import { mirrorReverser } from '../src/failback/mirror-reverser.js';
import { parseDuration, parseTimerDuration } from '../src/time/duration.js';

/** `drctl failback`. */
export default class Failback extends BaseCommand {
  static override summary = 'After a failover, make the old primary a clean DR copy: salvage its unreplicated tail, clean it, reverse the flow.';
  static override description = `Dry run by default: the plan shows, per partition of the old primary, the unreplicated tail (records after the last one the new primary has a copy of, found by record identity) with offsets and times; the consumer groups there and which were failed over; what the cleanup deletes; and the MM2 properties of the reverse flow.
--execute: salvages the tail (to --salvage-dir as JSON lines with a SHA-256 manifest, or to --salvage-topic on the new primary with headers naming cluster, topic, partition and offset), verifies the salvage against the old primary (count and digest), checks that nothing was written since the plan, backs up and deletes the failed-over groups, truncates (DeleteRecords) or deletes the topics, reverses MirrorMaker 2 (on the Kafka Connect cluster drctl.yaml names for the flow under connect:, drctl stops the old connectors and deploys the reverse flow; in the sandbox it restarts MM2; elsewhere it prints the steps) and verifies the reverse flow with a canary round. Every step is journaled; running the same command again after an interruption finishes the job.
Refused (exit 3) while a consumer group on the old primary is active (with --topics: one that committed on or is assigned a topic in scope; override: --allow-active-groups) or it was written to within --quiet-period. Deleting without salvage needs --waive-salvage --reason.

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Show the plan (nothing changes)', command: '<%= config.bin %> failback --old-primary NYC --new-primary LON' },
    { description: 'Salvage to files, truncate NYC, reverse the flow', command: '<%= config.bin %> failback --old-primary NYC --new-primary LON --salvage-dir ./salvage-INC-42 --execute --reason INC-42' },
    { description: 'Salvage to a topic on LON and delete the topics on NYC', command: '<%= config.bin %> failback --old-primary NYC --new-primary LON --salvage-topic drctl-salvage-NYC --cleanup delete-topics --execute' },
    { description: 'Nothing on NYC is worth keeping', command: '<%= config.bin %> failback --old-primary NYC --new-primary LON --waive-salvage --reason "NYC only held load-test data" --execute' },
  ];
  static override flags = {
    'old-primary': Flags.string({ description: 'the cluster failed over from, to be cleaned (e.g. NYC); required unless --plan' }),
    'new-primary': Flags.string({ description: 'the cluster failed over to (e.g. LON); required unless --plan' }),
    'plan-out': Flags.string({ description: 'also save the plan to this file (JSON), e.g. for a review before --plan FILE --execute' }),
    plan: Flags.string({ description: 'a plan saved with --plan-out: show it, or with --execute run it as reviewed (refused if the clusters changed since)', exclusive: ['plan-out'] }),
    'salvage-dir': Flags.string({ description: 'write the tail here: JSON lines per partition and manifest.json', exclusive: ['salvage-topic', 'waive-salvage'] }),
    'salvage-topic': Flags.string({ description: 'produce the tail to this topic on the new primary (created, infinite retention)', exclusive: ['waive-salvage'] }),
    'waive-salvage': Flags.boolean({ description: 'delete the tail without salvaging it (needs --reason)' }),
    cleanup: Flags.string({ description: 'truncate: delete records up to the log end; delete-topics: delete the topics', options: ['truncate', 'delete-topics'], default: 'truncate' }),
    topics: Flags.string({ description: 'only topics whose whole name matches this regex (default: every topic the flow mirrors)' }),
    execute: Flags.boolean({ description: 'salvage, clean and reverse (default: dry run)' }),
    'dry-run': Flags.boolean({ description: 'only show the plan (the default)', exclusive: ['execute'] }),
    'quiet-period': Flags.string({ description: 'refuse when the old primary was written to more recently (0 disables)', default: '60s' }),
    'allow-active-groups': Flags.boolean({ description: 'go on although consumer groups on the old primary are active (they are not deleted)' }),
    reason: Flags.string({ description: 'why (journaled), e.g. an incident id; required with --waive-salvage' }),
    'canary-topic': Flags.string({ description: 'the canary topic on the new primary', default: 'drctl-canary' }),
    'canary-timeout': Flags.string({ description: 'how long the canary round waits for its records through the reversed flow', default: '60s' }),
  };

  async run(): Promise<{ plan: FailbackPlan; result: FailbackResult | null }> {
    const { flags, metadata } = await this.parse(Failback);
    // Flag values first, so a typo fails before the config is read or a cluster is asked.
    const given = (name: keyof typeof flags): boolean => flags[name] !== undefined && flags[name] !== false && !metadata.flags[name]?.setFromDefault;
    if (flags.plan)
      refuseWithFlag(
        '--plan',
        PLAN_MAKING_FLAGS.filter((f) => given(f)),
        'a saved plan already names the clusters, topics, salvage and cleanup; run without --plan to make a new one',
      );
    else if (!flags['old-primary'] || !flags['new-primary']) throw usageError('--old-primary and --new-primary are required (unless --plan)', 'e.g. --old-primary NYC --new-primary LON');
    const topicsRegex = checkRegexFlag(flags.topics, '--topics');
    const quietPeriodMs = flags['quiet-period'] === '0' ? 0 : parseDuration(flags['quiet-period'], '--quiet-period');
    const canaryTimeoutMs = parseTimerDuration(flags['canary-timeout'], '--canary-timeout');
    const saved = flags.plan ? loadFailbackPlan(flags.plan) : null;
    const config = this.loadDrctlConfig(flags, { writesState: flags.execute });
    const old = clusterByAlias(config, saved?.oldPrimary ?? flags['old-primary']!);
    const neu = clusterByAlias(config, saved?.newPrimary ?? flags['new-primary']!);
    if (old.alias === neu.alias) throw usageError(`--old-primary and --new-primary are both ${old.alias}`);
    if (flags['waive-salvage'] && !flags.reason?.trim()) throw usageError('--waive-salvage needs --reason', 'say why the tail may be lost, e.g. --reason "INC-42: NYC held only test data"');
    const salvage: SalvageTarget | null = flags['salvage-dir'] ? { kind: 'dir', dir: flags['salvage-dir'] } : flags['salvage-topic'] ? { kind: 'topic', topic: flags['salvage-topic'] } : flags['waive-salvage'] ? { kind: 'waived', reason: flags.reason! } : null;
    const timeoutMs = this.timeoutMs(flags);
    const reverser = mirrorReverser(config, old.alias, neu.alias, { timeoutMs, progress: (l) => this.progress(l) });
    const out = await this.gateways(config, [old.alias, neu.alias], timeoutMs, async (gws) => {
      // A saved plan is executed as it was reviewed, once the clusters are shown to be the same and unchanged.
      const plan =
        saved ??
        (await planFailback(
          config,
          {
            oldPrimary: old.alias,
            newPrimary: neu.alias,
            topicsRegex,
            cleanup: flags.cleanup as FailbackPlan['cleanup'],
            salvage,
            quietPeriodMs,
            allowActiveGroups: flags['allow-active-groups'],
            sandbox: reverser?.via === 'sandbox',
            connectUrl: reverser?.connectUrl,
            timeoutMs,
          },
          gws[old.alias],
          gws[neu.alias],
        ));
      if (flags['plan-out']) savePlan(flags['plan-out'], plan);
      if (!this.jsonEnabled()) this.log(renderFailbackPlan(plan));
      if (!flags.execute) return { plan, result: null };
      if (saved) await checkFailbackDrift(saved, gws[old.alias], gws[neu.alias]);
      if (plan.tail.partitions > 0 && !plan.salvage)
        throw usageError(`${plan.tail.partitions} partition(s) of ${old.alias} hold records ${neu.alias} does not have`, 'pass --salvage-dir DIR or --salvage-topic TOPIC, or --waive-salvage --reason TEXT to delete them unsalvaged');
      const result = await executeFailback(plan, gws[old.alias], gws[neu.alias], {
        config,
        reason: flags.reason ?? null,
        reverseFlow: reverser?.reverse,
        canaryTopic: flags['canary-topic'],
        canaryTimeoutMs,
        onEvent: this.onEvent,
        signal: this.interruptSignal(),
      });
      return { plan, result };
    });
    if (!this.jsonEnabled())
      this.log(
        out.result
          ? `\n${renderFailbackResult(out.result, out.plan)}`
          : palette.dim(
              `\ndry run: nothing changed${out.plan.checks.some((c) => c.status === 'fail') ? ' (--execute would be refused: see the failed checks)' : ''}${flags['plan-out'] ? `; plan saved to ${flags['plan-out']}` : ''}; add --execute to fail back`,
            ),
      );
    return out;
  }
}

/** The flags that make a plan, which a saved plan (--plan) already settled. */
const PLAN_MAKING_FLAGS = ['old-primary', 'new-primary', 'salvage-dir', 'salvage-topic', 'waive-salvage', 'cleanup', 'topics', 'quiet-period', 'allow-active-groups'] as const;
