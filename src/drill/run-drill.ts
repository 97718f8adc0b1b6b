/**
 * `drctl drill`: a DR drill on any configured flow, with its own topic and group, so it touches nothing of the
 * operator's. Steps (each named, timed, journaled):
 *   create the drill topic -> write traffic -> "consume" part of it (the drill group commits, as an application
 *   that processed those records would; no group is joined) -> wait until MM2 has created and filled the remote
 *   topic -> planned failover of the drill group (the same planner and executor as `drctl failover`) -> verify on
 *   the target, record by record, that the group resumes exactly at the first record it had not processed ->
 *   with --failback, move the group back to the source and check it is where it left -> clean up (drill topics on
 *   both clusters, the drill group on both).
 * The failover is journaled as a failover (tagged with the drill's id), so `report rto` counts drills.
 */
import { randomBytes } from 'node:crypto';
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { DrctlError, preconditionError } from '../errors.js';
import type { ClusterGateway, TopicPartition } from '../kafka/gateway.js';
import { readRange } from '../kafka/read-range.js';
import { appendJournal } from '../journal/journal.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { executeFailover, planFailover, type FailoverResult } from '../failover/run-failover.js';
import { executeOffsetPlan } from '../offsets/execute-reset.js';
import { flowMirrorsGroup, flowMirrorsTopic } from '../translate/gather-inputs.js';
import type { EventSink } from '../workflow/events.js';
import { StepRunner, type StepJournalEntry, type StepRecord } from '../workflow/step-runner.js';

/** What the operator asked for. */
export interface DrillRequest {
  flow: FlowConfig;
  /** Records written to the drill topic, spread over its partitions. */
  records: number;
  partitions: number;
  /** Share of each partition the drill group has processed before the failover (0..1). */
  consumedShare: number;
  /** How long to wait for MM2 to mirror the new topic (its refresh.topics.interval.seconds is 600 by default). */
  mirrorTimeoutMs: number;
  /** How long the failover may wait for the mirror to catch up. */
  waitTimeoutMs: number;
  timeoutMs: number;
  /** Keep the drill topics and group afterwards (to look at them). */
  keep: boolean;
  /** After the check on the target, move the drill group back to the source and check it there too. */
  failback: boolean;
  reason: string | null;
}

/** Per partition, what the verification found. */
export interface DrillPartitionCheck {
  partition: number;
  /** Where the group stood on the source, and where the failover put it on the target. */
  sourceOffset: bigint;
  targetOffset: bigint;
  /** Records the group had yet to process, and what the target delivers from its new offset. */
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
}

/** The drill report (also the `--json` result). */
export interface DrillReport {
  runId: string;
  flow: string;
  topic: string;
  remoteTopic: string;
  group: string;
  passed: boolean;
  /** Why it failed, when it did. */
  problems: string[];
  checks: DrillPartitionCheck[];
  /** Records the target did not have when the failover was planned (a planned failover waits for 0). */
  rpoRecords: bigint | null;
  failover: FailoverResult | null;
  /** With --failback: the group moved back to the source, its steps, and the check there (null: not asked). */
  failback: DrillFailback | null;
  /** Every step of the drill with its time; rtoMs is the failover's own (what `report rto` counts). */
  steps: StepRecord[];
  rtoMs: number | null;
  totalMs: number;
  cleanedUp: boolean;
}

/** The drill group's way back to the source after the failover. */
export interface DrillFailback {
  /** Per partition: where the group stood on the target, and the source offset of the same next record. */
  partitions: { partition: number; targetOffset: bigint; sourceOffset: bigint }[];
  /** Whether the group is back at exactly the offsets it had on the source before the failover (the source's log
   * did not change, so those are the same next records). */
  passed: boolean;
  backupId: string | null;
  steps: StepRecord[];
  totalMs: number;
}

/** The runtime parts: events for the front end, and the signal that stops the drill at a step boundary. */
export interface DrillExecution {
  onEvent?: EventSink;
  signal?: AbortSignal;
}

const valueOf = (run: string, i: number): string => JSON.stringify({ drill: run, i });

/** Run a drill on `flow` between `source` and `target`. */
export async function runDrill(config: DrctlConfig, req: DrillRequest, source: ClusterGateway, target: ClusterGateway, x: DrillExecution = {}): Promise<DrillReport> {
  const t0 = Date.now();
  const stamp = new Date(t0).toISOString().replace(/[-:]/g, '');
  const runId = `${stamp.slice(0, 8)}-${stamp.slice(9, 15)}-${randomBytes(3).toString('hex')}`;
  const flow = `${req.flow.source}->${req.flow.target}`;
  const policy = replicationPolicyFor(config.replicationPolicy, req.flow.source);
  const topic = `drctl-drill-${runId}`;
  const remoteTopic = policy.formatRemoteTopic(req.flow.source, topic);
  const group = `drctl-drill-${runId}`;
  if (!flowMirrorsTopic(req.flow, topic)) throw preconditionError('DRCTL_PRECONDITION', `the flow ${flow} does not mirror the drill topic ${topic} (its topics filter)`, 'add "drctl-drill-.*" to the flow\'s topics in drctl.yaml and to MM2\'s topics');
  if (!flowMirrorsGroup(req.flow, group)) throw preconditionError('DRCTL_PRECONDITION', `the flow ${flow} does not mirror the drill group ${group} (its groups filter)`, 'add "drctl-drill-.*" to the flow\'s groups in drctl.yaml and to MM2\'s groups');

  const journal = (entry: StepJournalEntry) => appendJournal(config.stateDir, { type: 'step', command: 'drill', reason: req.reason, runId, flow, ...entry });
  const runner = new StepRunner({ journal, signal: x.signal, onEvent: x.onEvent });
  const report: DrillReport = { runId, flow, topic, remoteTopic, group, passed: false, problems: [], checks: [], rpoRecords: null, failover: null, failback: null, steps: [], rtoMs: null, totalMs: 0, cleanedUp: false };
  const tps: TopicPartition[] = Array.from({ length: req.partitions }, (_, partition) => ({ topic, partition }));
  const committedOnSource = new Map<number, bigint>();

  try {
    await runner.run(`create ${topic} on ${req.flow.source}`, async () => {
      const created = await source.createTopic(topic, req.partitions);
      return { status: created ? 'done' : 'already done', detail: `${req.partitions} partition(s)` };
    });
    await runner.run('write traffic', async () => {
      await source.produce(
        topic,
        Array.from({ length: req.records }, (_, i) => ({ key: `drill-${i}`, value: valueOf(runId, i), partition: i % req.partitions })),
      );
      return { status: 'done', detail: `${req.records} record(s) on ${req.flow.source}` };
    });
    await runner.run('process part of it on the source', async () => {
      const ends = await source.listOffsets(tps, 'latest');
      const offsets = ends.map((e) => ({ topic, partition: e.partition, offset: BigInt(Math.floor(Number(e.offset ?? 0n) * req.consumedShare)) }));
      // As an application that processed these records would: the drill group commits (admin-style, no member).
      await source.commitOffsets(group, offsets);
      for (const o of offsets) committedOnSource.set(o.partition, o.offset);
      const n = offsets.reduce((a, o) => a + o.offset, 0n);
      return { status: 'done', detail: `${group} committed ${n} of ${req.records} record(s)` };
    });
    await runner.run(`wait: MM2 mirrors ${remoteTopic} to ${req.flow.target}`, async (ctx) => {
      const ends = new Map((await source.listOffsets(tps, 'latest')).map((e) => [e.partition, e.offset ?? 0n]));
      const deadline = Date.now() + req.mirrorTimeoutMs;
      let said = '';
      const say = (m: string) => m !== said && ctx.progress((said = m));
      for (;;) {
        const exists = (await target.listTopics()).find((t) => t.name === remoteTopic);
        if (exists && exists.partitions >= req.partitions) {
          const copied = await target.listOffsets(
            tps.map((tp) => ({ topic: remoteTopic, partition: tp.partition })),
            'latest',
          );
          if (copied.every((c) => (c.offset ?? 0n) >= ends.get(c.partition)!)) return { status: 'done', detail: `${remoteTopic} holds all ${req.records} record(s)` };
          say(`waiting: ${remoteTopic} holds ${copied.reduce((a, c) => a + (c.offset ?? 0n), 0n)} of ${req.records}`);
        } else say(`waiting: ${remoteTopic} not created on ${req.flow.target} yet (MM2 looks for new topics every refresh.topics.interval.seconds)`);
        if (Date.now() > deadline)
          throw new DrctlError('DRCTL_WAIT_TIMEOUT', `MM2 did not mirror ${topic} to ${req.flow.target} within ${Math.round(req.mirrorTimeoutMs / 1000)} s`, {
            hint: 'check MM2 (drctl status), or raise --mirror-timeout (MM2 finds new topics every refresh.topics.interval.seconds, 600 by default)',
          });
        if (ctx.signal?.aborted) throw new DrctlError('DRCTL_CANCELLED', `cancelled while waiting for MM2 to mirror ${topic}`, { hint: 'run drctl drill again (a new drill); the topic of this one is left on the source' });
        await new Promise((r) => setTimeout(r, 500));
      }
    });

    // The failover itself: the same planner and executor as `drctl failover`, in a runner of its own so that its
    // steps are the RTO; the drill's runner times it as one step.
    const failoverRunner = new StepRunner({ signal: x.signal, onEvent: (e) => e.type === 'step-progress' && x.onEvent?.(e) });
    report.failover = (await runner.run(`failover ${group} to ${req.flow.target} (planned)`, async () => {
      const startedAt = Date.now();
      const plan = await planFailover(config, { flow: req.flow, groups: [group], allGroups: false, mode: 'planned', fallback: { kind: 'earliest' }, timeoutMs: req.timeoutMs, waitTimeoutMs: req.waitTimeoutMs }, source, target, failoverRunner);
      const refused = plan.groups.filter((g) => g.status !== 'planned');
      if (refused.length) throw preconditionError('DRCTL_PRECONDITION', `the drill's failover was refused: ${refused.map((g) => g.reason).join('; ')}`);
      const result = await executeFailover(plan, target, config, req.reason ?? `drill ${runId}`, failoverRunner, startedAt, { drill: runId });
      return { status: 'done', detail: `${result.outcomes.map((o) => `${o.group} ${o.status}`).join(', ')}; RTO ${(result.rto.totalMs / 1000).toFixed(2)} s`, value: result };
    }))!;
    report.rtoMs = report.failover.rto.totalMs;
    const rpo = report.failover.rpo.map((r) => r.records);
    report.rpoRecords = rpo.some((r) => r === null) ? null : rpo.reduce<bigint>((a, r) => a + r!, 0n);

    await runner.run(`verify on ${req.flow.target}, record by record`, async () => {
      const onTarget = new Map((await target.committedOffsets(group)).filter((o) => o.topic === remoteTopic).map((o) => [o.partition, o.offset]));
      for (const tp of tps) {
        const expected: string[] = [];
        for await (const r of readRange(source, tp, committedOnSource.get(tp.partition) ?? 0n)) expected.push(r.value?.toString() ?? '');
        const targetOffset = onTarget.get(tp.partition);
        const delivered: string[] = [];
        if (targetOffset !== undefined) for await (const r of readRange(target, { topic: remoteTopic, partition: tp.partition }, targetOffset)) delivered.push(r.value?.toString() ?? '');
        const want = new Set(expected);
        const missing = expected.filter((v) => !delivered.includes(v)).length;
        const duplicates = delivered.filter((v) => !want.has(v)).length;
        report.checks.push({ partition: tp.partition, sourceOffset: committedOnSource.get(tp.partition) ?? 0n, targetOffset: targetOffset ?? -1n, expected: expected.length, delivered: delivered.length, missing, duplicates });
        if (targetOffset === undefined) report.problems.push(`${remoteTopic}-${tp.partition}: the group has no offset on ${req.flow.target}`);
        else if (missing || duplicates || delivered.join('\n') !== expected.join('\n')) report.problems.push(`${remoteTopic}-${tp.partition}: ${missing} missing, ${duplicates} delivered again${!missing && !duplicates ? ', out of order' : ''}`);
      }
      report.passed = report.problems.length === 0;
      const expected = report.checks.reduce((a, c) => a + c.expected, 0);
      return { status: 'done', detail: report.passed ? `all ${expected} unprocessed record(s) resume on ${req.flow.target}: none missing, none again` : report.problems.join('; '), audit: { checks: report.checks } };
    });
    if (req.failback && report.passed) {
      report.failback = await failBack(runner, x, config, req, source, target, { runId, topic, remoteTopic, group, tps, committedOnSource });
      if (!report.failback.passed) report.problems.push(`failback: ${group} is not back on ${req.flow.source} at the offsets it left`);
      report.passed = report.problems.length === 0;
    }
  } finally {
    if (!req.keep) report.cleanedUp = await cleanUp(runner, source, target, topic, remoteTopic, group, req.flow);
    report.steps = runner.steps;
    report.totalMs = Date.now() - t0;
    appendJournal(config.stateDir, {
      type: 'run-summary',
      command: 'drill',
      reason: req.reason,
      runId,
      flow,
      step: 'report',
      status: report.passed ? 'passed' : 'failed',
      problems: report.problems,
      rpoRecords: report.rpoRecords,
      rtoMs: report.rtoMs,
      totalMs: report.totalMs,
      steps: report.steps,
    });
  }
  return report;
}

/** What the drill made that its failback works on. */
interface DrillObjects {
  runId: string;
  topic: string;
  remoteTopic: string;
  group: string;
  tps: TopicPartition[];
  committedOnSource: Map<number, bigint>;
}

/**
 * The drill's failback: move the drill group back to the source. The group's next record on the target is found on
 * the source by its identity (the drill's values are unique), and that offset is committed there with the same
 * executor as every offset change (checked within the log, backed up, committed admin-style, read back, journaled).
 * Nothing was processed on the target, so the group must be back at exactly the offsets it had before the failover,
 * which the failover's record-by-record check already proved are the same records. A drill does not run `drctl failback`: that truncates
 * the old primary's topics and reverses MM2 for the whole flow, which a drill on a live flow must not do.
 */
async function failBack(runner: StepRunner, x: DrillExecution, config: DrctlConfig, req: DrillRequest, source: ClusterGateway, target: ClusterGateway, d: DrillObjects): Promise<DrillFailback> {
  const inner = new StepRunner({ signal: x.signal, onEvent: (e) => e.type === 'step-progress' && x.onEvent?.(e) });
  const t0 = Date.now();
  return (await runner.run(`fail back ${d.group} to ${req.flow.source}`, async () => {
    const partitions = await inner.timed('find the next records on the source', async () => {
      const onTarget = new Map((await target.committedOffsets(d.group)).filter((o) => o.topic === d.remoteTopic).map((o) => [o.partition, o.offset]));
      const sourceEnds = new Map((await source.listOffsets(d.tps, 'latest')).map((e) => [e.partition, e.offset ?? 0n]));
      return Promise.all(
        d.tps.map(async (tp) => {
          const targetOffset = onTarget.get(tp.partition) ?? 0n;
          let next: string | null = null;
          for await (const r of readRange(target, { topic: d.remoteTopic, partition: tp.partition }, targetOffset)) {
            next = r.value?.toString() ?? '';
            break;
          }
          // Everything processed on the target: the group resumes at the source's log end.
          let sourceOffset = sourceEnds.get(tp.partition)!;
          if (next !== null) {
            let found: bigint | null = null;
            for await (const r of readRange(source, tp, 0n)) {
              if (r.value?.toString() === next) {
                found = r.offset;
                break;
              }
            }
            if (found === null) throw preconditionError('DRCTL_PRECONDITION', `${d.remoteTopic}-${tp.partition}: the record at ${targetOffset} has no original on ${req.flow.source}`, 'the drill topic changed under the drill: run a new drill');
            sourceOffset = found;
          }
          return { partition: tp.partition, targetOffset, sourceOffset };
        }),
      );
    });
    const states = await source.describeGroups([d.group]);
    const result = await executeOffsetPlan(
      source,
      req.flow.source,
      (await source.describeCluster()).clusterId,
      [{ group: d.group, state: states[0].state, status: 'planned', reason: null, partitions: partitions.map((p) => ({ topic: d.topic, partition: p.partition, current: d.committedOnSource.get(p.partition) ?? null, target: p.sourceOffset, note: null })) }],
      config.stateDir,
      `drill ${d.runId} failback`,
      req.reason ?? `drill ${d.runId}`,
      inner,
    );
    const back = new Map((await source.committedOffsets(d.group)).filter((o) => o.topic === d.topic).map((o) => [o.partition, o.offset]));
    const wrong = partitions.filter((p) => back.get(p.partition) !== d.committedOnSource.get(p.partition));
    const passed = wrong.length === 0 && result.outcomes.every((o) => o.status === 'ok');
    const value: DrillFailback = { partitions, passed, backupId: result.backupId, steps: inner.steps, totalMs: Date.now() - t0 };
    return {
      status: 'done',
      detail: passed
        ? `${d.group} is back on ${req.flow.source} exactly where it left (${partitions.map((p) => `${p.partition}@${p.sourceOffset}`).join(' ')})`
        : `not where it left: ${wrong.map((p) => `${d.topic}-${p.partition} at ${back.get(p.partition) ?? 'none'}, was ${d.committedOnSource.get(p.partition)}`).join(', ') || result.outcomes.map((o) => `${o.group} ${o.status}: ${o.reason}`).join('; ')}`,
      audit: { partitions, backup: result.backupId },
      value,
    };
  }))!;
}

/** Delete what the drill created; a cleanup failure is reported as a step, never hides the drill's own outcome. */
async function cleanUp(runner: StepRunner, source: ClusterGateway, target: ClusterGateway, topic: string, remoteTopic: string, group: string, flow: FlowConfig): Promise<boolean> {
  try {
    await runner.run('clean up', async () => {
      const done: string[] = [];
      // The source first: MM2 would copy a source topic that still exists into a remote topic deleted before it.
      for (const [gw, alias] of [
        [source, flow.source],
        [target, flow.target],
      ] as const) {
        await gw.deleteGroup(group);
        const name = gw === source ? topic : remoteTopic;
        if ((await gw.listTopics()).some((t) => t.name === name)) {
          await gw.deleteTopics([name]);
          done.push(`${alias} ${name}`);
        }
      }
      return { status: 'done', detail: `deleted ${group} and ${done.join(', ') || 'no topic'}` };
    });
    return true;
  } catch {
    return false;
  }
}
