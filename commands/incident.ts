import { Args, Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { incidentGuard } from '../src/cli/incident/guard.js';
import { runIncident } from '../src/cli/incident/run-session.js';
import { usageError } from '../src/errors.js';
import { parseTimerDuration } from '../src/time/duration.js';

/** `drctl incident`: a guided failover over the same engine as `drctl failover`. */
export default class Incident extends BaseCommand {
  static override summary = 'A guided failover for a person in an incident: assess, choose, plan, confirm, execute, verify, write the postmortem.';
  static override description = `For a person at a terminal during an incident. It assesses the clusters (reachable, id), the flows (MM2 heartbeat age, the data at risk now) and the consumer groups (lag, expected duplicates, state on both clusters), and recommends a planned switchover (no data loss), an unplanned failover (naming the data at risk) or fixing MirrorMaker 2 first. Then it asks for the flow, the groups, the mode (unplanned only by choosing it, with the loss shown), the fallback for untranslated partitions (unplanned) and a reason; shows the plan (drctl failover's planner); and commits only after you type the target cluster's name. It executes with live step progress, checks the groups' offsets on the target and runs a canary round through the flow, offers to undo at once or prints the failback command for later, and writes a postmortem (markdown: timeline, RPO and RTO, the plan, the outcome, and the drctl commands that repeat it without prompts).
Ctrl-C, Escape or Ctrl-D at any question changes nothing (exit 130). During execution Ctrl-C stops at the next step boundary; the session is saved at every answer and step in <state dir>/incidents/<id>.json, and --resume finishes it (re-planning with the same choices: groups already moved stay where they are).
It needs a terminal: without a TTY on stdin and stderr, or with --json, it exits 2 and names the commands to run instead (drctl status, drctl failover ... --yes).

Exit codes: ${EXIT_CODES_HELP} · 130 cancelled or interrupted

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Start a guided failover', command: '<%= config.bin %> incident' },
    { description: 'Finish the newest session that was interrupted (Ctrl-C, a dropped connection)', command: '<%= config.bin %> incident --resume' },
    { description: 'Finish a given session', command: '<%= config.bin %> incident --resume 20261124-101500-a1b2' },
    { description: 'Write the postmortem where the team keeps them', command: '<%= config.bin %> incident --postmortem ./postmortems/INC-42.md' },
  ];
  static override args = {
    id: Args.string({ description: 'with --resume: the session to resume (default: the newest unfinished one)' }),
  };
  static override flags = {
    // oclif's own --json flag, described as what it does here.
    json: Flags.boolean({ description: 'refused (exit 2): the incident mode has no JSON output; use drctl status --json and drctl failover --json', helpGroup: 'GLOBAL' }),
    resume: Flags.boolean({ description: 'finish an interrupted session: show its choices, confirm, re-plan, execute, verify' }),
    postmortem: Flags.string({ description: 'write the postmortem here (default: <state dir>/incidents/<id>.md)' }),
    'wait-timeout': Flags.string({ description: 'planned: how long to wait for the drain and the mirror', default: '2m' }),
    'canary-timeout': Flags.string({ description: 'how long the check waits for its canary records on the target', default: '30s' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Incident);
    const refused = incidentGuard({ stdinTTY: Boolean(process.stdin.isTTY), stderrTTY: Boolean(process.stderr.isTTY), json: this.jsonEnabled() });
    if (refused) throw refused;
    if (args.id && !flags.resume) throw usageError(`unexpected argument "${args.id}"`, 'a session id goes with --resume: drctl incident --resume ID');
    const waitTimeoutMs = parseTimerDuration(flags['wait-timeout'], '--wait-timeout');
    const canaryTimeoutMs = parseTimerDuration(flags['canary-timeout'], '--canary-timeout');
    const config = this.loadDrctlConfig(flags, { writesState: true });
    const configFlags = [...(flags.config ? ['--config', flags.config] : []), ...(flags['mm2-config'] ? ['--mm2-config', flags['mm2-config']] : [])];
    const outcome = await runIncident({
      config,
      configFlags,
      timeoutMs: this.timeoutMs(flags),
      waitTimeoutMs,
      canaryTimeoutMs,
      postmortemFile: flags.postmortem,
      resume: flags.resume ? { id: args.id } : null,
      interruptSignal: () => this.interruptSignal(),
      tool: { name: this.config.name, version: this.config.version },
    });
    if (outcome.postmortem) this.log(`postmortem: ${outcome.postmortem}`);
    process.exitCode = outcome.exitCode;
  }
}
