import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { confirmOrCancel, requireConfirmable } from '../src/cli/gate.js';
import { renderDrillReport } from '../src/cli/drill-render.js';
import { palette } from '../src/cli/render.js';
import { configuredFlow } from '../src/config/resolve-flow.js';
import { runDrill, type DrillReport, type DrillRequest } from '../src/drill/run-drill.js';
import { ExitCode, usageError } from '../src/errors.js';
import { parseTimerDuration } from '../src/time/duration.js';

/** `drctl drill`: an automated DR drill on a configured flow, with its own topic and group. */
export default class Drill extends BaseCommand {
  static override summary = 'Run a DR drill on a flow: own topic and group, traffic, a planned failover, a record-by-record check, RPO and RTO.';
  static override description = `Creates a drill topic (drctl-drill-<id>) on the source and writes traffic to it; the drill group (same name) commits part of it, as an application that processed those records would (no group is joined). Once MirrorMaker 2 has mirrored the topic, the group fails over (planned, the same planner and executor as drctl failover), and the drill checks on the target, record by record, that the group resumes exactly at the first record it had not processed. With --failback it then moves the group back to the source: its next record on the target is found on the source by identity, committed there like any offset change (backed up, read back, journaled), and the group must be back at exactly the offsets it left (drctl failback itself is not run: it truncates the old primary and reverses MM2 for the whole flow). Then it deletes the drill topics and group (--keep keeps them) and prints a report: PASSED or FAILED, RPO, RTO per step. The failover is journaled, so drctl report rto counts drills.

The flow must mirror the drill's names: its topics and groups filters must match drctl-drill-<id> (MM2's defaults do). MM2 finds new topics every refresh.topics.interval.seconds (600 by default): --mirror-timeout bounds that wait.

Exit 0 when the drill passed, 1 when it failed its check; without a TTY it needs --yes (or --dry-run).

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'A drill on the only configured flow, asking first', command: '<%= config.bin %> drill' },
    { description: 'In CI: no prompt, the report as JSON, exit 1 when it fails', command: "<%= config.bin %> drill --flow 'NYC->LON' --yes --json" },
    { description: 'What it would do, changing nothing', command: "<%= config.bin %> drill --flow 'NYC->LON' --dry-run" },
    { description: 'There and back: fail the drill group over, then back to the source', command: "<%= config.bin %> drill --flow 'NYC->LON' --failback --yes" },
  ];
  static override flags = {
    flow: Flags.string({ description: 'the flow to drill, SOURCE->TARGET (default: the only configured flow)' }),
    records: Flags.integer({ description: 'records to write to the drill topic', default: 600, min: 1, max: 1_000_000 }),
    partitions: Flags.integer({ description: 'partitions of the drill topic', default: 3, min: 1, max: 1000 }),
    'processed-share': Flags.string({ description: 'share of each partition the group processed before the failover (0..1)', default: '0.4' }),
    'mirror-timeout': Flags.string({ description: 'how long to wait for MM2 to mirror the new drill topic', default: '15m' }),
    'wait-timeout': Flags.string({ description: 'how long the planned failover waits for the mirror to catch up', default: '2m' }),
    keep: Flags.boolean({ description: 'keep the drill topics and group afterwards' }),
    failback: Flags.boolean({ description: 'after the check, move the drill group back to the source (found by record identity) and check it is where it left' }),
    reason: Flags.string({ description: 'why (journaled), e.g. "quarterly DR test"' }),
    yes: Flags.boolean({ char: 'y', description: 'run without asking' }),
    'dry-run': Flags.boolean({ description: 'only say what the drill would do', exclusive: ['yes'] }),
  };

  async run(): Promise<{ plan: DrillRequest & { flowName: string }; result: DrillReport | null }> {
    const { flags } = await this.parse(Drill);
    const share = Number(flags['processed-share']);
    if (!Number.isFinite(share) || share < 0 || share > 1) throw usageError(`--processed-share "${flags['processed-share']}" is not a number from 0 to 1`, 'e.g. --processed-share 0.4');
    const mirrorTimeoutMs = parseTimerDuration(flags['mirror-timeout'], '--mirror-timeout');
    const waitTimeoutMs = parseTimerDuration(flags['wait-timeout'], '--wait-timeout');
    const config = this.loadDrctlConfig(flags, { writesState: !flags['dry-run'] });
    const flow = configuredFlow(config, flags.flow);
    const timeoutMs = this.timeoutMs(flags);
    const req: DrillRequest = { flow, records: flags.records, partitions: flags.partitions, consumedShare: share, mirrorTimeoutMs, waitTimeoutMs, timeoutMs, keep: flags.keep, failback: flags.failback, reason: flags.reason ?? null };
    const plan = { ...req, flowName: `${flow.source}->${flow.target}` };
    const what = `a drill on ${plan.flowName}: create drctl-drill-<id> (${req.partitions} partitions) on ${flow.source}, write ${req.records} records, commit ${Math.round(share * 100)}% for the drill group, fail it over to ${flow.target} (planned), check it record by record, ${req.failback ? `move it back to ${flow.source} and check it there, ` : ''}then ${req.keep ? 'keep' : 'delete'} the drill topics and group`;
    const gateFlags = { dryRun: flags['dry-run'], yes: flags.yes, json: this.jsonEnabled() };
    requireConfirmable(gateFlags, 'run a drill');
    if (flags['dry-run']) {
      if (!this.jsonEnabled()) this.log(`${what}.\n${palette.dim('dry run: nothing changed')}`);
      return { plan, result: null };
    }
    await confirmOrCancel(gateFlags, `Run ${what}?`, 'drill cancelled');
    const signal = this.interruptSignal();
    const result = await this.gateways(config, [flow.source, flow.target], timeoutMs, (gws) => runDrill(config, req, gws[flow.source], gws[flow.target], { onEvent: this.onEvent, signal }));
    if (!this.jsonEnabled()) this.log(renderDrillReport(result));
    if (!result.passed) process.exitCode = ExitCode.checkFailed;
    return { plan, result };
  }
}
