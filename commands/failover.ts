import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { canPrompt, confirm } from '../src/cli/confirm.js';
import { confirmOrCancel, requireConfirmable } from '../src/cli/gate.js';
import { renderFailoverPlan, renderFailoverResult } from '../src/cli/failover-render.js';
import { refuseWithFlag } from '../src/cli/flag-conflicts.js';
import { checkRegexFlag } from '../src/cli/regex-flag.js';
import { palette } from '../src/cli/render.js';
import { reportRefusals } from '../src/cli/refusals.js';
import { resolveFlow } from '../src/config/resolve-flow.js';
import { ExitCode, isUnreachable, usageError } from '../src/errors.js';
import type { ClusterGateway } from '../src/kafka/gateway.js';
import { replicationPolicyFor } from '../src/mm2/replication-policy.js';
import type { Fallback, FailoverPlan } from '../src/failover/failover-plan.js';
import { loadFailoverPlan } from '../src/failover/plan-file.js';
import { savePlan } from '../src/workflow/plan-file.js';
import { checkDrift, executeFailover, planFailover, type FailoverResult } from '../src/failover/run-failover.js';
import { switchSucceeded, switchSummary } from '../src/failover/switch-command.js';
import { StepRunner } from '../src/workflow/step-runner.js';
import type { DrctlConfig } from '../src/config/types.js';
import { withSourceFence, type FenceMode, type FenceRequest } from '../src/fence/fence.js';
import { outcomeExitCode } from '../src/offsets/execute-reset.js';
import { parseDateTime } from '../src/time/datetime.js';
import { parseDuration, parseTimerDuration } from '../src/time/duration.js';

/** `drctl failover`. */
export default class Failover extends BaseCommand {
  static override summary = 'Move consumer groups to the DR cluster: planned (drain, catch up, exact) or unplanned (from checkpoints).';
  static override description = `Planned (source reachable): waits until the groups are stopped on the source and MirrorMaker 2 has copied every record up to the source's log end, then translates exactly: no loss, no duplicates. Unplanned (--unplanned, or chosen at the prompt a terminal shows when the source cannot be reached; without a TTY, with --yes or --json an unreachable source is refused with exit 3): translates from MM2's checkpoints, refined by offset syncs on the target; partitions without a translation use --fallback (default: the group's last checkpoint time minus a skew margin).
Shows preflight checks, the plan and the RPO (per topic: records the target lacks and the age of the oldest, measured by record identity when the source answers; the age of the target's newest copy when it does not). Asks before committing (or --yes; without a TTY --yes or --dry-run is required), backs up the target offsets (undo with drctl offsets restore), commits admin-style, verifies, runs the discovery switch command, and reports RPO and RTO (each step timed).
Only a network failure or a timeout counts as an unreachable source: a source that refuses drctl's credentials, certificate or protocol stops the failover (exit 4), it never makes it unplanned.
Re-running the same command after a partial failure (exit 5) moves the rest; groups already moved keep their offsets.
--plan FILE executes a plan saved with --plan-out: the plan names the flow, the groups and the mode, so the flags that choose them (--to, --from, --group, --groups-regex, --all-groups, --planned, --unplanned, --fallback, --skew-margin, --wait-timeout) are refused with it.

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Planned failover of one group', command: '<%= config.bin %> failover --group orders-svc --to LON' },
    { description: 'Review first: save the plan without changing anything', command: '<%= config.bin %> failover --all-groups --to LON --dry-run --plan-out plan.json' },
    { description: 'Then execute the reviewed plan (refused if anything drifted)', command: '<%= config.bin %> failover --plan plan.json --yes' },
    { description: 'NYC is gone: fail over from checkpoints', command: '<%= config.bin %> failover --groups-regex "orders-.*" --to LON --unplanned --yes --reason INC-42' },
    { description: 'A switchover exact for producers too: fence NYC first (needs an authorizer)', command: '<%= config.bin %> failover --group orders-svc --to LON --fence acl --yes --reason CHG-7' },
  ];
  static override usage = ['failover --to <alias> (--group <name>... | --groups-regex <regex> | --all-groups) [--from <alias>] [--planned | --unplanned] [flags]', 'failover --plan <file> [--yes | --dry-run] [--reason <text>] [flags]'];
  static override flags = {
    group: Flags.string({ char: 'g', description: 'consumer group (repeatable)', multiple: true }),
    'groups-regex': Flags.string({ description: 'groups whose whole name matches this regex' }),
    'all-groups': Flags.boolean({ description: 'every consumer group the flow mirrors' }),
    to: Flags.string({ description: 'target cluster alias (required unless --plan)' }),
    from: Flags.string({ description: 'source cluster alias (default: the flow into --to)' }),
    planned: Flags.boolean({ description: 'require the source (drain, catch up, exact)', exclusive: ['unplanned'] }),
    unplanned: Flags.boolean({ description: 'translate from what the target holds, even if the source answers' }),
    fallback: Flags.string({ description: "unplanned, partitions without translation: checkpoint-time (the group's last checkpoint time minus --skew-margin) | earliest | latest | timestamp:<datetime>", default: 'checkpoint-time' }),
    'skew-margin': Flags.string({ description: 'subtracted from the last checkpoint time for the default fallback', default: '60s' }),
    'dry-run': Flags.boolean({ description: 'show the plan and stop' }),
    yes: Flags.boolean({ char: 'y', description: 'do not ask for confirmation' }),
    'plan-out': Flags.string({ description: 'save the plan to this file (JSON)' }),
    plan: Flags.string({ description: 'execute a plan saved with --plan-out, after checking it has not drifted (not with the flags that make a plan)' }),
    reason: Flags.string({ description: 'why (journaled), e.g. an incident id' }),
    'wait-timeout': Flags.string({ description: 'planned: how long to wait for the drain and the mirror', default: '2m' }),
    fence: Flags.string({
      description: "planned: acl = deny writes (DENY WRITE for User:*) to the groups' source topics, wait until they stop, then fail over (lift with drctl fence remove); check = refuse while those topics are written",
      options: ['none', 'check', 'acl'],
      default: 'none',
    }),
  };

  async run(): Promise<{ plan: FailoverPlan; result: FailoverResult | null; fenced?: string[] }> {
    const { flags, metadata } = await this.parse(Failover);
    const startedAt = Date.now();
    // Flag checks first: a wrong combination or value must fail before the config, the clusters or a prompt.
    const given = (name: keyof typeof flags): boolean => flags[name] !== undefined && flags[name] !== false && !metadata.flags[name]?.setFromDefault;
    if (flags.plan)
      refuseWithFlag(
        '--plan',
        PLAN_MAKING_FLAGS.filter((f) => given(f)),
        'a saved plan already names the flow, the groups and the mode; run without --plan to make a new one',
      );
    else {
      if (!flags.to) throw usageError('--to is required (unless --plan)', 'name the cluster to fail over to, e.g. --to LON');
      if (!flags.group?.length && !flags['all-groups'] && !flags['groups-regex']) throw usageError('no groups given', 'pass --group NAME (repeatable), --groups-regex R or --all-groups');
    }
    checkRegexFlag(flags['groups-regex'], '--groups-regex');
    const fallback = parseFallback(flags.fallback, flags['skew-margin']);
    const waitTimeoutMs = parseTimerDuration(flags['wait-timeout'], '--wait-timeout');
    const config = this.loadDrctlConfig(flags, { writesState: !flags['dry-run'] });
    const timeoutMs = this.timeoutMs(flags);
    const gateFlags = { dryRun: flags['dry-run'], yes: flags.yes, json: this.jsonEnabled() };
    requireConfirmable(gateFlags, 'fail over');
    const fenceMode = flags.fence as FenceMode;
    if (fenceMode !== 'none' && (flags.unplanned || flags.plan))
      throw usageError(`--fence ${fenceMode} is for a planned failover made in this run`, flags.plan ? 'the fence goes up before the plan is made: run without --plan' : 'an unplanned failover has no source to fence');
    if (fenceMode === 'acl' && !flags['dry-run']) await confirmOrCancel(gateFlags, "Deny writes to the groups' topics on the source, then fail over?", 'failover cancelled');
    // Planning is quiet but for the waits' progress; Ctrl-C stops the run at the next step boundary (or a wait).
    const runner = new StepRunner({ signal: this.interruptSignal(), onEvent: (e) => e.type === 'step-progress' && this.progress(e.message) });
    const planAndRun = () => this.planAndRun(flags, config, runner, gateFlags, { timeoutMs, waitTimeoutMs, fallback, startedAt });
    if (fenceMode === 'none' || flags.plan) return planAndRun();
    const flow = resolveFlow(config, flags.from, flags.to);
    const fenceReq: FenceRequest = {
      mode: flags['dry-run'] && fenceMode === 'acl' ? 'none' : fenceMode,
      flow,
      groups: flags.group ?? [],
      allGroups: flags['all-groups'],
      groupsRegex: flags['groups-regex'],
      stateDir: config.stateDir,
      reason: flags.reason ?? null,
      waitTimeoutMs,
      progress: (m) => this.progress(m),
    };
    const { value, fenced } = await this.gateways(config, [flow.source], timeoutMs, (gws) => withSourceFence(fenceReq, gws[flow.source], planAndRun, (v) => v.result?.outcomes.some((o) => o.status === 'ok') ?? false));
    if (fenced.length && !this.jsonEnabled()) this.log(palette.warn(`${flow.source}: writes to ${fenced.length} topic(s) stay denied (${fenced.join(', ')}); lift with: drctl fence remove --cluster ${flow.source} --yes`));
    return { ...value, fenced };
  }

  /** Plan (or load the saved plan), show it, confirm, execute. */
  private async planAndRun(
    flags: Awaited<ReturnType<Failover['parse']>>['flags'],
    config: DrctlConfig,
    runner: StepRunner,
    gateFlags: { dryRun: boolean; yes: boolean; json: boolean },
    o: { timeoutMs: number; waitTimeoutMs: number; fallback: Fallback; startedAt: number },
  ): Promise<{ plan: FailoverPlan; result: FailoverResult | null }> {
    const { timeoutMs, waitTimeoutMs, fallback, startedAt } = o;
    let plan: FailoverPlan;
    if (flags.plan) {
      plan = loadFailoverPlan(flags.plan);
    } else {
      const flow = resolveFlow(config, flags.from, flags.to);
      // Only a person at a terminal can choose an unplanned failover on the spot; --yes confirms a plan, not a mode.
      const interactive = !flags.yes && !this.jsonEnabled() && canPrompt();
      plan = await this.gateways(config, [flow.source, flow.target], timeoutMs, (gws) =>
        planFailover(
          config,
          {
            flow,
            groups: flags.group ?? [],
            allGroups: flags['all-groups'],
            groupsRegex: flags['groups-regex'],
            mode: flags.planned ? 'planned' : flags.unplanned ? 'unplanned' : undefined,
            fallback,
            timeoutMs,
            waitTimeoutMs,
            confirmUnplanned: interactive ? (why) => confirm(`${why}.\nFail over UNPLANNED from what ${flow.target} holds? Records ${flow.target} has not copied yet are lost.`) : undefined,
          },
          gws[flow.source],
          gws[flow.target],
          runner,
        ),
      );
    }
    if (flags['plan-out']) savePlan(flags['plan-out'], plan);
    if (!this.jsonEnabled()) this.log(renderFailoverPlan(plan));
    if (flags['dry-run']) {
      if (!this.jsonEnabled()) this.log(palette.dim(`dry run: nothing changed${flags['plan-out'] ? `; plan saved to ${flags['plan-out']}` : ''}`));
      process.exitCode = outcomeExitCode(plan.groups.map((g) => g.status));
      reportRefusals(plan.groups, REFUSED_HINT(plan.target));
      return { plan, result: null };
    }
    await confirmOrCancel(gateFlags, `Commit these offsets on ${plan.target}?`, 'failover cancelled');
    const result = await this.gateways(config, [plan.source, plan.target], timeoutMs, async (gws) => {
      // A plan made in this run is fresh; a saved one is checked against everything it was computed from.
      if (flags.plan) await checkDrift(plan, gws[plan.target], { source: await reachable(gws[plan.source]), checkpointsTopic: replicationPolicyFor(config.replicationPolicy, plan.source).checkpointsTopic(plan.source), timeoutMs });
      else await checkDrift(plan, gws[plan.target]);
      return executeFailover(plan, gws[plan.target], config, flags.reason ?? null, runner, startedAt, {}, gws[plan.source]);
    });
    if (!this.jsonEnabled()) this.log(renderFailoverResult(result));
    process.exitCode = outcomeExitCode(result.outcomes.map((o) => o.status));
    reportRefusals(result.outcomes, REFUSED_HINT(plan.target));
    if (result.switchCommand.ran && !switchSucceeded(result.switchCommand)) {
      // The offsets moved but the clients were not switched: a partial failover.
      process.stderr.write(
        `error: the discovery switch command ${switchSummary(result.switchCommand)}: the groups' offsets moved to ${plan.target}, but clients may still point at ${plan.source}\nhint: run the switch by hand (its output is in the result and the journal), then check with drctl status\n`,
      );
      process.exitCode = ExitCode.partial;
    }
    return { plan, result };
  }
}

/** What to do about groups a failover refused. */
const REFUSED_HINT = (target: string): string => `stop the group's consumers on ${target} (it must be Empty there), then run the same command again`;

/** The gateway, or null when the cluster does not answer. */
async function reachable(gw: ClusterGateway): Promise<ClusterGateway | null> {
  try {
    await gw.describeCluster();
    return gw;
  } catch (e) {
    if (isUnreachable(e)) return null;
    throw e;
  }
}

/** The flags that make a plan, which a saved plan (--plan) already settled. */
const PLAN_MAKING_FLAGS = ['to', 'from', 'group', 'groups-regex', 'all-groups', 'planned', 'unplanned', 'fallback', 'skew-margin', 'wait-timeout'] as const;

function parseFallback(v: string, skew: string): Fallback {
  if (v === 'earliest' || v === 'latest') return { kind: v };
  if (v === 'checkpoint-time') return { kind: 'checkpoint-time', skewMs: parseDuration(skew, '--skew-margin') };
  if (v.startsWith('timestamp:')) return { kind: 'timestamp', timestamp: parseDateTime(v.slice('timestamp:'.length)) };
  throw usageError(`--fallback "${v}" is not checkpoint-time, earliest, latest or timestamp:<datetime>`, 'e.g. --fallback timestamp:2026-11-24T09:00:00Z');
}
