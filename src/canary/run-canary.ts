/**
 * A canary run over one or more flows (`drctl canary`): the canary topic is made sure of once per source, each flow
 * reads its own remote topic (the flow's source alias under the replication policy: `NYC.drctl-canary` on LON for
 * NYC->LON, `LON.drctl-canary` on NYC for LON->NYC) from its own cursor and keeps its own accounts, and the rounds of
 * all flows run side by side, round by round, so one slow flow does not delay the others' measurements. Every round
 * appends a sample per flow to the RPO history; the live lines go to the caller, which draws them.
 */
import { configuredFlow, flowName } from '../config/resolve-flow.js';
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { isUnreachable, usageError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { appendRpoSamples, type RpoSample } from '../report/rpo-history.js';
import { sleepUnless } from '../time/sleep-unless.js';
import { account, type PartitionAccount, type Seen, type Sent } from './accounting.js';
import { ensureCanaryTopic, runRound, startCursor, type CanaryProbe } from './canary-round.js';
import type { CanaryMetrics } from './metrics.js';
import { summarise, type CanarySummary } from './summary.js';

/** The flows a run probes: each one a --flow names (configured, and once however often it is named), else every configured flow. */
export function canaryFlows(config: DrctlConfig, flags: readonly string[] | undefined): FlowConfig[] {
  if (!flags?.length) {
    if (config.flows.length === 0) throw usageError('no flows configured', 'add flows to drctl.yaml or pass --mm2-config');
    return config.flows;
  }
  const chosen = flags.map((flag) => configuredFlow(config, flag));
  return chosen.filter((f, i) => chosen.findIndex((x) => flowName(x) === flowName(f)) === i);
}

/** `drctl canary --json` over several flows: each flow's summary, and whether every one passed. */
export interface CanaryRunSummary {
  flows: CanarySummary[];
  ok: boolean;
}

/**
 * What `drctl canary` returns: with one flow, that flow's summary exactly as before several flows were supported (CI
 * jobs read `.rows` and `.ok`); with several, `{ flows, ok }`.
 */
export const canaryResult = (summaries: readonly CanarySummary[]): CanarySummary | CanaryRunSummary => (summaries.length === 1 ? summaries[0] : { flows: [...summaries], ok: summaries.every((s) => s.ok) });

/** How a run goes. */
export interface CanaryRunOptions {
  /** The canary topic on each source. */
  topic: string;
  /** Partitions of the canary topic where drctl creates it. */
  partitions: number;
  /** Rounds to run; null: until `stopped()`, riding out rounds that fail because a cluster is unreachable. */
  rounds: number | null;
  intervalMs: number;
  /** A record not seen within this long is lost. */
  timeoutMs: number;
  firstSeq: number;
  maxLatencySeconds: number | null;
  stopped: () => boolean;
  /** The state dir whose RPO history gets a sample per flow and round; null: none. */
  historyDir: string | null;
  metrics?: CanaryMetrics;
  /** After each flow's round: a line for the operator (uncoloured), and whether the round had a problem. */
  onRound?: (line: string, failed: boolean) => void;
}

/** One flow's state over the run. */
interface FlowRun {
  flow: FlowConfig;
  name: string;
  probe: CanaryProbe;
  cursor: Map<number, bigint>;
  sent: Sent[];
  seen: Seen[];
  rounds: number;
  failedRounds: number;
}

/** The live line of one flow's round; the flow is named only when several run (one flow keeps its old line). */
export function roundLine(flow: string | null, round: number, a: readonly PartitionAccount[]): string {
  const sum = (k: 'received' | 'sent' | 'lost' | 'duplicates') => a.reduce((n, x) => n + x[k], 0);
  const worst = Math.max(0, ...a.flatMap((x) => x.latenciesMs)) / 1000;
  return `round ${round}${flow ? ` ${flow}` : ''}: ${sum('received')}/${sum('sent')} seen, max ${worst.toFixed(3)} s, lost ${sum('lost')}, duplicates ${sum('duplicates')}`;
}

/** One round of one flow as an RPO-history sample: a lost record puts the whole timeout at risk. */
export function roundSample(flow: string, a: readonly PartitionAccount[], timeoutMs: number, at: string): RpoSample {
  const lost = a.reduce((n, x) => n + x.lost, 0);
  const worst = Math.max(0, ...a.flatMap((x) => x.latenciesMs)) / 1000;
  return { at, flow, records: String(lost), seconds: lost > 0 ? timeoutMs / 1000 : worst, by: 'canary' };
}

/** Run the canary over `flows` with one gateway per alias; one summary per flow, in the order given. */
export async function runCanary(config: DrctlConfig, flows: readonly FlowConfig[], gws: Record<string, ClusterGateway>, o: CanaryRunOptions): Promise<CanarySummary[]> {
  // Once per source, one after the other: flows from one source (fan-out) share its canary topic, and two creations
  // of the same topic at once would race.
  const partitionsOf = new Map<string, number>();
  for (const source of new Set(flows.map((f) => f.source))) partitionsOf.set(source, await ensureCanaryTopic(gws[source], o.topic, o.partitions));
  const runs: FlowRun[] = await Promise.all(
    flows.map(async (flow) => {
      const probe: CanaryProbe = { flow: flowName(flow), topic: o.topic, remoteTopic: replicationPolicyFor(config.replicationPolicy, flow.source).formatRemoteTopic(flow.source, o.topic), partitions: partitionsOf.get(flow.source)! };
      return { flow, name: probe.flow, probe, cursor: await startCursor(gws[flow.target], probe.remoteTopic, probe.partitions), sent: [], seen: [], rounds: 0, failedRounds: 0 };
    }),
  );
  const named = runs.length > 1;
  for (let i = 0; o.rounds === null ? !o.stopped() : i < o.rounds; i++) {
    if (i > 0) await sleepUnless(o.intervalMs, o.stopped);
    if (o.stopped()) break;
    // Settled, not raced: a flow whose cluster fails must not leave the others' rounds running while the caller
    // closes the gateways.
    const results = await Promise.allSettled(runs.map((r) => runRound(gws[r.flow.source], gws[r.flow.target], r.probe, o.firstSeq + i, o.timeoutMs, r.cursor)));
    let fatal: { reason: unknown } | null = null;
    const samples: RpoSample[] = [];
    for (const [k, res] of results.entries()) {
      const r = runs[k];
      if (res.status === 'rejected') {
        // Continuous mode rides out a cluster that is down: the round is counted as failed and the next one
        // reconnects. Records it did produce are accounted when they turn up (late ones count as lost).
        if (o.rounds !== null || !isUnreachable(res.reason)) fatal ??= { reason: res.reason };
        else {
          r.failedRounds++;
          o.metrics?.roundFailed(r.flow);
          o.onRound?.(`round ${i + 1}${named ? ` ${r.name}` : ''}: ${res.reason.message}`, true);
        }
        continue;
      }
      r.rounds++;
      r.sent.push(...res.value.sent);
      r.seen.push(...res.value.seen);
      const a = account(res.value.sent, res.value.seen, o.timeoutMs);
      o.metrics?.add(r.flow, a);
      samples.push(roundSample(r.name, a, o.timeoutMs, new Date().toISOString()));
      o.onRound?.(roundLine(named ? r.name : null, i + 1, a), false);
    }
    if (o.historyDir !== null && samples.length) appendRpoSamples(o.historyDir, samples);
    if (fatal) throw fatal.reason;
  }
  // Each summary accounts over the whole run: a duplicate of an earlier round's record still counts.
  return runs.map((r) => {
    const s = summarise(r.name, r.probe.topic, r.probe.remoteTopic, r.sent.length ? [account(r.sent, r.seen, o.timeoutMs)] : [], o.maxLatencySeconds, r.rounds + r.failedRounds);
    if (r.failedRounds) {
      s.problems.push(`${r.failedRounds} round(s) failed: a cluster was unreachable`);
      s.ok = false;
    }
    return s;
  });
}
