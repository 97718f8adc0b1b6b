/**
 * The incident mode's session: assess, choose (flow, groups, mode, fallback, reason), plan, confirm by typing the
 * target's name, execute with live progress, verify, offer the next step, write the postmortem. The failover itself
 * is the engine's (planFailover, checkDrift, executeFailover with a StepRunner); this file asks, renders and records.
 * Everything it shows and asks goes to stderr; the session file is saved at every answer and every step, so
 * `drctl incident --resume` finishes a session that was interrupted or whose process died.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DrctlConfig, FlowConfig } from '../../config/types.js';
import { resolveFlow } from '../../config/resolve-flow.js';
import { canaryRoundThrough } from '../../canary/canary-round.js';
import { DrctlError, ExitCode, isUnreachable, preconditionError, usageError } from '../../errors.js';
import type { Fallback, FailoverPlan } from '../../failover/failover-plan.js';
import { checkDrift, executeFailover, planFailover, type FailoverResult } from '../../failover/run-failover.js';
import { switchSucceeded, switchSummary } from '../../failover/switch-command.js';
import { assess, type FlowFacts } from '../../incident/assess.js';
import { failbackCommand, renderPostmortem } from '../../incident/postmortem.js';
import { describeRpo } from '../../incident/recommend.js';
import { firstBackupOf, incidentsDir, loadSession, newSession, newestResumable, resumable, saveSession, type FallbackChoice, type IncidentSession, type SessionVerification, type TimelineEntry } from '../../incident/session.js';
import type { ClusterGateway } from '../../kafka/gateway.js';
import { withGateways } from '../../kafka/open-gateways.js';
import { loadBackup } from '../../journal/journal.js';
import { replicationPolicyFor } from '../../mm2/replication-policy.js';
import { outcomeExitCode } from '../../offsets/execute-reset.js';
import { restoreBackup } from '../../offsets/run-restore.js';
import type { WorkflowEvent } from '../../workflow/events.js';
import { StepRunner } from '../../workflow/step-runner.js';
import { renderFailoverPlan, renderFailoverResult } from '../failover-render.js';
import { palette } from '../render.js';
import { renderOutcomes } from '../reset-render.js';
import { askText, chooseOne, chooseSome, PromptCancelled, type Choice } from './prompts.js';
import { groupChoiceName, progressLine, renderAssessment, renderResume, renderVerification } from './screens.js';

/** What the command gives the session. */
export interface IncidentOptions {
  config: DrctlConfig;
  /** --config / --mm2-config as given, repeated in the postmortem's commands. */
  configFlags: string[];
  timeoutMs: number;
  /** Planned: how long to wait for the drain and the mirror. */
  waitTimeoutMs: number;
  /** How long the canary round waits for its records on the target. */
  canaryTimeoutMs: number;
  /** Where to write the postmortem (default `<state dir>/incidents/<id>.md`). */
  postmortemFile?: string;
  /** Resume a session: `{}` for the newest unfinished one. */
  resume: { id?: string } | null;
  /** The Ctrl-C signal for planning and execution (a run stops at its next step boundary). */
  interruptSignal: () => AbortSignal;
  tool: { name: string; version: string };
}

/** How the session ended. */
export interface IncidentOutcome {
  session: IncidentSession;
  exitCode: number;
  postmortem: string | null;
}

/** Exit code of a session left at a question or by Ctrl-C (128 + SIGINT). */
export const EXIT_CANCELLED = 130;

/** The canary topic the incident mode's check uses (as drctl canary's default). */
const CANARY_TOPIC = 'drctl-canary';

/** Lines for the person: stderr (stdout only gets the postmortem's path). */
const say = (...lines: string[]): void => {
  process.stderr.write(`${(lines.length ? lines : ['']).join('\n')}\n`);
};

/** The session and its bookkeeping: every change is saved at once. */
class Recorder {
  constructor(
    readonly s: IncidentSession,
    private readonly stateDir: string,
  ) {
    this.save();
  }

  save(): void {
    saveSession(this.stateDir, this.s);
  }

  /** Add a timeline row that started at `startMs` (its duration up to now unless `ms` is given). */
  record(type: TimelineEntry['type'], event: string, startMs: number, ms: number | null = Date.now() - startMs): void {
    this.s.timeline.push({ at: new Date(startMs).toISOString(), type, event, ms });
    this.save();
  }

  /** Ask a question, timing the operator's answer into the timeline. */
  async choice<T>(what: string, ask: () => Promise<T>, shown: (v: T) => string): Promise<T> {
    const t0 = Date.now();
    const v = await ask();
    this.record('choice', `${what}: ${shown(v)}`, t0);
    return v;
  }

  /** The runner's events: shown as they come, each ended step in the timeline. */
  onEvent = (e: WorkflowEvent): void => {
    say(progressLine(e));
    // The check after the failover is not part of its RTO: its steps have their own type.
    const type = e.step.startsWith('verify:') ? 'verify' : 'step';
    if (e.type === 'step-done') this.record(type, `${e.step}: ${e.status}${e.detail ? ` (${e.detail})` : ''}`, Date.now() - e.ms, e.ms);
    if (e.type === 'step-failed') this.record(type, `${e.step}: failed (${e.error})`, Date.now() - e.ms, e.ms);
  };
}

/** Run a session (a new one, or a resumed one). */
export async function runIncident(o: IncidentOptions): Promise<IncidentOutcome> {
  const stateDir = o.config.stateDir;
  if (o.resume) return resume(o, o.resume.id);
  const rec = new Recorder(newSession(o.configFlags), stateDir);
  say(palette.bold(`drctl incident ${rec.s.id}: a guided failover`));
  say(palette.dim("Nothing changes until you type the target cluster's name to confirm. Ctrl-C or Escape at a question cancels."));
  try {
    const flow = await choose(o, rec);
    return await planAndExecute(o, rec, flow, true);
  } catch (e) {
    if (rec.s.status !== 'choosing') throw e; // recorded where it happened
    if (e instanceof PromptCancelled) return cancelled(rec, e.message);
    return failed(rec, e);
  }
}

/** Assess, then ask for the flow, the groups, the mode, the fallback and the reason. */
async function choose(o: IncidentOptions, rec: Recorder): Promise<FlowConfig> {
  const { config } = o;
  say(palette.dim('assessing the clusters, the flows, the data at risk and the consumer groups ...'));
  const t0 = Date.now();
  const a = await withGateways(config, Object.keys(config.clusters), o.timeoutMs, (gws) => assess(config, gws, o.timeoutMs));
  rec.record('assessment', a.flows.map((f) => `${f.flow}: ${f.recommendation.headline}`).join('; ') || 'no flows configured', t0);
  say(renderAssessment(a));
  say();
  if (a.flows.length === 0) throw usageError('no flows are configured', 'add flows to drctl.yaml or pass --mm2-config');

  const flowChoices: Choice<string>[] = a.flows.map((f) => ({ name: `${f.flow}  (${f.recommendation.headline})`, value: f.flow, disabled: f.targetReachable ? false : `${f.target} is unreachable` }));
  if (flowChoices.every((c) => c.disabled))
    throw new DrctlError('DRCTL_UNREACHABLE', `no flow can fail over: ${a.flows.map((f) => f.target).join(', ')} unreachable`, { hint: 'a failover commits offsets on the target, which must answer; check the network and drctl status' });
  const flowName = await rec.choice(
    'flow',
    () => chooseOne('Which flow fails over?', flowChoices, flowChoices.find((c) => !c.disabled)!.value),
    (v) => v,
  );
  const f = a.flows.find((x) => x.flow === flowName)!;
  rec.s.choices.flow = f.flow;
  rec.s.assessment = { sourceReachable: f.sourceReachable, heartbeatAgeSeconds: f.heartbeatAgeSeconds, rpoRecords: f.rpoRecords, rpoSeconds: f.rpoSeconds, recommendation: f.recommendation };
  rec.save();

  if (f.groups.length === 0) throw usageError(`no consumer groups to move on ${f.flow}`, `groups show up once they commit offsets on ${f.source} for a mirrored topic (or MM2 checkpoints them when ${f.source} is down)`);
  if (f.groups.every((g) => g.blocked))
    throw preconditionError('DRCTL_GROUP_ACTIVE', `every group is active on ${f.target}: ${f.groups.map((g) => `${g.group} (${g.blocked})`).join('; ')}`, `stop their consumers on ${f.target} (they must be Empty there), then run drctl incident again`);
  rec.s.choices.groups = await rec.choice(
    'groups',
    () =>
      chooseSome(
        `Which groups move to ${f.target}? (Space selects, Enter confirms)`,
        f.groups.map((g) => ({ name: groupChoiceName(g, f), value: g.group, disabled: g.blocked ?? false })),
      ),
    (v) => v.join(', '),
  );
  rec.save();

  rec.s.choices.mode = await chooseMode(rec, f);
  rec.save();
  if (rec.s.choices.mode === 'unplanned') {
    rec.s.choices.fallback = await rec.choice(
      'fallback for partitions MM2 never checkpointed',
      () =>
        chooseOne<FallbackChoice>(
          'Where do partitions without a checkpoint resume?',
          [
            { name: "checkpoint-time: the group's last checkpoint time minus 60 s (re-reads a little)", value: 'checkpoint-time' },
            { name: 'earliest: the log start (re-reads everything the target holds)', value: 'earliest' },
            { name: 'latest: the log end (skips what the target holds: more loss)', value: 'latest' },
          ],
          'checkpoint-time',
        ),
      (v) => v,
    );
    rec.save();
  }
  rec.s.choices.reason = await rec.choice(
    'reason',
    () => askText('Reason (journaled; e.g. the incident id):', (v) => (v.trim() ? true : 'a reason is required: the incident id or a few words')),
    (v) => v.trim(),
  );
  rec.s.choices.reason = rec.s.choices.reason.trim();
  rec.save();
  return config.flows.find((x) => `${x.source}->${x.target}` === f.flow)!;
}

/** Planned when the source answers; unplanned only by choosing it, with the data loss named in the choice itself. */
async function chooseMode(rec: Recorder, f: FlowFacts): Promise<'planned' | 'unplanned'> {
  const nothing = f.rpoRecords === 0n;
  const loss = nothing ? `nothing measured now (${f.target} has every record)` : `up to ${describeRpo(f.rpoRecords, f.rpoSeconds)} not on ${f.target}`;
  const choices: Choice<'planned' | 'unplanned' | 'stop'>[] = [
    {
      name: 'planned: drain, wait for the mirror, move exactly (no loss, no duplicates)',
      value: 'planned',
      disabled: f.sourceReachable ? false : `${f.source} does not answer`,
      description: `waits until the groups are stopped on ${f.source} and ${f.target} has every record`,
    },
    { name: `UNPLANNED: from MM2's checkpoints, DATA LOSS: ${loss}`, value: 'unplanned', description: `records ${f.target} has not copied are lost to these groups, and they re-read what they processed after MM2's last checkpoint` },
    { name: 'stop here: change nothing', value: 'stop' },
  ];
  const mode = await rec.choice(
    'mode',
    () => chooseOne(`How? (${f.recommendation.headline})`, choices, f.recommendation.kind === 'planned' ? 'planned' : 'stop'),
    (v) => v,
  );
  if (mode === 'stop') throw new PromptCancelled('stop here');
  if (mode === 'unplanned') say(palette.warn(`unplanned failover chosen: data loss ${loss}; records ${f.target} has not copied are lost to the chosen groups`));
  return mode;
}

const fallbackOf = (c: FallbackChoice | null): Fallback => (c === 'earliest' || c === 'latest' ? { kind: c } : { kind: 'checkpoint-time', skewMs: 60_000 });

/** The configured flow a session names (or one with MM2's defaults, as drctl failover --from --to takes it). */
function flowOf(config: DrctlConfig, name: string): FlowConfig {
  const [source, target] = name.split('->');
  return config.flows.find((f) => f.source === source && f.target === target) ?? resolveFlow(config, source, target);
}

/**
 * Plan with the session's choices, confirm (a new session: type the target's name; a resumed one confirmed before
 * re-planning), execute, verify, ask what next, and write the postmortem.
 */
async function planAndExecute(o: IncidentOptions, rec: Recorder, flow: FlowConfig, confirmAfterPlan: boolean): Promise<IncidentOutcome> {
  const { config } = o;
  const c = rec.s.choices;
  const signal = o.interruptSignal();
  const runner = new StepRunner({ signal, onEvent: rec.onEvent });
  say('', palette.bold('Plan'));
  const t0 = Date.now();
  let plan: FailoverPlan;
  try {
    plan = await withGateways(config, [flow.source, flow.target], o.timeoutMs, (gws) =>
      planFailover(config, { flow, groups: c.groups!, allGroups: false, mode: c.mode!, fallback: fallbackOf(c.fallback), timeoutMs: o.timeoutMs, waitTimeoutMs: o.waitTimeoutMs }, gws[flow.source], gws[flow.target], runner),
    );
  } catch (e) {
    // Planning only reads: Ctrl-C while it waits (drain, catch-up) changes nothing.
    if (signal.aborted) return cancelled(rec, 'Ctrl-C while planning', !confirmAfterPlan);
    return failed(rec, e);
  }
  rec.s.plan = plan;
  rec.record('plan', `${plan.mode} failover ${plan.flow}: ${plan.groups.filter((g) => g.status === 'planned').length} group(s), ${plan.groups.reduce((n, g) => n + g.partitions.length, 0)} partition(s)`, t0);
  say(renderFailoverPlan(plan));
  say();
  if (!plan.groups.some((g) => g.status === 'planned' && g.partitions.length > 0)) {
    return failed(rec, preconditionError('DRCTL_PRECONDITION', 'nothing to move: every chosen group was refused or has no partitions to move', `see the plan above; stop the groups' consumers on ${plan.target}, then drctl incident --resume ${rec.s.id}`));
  }
  if (confirmAfterPlan) {
    const t1 = Date.now();
    const typed = (await askText(`Type ${plan.target} to commit these offsets on ${plan.target} (anything else cancels):`)).trim();
    if (typed !== plan.target) return cancelled(rec, `typed "${typed}", not ${plan.target}`);
    rec.s.status = 'confirmed';
    rec.record('confirm', `confirmed by typing ${plan.target}`, t1);
  }
  return execute(o, rec, plan, runner, signal);
}

async function execute(o: IncidentOptions, rec: Recorder, plan: FailoverPlan, runner: StepRunner, signal: AbortSignal): Promise<IncidentOutcome> {
  const { config } = o;
  rec.s.status = 'executing';
  rec.save();
  say('', palette.bold('Execute'));
  let result: FailoverResult;
  let verification: SessionVerification;
  try {
    [result, verification] = await withGateways(config, [plan.source, plan.target], o.timeoutMs, async (gws) => {
      await checkDrift(plan, gws[plan.target]);
      const r = await executeFailover(plan, gws[plan.target], config, rec.s.choices.reason, runner, Date.parse(rec.s.startedAt), { incident: rec.s.id }, gws[plan.source]);
      rec.s.result = {
        backupId: firstBackupOf(config.stateDir, rec.s) ?? r.backupId,
        outcomes: r.outcomes.map((x) => ({ group: x.group, status: x.status, reason: x.reason })),
        rtoMs: r.rto.totalMs,
        switchCommand: r.switchCommand.ran ? switchSummary(r.switchCommand) : null,
      };
      rec.s.status = 'executed';
      rec.save();
      say(renderFailoverResult(r));
      const undoPoint = rec.s.result.backupId;
      if (undoPoint && r.backupId && undoPoint !== r.backupId) say(palette.warn(`this session first committed in an earlier run: its undo is drctl offsets restore --backup ${undoPoint} --execute (backup ${r.backupId} holds the offsets that run committed)`));
      say('', palette.bold('Verify'));
      return [r, await verify(o, plan, gws[plan.source], gws[plan.target], runner)] as const;
    });
  } catch (e) {
    if (signal.aborted && e instanceof DrctlError && e.code === 'DRCTL_CANCELLED') {
      rec.s.status = 'interrupted';
      rec.record('interrupt', `Ctrl-C: ${e.message}`, Date.now(), null);
      say(palette.warn(`interrupted: ${e.message}`));
      say(`the session is saved; finish it with: drctl incident --resume ${rec.s.id}${o.configFlags.length ? ` ${o.configFlags.join(' ')}` : ''}`);
      return { session: rec.s, exitCode: EXIT_CANCELLED, postmortem: null };
    }
    return failed(rec, e);
  }
  rec.s.verification = verification;
  rec.save();
  say(renderVerification(verification, plan.target));

  let exitCode: number = outcomeExitCode(result.outcomes.map((x) => x.status));
  if (result.switchCommand.ran && !switchSucceeded(result.switchCommand)) {
    say(palette.bad(`the discovery switch command ${switchSummary(result.switchCommand)}: the offsets moved to ${plan.target}, but clients may still point at ${plan.source}; run the switch by hand`));
    exitCode = ExitCode.partial;
  }
  const verified = verification.offsets.every((x) => x.actual === x.planned) && verification.canary?.ok !== false;
  if (!verified && exitCode === ExitCode.ok) exitCode = ExitCode.checkFailed;

  const next = await nextStep(o, rec, plan);
  return finish(o, rec, next === 'cancelled' ? EXIT_CANCELLED : exitCode);
}

/** The groups' offsets read back from the target beside the plan's, and a canary round when the source answers. */
async function verify(o: IncidentOptions, plan: FailoverPlan, source: ClusterGateway, target: ClusterGateway, runner: StepRunner): Promise<SessionVerification> {
  const planned = plan.groups.filter((g) => g.status === 'planned');
  const offsets = await runner.timed(
    `verify: offsets on ${plan.target}`,
    async () => {
      const rows: SessionVerification['offsets'] = [];
      for (const g of planned) {
        const now = new Map((await target.committedOffsets(g.group)).map((x) => [`${x.topic}:${x.partition}`, x.offset]));
        for (const p of g.partitions) rows.push({ group: g.group, topic: p.topic, partition: p.partition, planned: p.newOffset, actual: now.get(`${p.topic}:${p.partition}`) ?? null });
      }
      return rows;
    },
    (rows) => `${rows.filter((r) => r.actual === r.planned).length}/${rows.length} partition(s) at the planned offset`,
  );
  const remote = replicationPolicyFor(o.config.replicationPolicy, plan.source).formatRemoteTopic(plan.source, CANARY_TOPIC);
  const canary = await runner.timed(
    `verify: canary ${plan.flow}`,
    async () => {
      try {
        const s = await canaryRoundThrough(source, target, plan.flow, CANARY_TOPIC, remote, o.canaryTimeoutMs);
        const all = s.rows.find((r) => r.partition === 'all');
        return { ok: s.ok, detail: `${all?.received ?? 0}/${all?.sent ?? 0} record(s) seen on ${plan.target} in ${all?.max?.toFixed(3) ?? '-'} s${s.problems.length ? `; ${s.problems.join('; ')}` : ''}` };
      } catch (e) {
        if (isUnreachable(e)) return null;
        throw e;
      }
    },
    (r) => (r ? r.detail : `${plan.source} does not answer: no canary`),
  );
  return { offsets, canary };
}

/** "done", "undo now" (the restore code path), or the failback command for later. */
async function nextStep(o: IncidentOptions, rec: Recorder, plan: FailoverPlan): Promise<'ok' | 'cancelled'> {
  const backupId = rec.s.result?.backupId ?? null;
  const undo = `drctl offsets restore --backup ${backupId} --execute`;
  const failback = `drctl ${failbackCommand(plan.source, plan.target, rec.s.id)}`;
  say();
  let choice: 'done' | 'undo' | 'failback-later';
  try {
    choice = await rec.choice(
      'next step',
      () =>
        chooseOne<'done' | 'undo' | 'failback-later'>(
          'What next?',
          [
            { name: 'done: leave the groups on ' + plan.target, value: 'done' },
            { name: `undo now: put back the offsets the failover replaced on ${plan.target}`, value: 'undo', disabled: backupId ? false : 'nothing was committed', description: `runs ${undo}` },
            { name: `failback later: print the command to make ${plan.source} a clean DR copy once it is back`, value: 'failback-later' },
          ],
          'done',
        ),
      (v) => v,
    );
  } catch (e) {
    if (!(e instanceof PromptCancelled)) throw e;
    rec.s.next = { choice: 'done', detail: `left at the last question (${e.message}); the failover stands${backupId ? `; undo: ${undo}` : ''}` };
    say(palette.warn(`left as it is: the failover stands${backupId ? ` (undo: ${undo})` : ''}`));
    return 'cancelled';
  }
  if (choice === 'undo') {
    const t0 = Date.now();
    const r = await withGateways(o.config, [plan.target], o.timeoutMs, (gws) => restoreBackup(gws[plan.target], plan.target, loadBackup(o.config.stateDir, backupId!), o.config.stateDir, true, `undo ${rec.s.choices.reason}`));
    say(renderOutcomes(r.result?.outcomes ?? [], r.result?.backupId ?? null));
    const ok = (r.result?.outcomes ?? []).every((x) => x.status === 'ok');
    rec.s.next = { choice, detail: `${undo}: ${ok ? 'restored' : 'not every group restored'}${r.result?.backupId ? ` (the failover's offsets saved as ${r.result.backupId})` : ''}` };
    rec.record('next', rec.s.next.detail, t0);
  } else if (choice === 'failback-later') {
    rec.s.next = { choice, detail: `when ${plan.source} is back: ${failback} (a dry run; add --execute)` };
    say(`When ${plan.source} is back, plan the failback (a dry run; add --execute to run it):`, `  ${failback}`);
  } else rec.s.next = { choice, detail: `the groups stay on ${plan.target}` };
  rec.save();
  return 'ok';
}

/** End the session: write the postmortem, print where it is. */
function finish(o: IncidentOptions, rec: Recorder, exitCode: number): IncidentOutcome {
  rec.s.status = 'done';
  rec.s.endedAt = new Date().toISOString();
  const file = o.postmortemFile ?? join(incidentsDir(o.config.stateDir), `${rec.s.id}.md`);
  rec.s.postmortem = file;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderPostmortem(rec.s, o.tool));
  rec.save();
  return { session: rec.s, exitCode, postmortem: file };
}

/**
 * Left at a question (or Ctrl-C while planning): nothing changed. A new session ends there; a resumed one stays
 * resumable (`keepOpen`), since it was confirmed once already.
 */
function cancelled(rec: Recorder, how: string, keepOpen = false): IncidentOutcome {
  rec.record('cancel', `cancelled (${how}): nothing was changed`, Date.now(), null);
  if (!keepOpen) {
    rec.s.status = 'cancelled';
    rec.s.endedAt = new Date().toISOString();
    rec.save();
  }
  say(palette.warn('cancelled: nothing was changed'));
  return { session: rec.s, exitCode: EXIT_CANCELLED, postmortem: null };
}

/**
 * A failure, recorded; the error goes on to the command's boundary (its message, hint and exit code). A session
 * whose choices are complete stays resumable (same choices, a new plan); one that failed before that has ended.
 */
function failed(rec: Recorder, e: unknown): never {
  rec.s.status = 'failed';
  rec.s.error = e instanceof Error ? e.message : String(e);
  if (!resumable(rec.s)) rec.s.endedAt = new Date().toISOString();
  rec.record('error', rec.s.error, Date.now(), null);
  if (resumable(rec.s)) say(palette.dim(`the session is saved: drctl incident --resume ${rec.s.id} tries again with the same choices`));
  throw e;
}

/** Resume a session: show its choices, confirm by typing the target's name, re-plan, execute, verify, finish. */
async function resume(o: IncidentOptions, id: string | undefined): Promise<IncidentOutcome> {
  const stateDir = o.config.stateDir;
  const s = id ? loadSession(stateDir, id) : newestResumable(stateDir);
  if (!s) throw usageError('no unfinished incident session to resume', 'start one with drctl incident');
  if (!resumable(s)) throw usageError(`incident session ${s.id} cannot be resumed: ${s.endedAt ? `it ended (${s.status})` : 'its choices are not complete'}`, 'start a new session with drctl incident');
  const rec = new Recorder(s, stateDir);
  say(renderResume(s));
  say();
  const flow = flowOf(o.config, s.choices.flow!);
  const t0 = Date.now();
  try {
    const typed = (await askText(`Type ${flow.target} to re-plan with these choices and finish the failover on ${flow.target} (anything else cancels):`)).trim();
    if (typed !== flow.target) return cancelled(rec, `typed "${typed}", not ${flow.target}`, true);
  } catch (e) {
    if (e instanceof PromptCancelled) return cancelled(rec, e.message, true);
    throw e;
  }
  s.status = 'confirmed';
  s.error = null;
  rec.record('resume', `resumed by typing ${flow.target} (groups already moved stay where they are)`, t0);
  return planAndExecute(o, rec, flow, false);
}
