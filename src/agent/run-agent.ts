/**
 * The loop of `drctl agent` for one flow: seed its memory from the exact-checkpoints topic and MM2's offset syncs,
 * then run a round every interval until stopped. A round that fails (a cluster down, a timeout) is reported and the
 * next one tries again: the agent rides out either cluster going away.
 */
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { isDrctlError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { readFlowOffsetSyncs } from '../mm2/offset-syncs-home.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { appendRpoSamples } from '../report/rpo-history.js';
import { flowRpo, rpoSample } from '../report/rpo-report.js';
import type { AgentMetrics } from './agent-metrics.js';
import { checkSplitBrain, describeWrites } from '../splitbrain/split-brain.js';
import { ReadCache } from './read-cache.js';
import { heapKeeper } from './heap-keeper.js';
import { agentRound, type AgentFlowState, type AgentRoundResult } from './agent-round.js';
import { exactCheckpointKey, readExactCheckpoints } from '../checkpoints/exact-checkpoints.js';
import { sleepUnless } from '../time/sleep-unless.js';
import { readReturnSyncs } from '../translate/gather-inputs.js';

/** MM2's syncs are read again this often (they only serve as anchors for partitions the agent has not seen yet). */
const SYNCS_REFRESH_MS = 60_000;

/** How the agent loop is driven. */
export interface AgentLoopOptions {
  intervalMs: number;
  /** Stop after this many rounds (null: until `stopped()`). */
  rounds: number | null;
  timeoutMs: number;
  stopped: () => boolean;
  onRound: (r: AgentRoundResult) => void;
  onError: (flow: string, message: string) => void;
  /** A write to the old source after a failover of the flow (a split brain), one line per round that finds it. */
  onSplitBrain: (flow: string, line: string) => void;
  /** Measure the flow's RPO (as status --record: a sample in the history) this often; 0: never. */
  rpoIntervalMs: number;
  metrics?: AgentMetrics;
}

/** A failed round's outcome. */
const failedRound = (flow: FlowConfig, e: unknown): string => `${flow.source}->${flow.target}: round failed: ${isDrctlError(e) || e instanceof Error ? e.message : String(e)}`;

/** Read what the agent knew before (its topic) and MM2's syncs (anchors for first walks). */
async function seed(config: DrctlConfig, flow: FlowConfig, source: ClusterGateway, target: ClusterGateway, timeoutMs: number): Promise<AgentFlowState> {
  const before = await readExactCheckpoints(target, flow.source, timeoutMs);
  const state: AgentFlowState = { known: new Map(), syncs: null, topicReady: before.exists, cache: new ReadCache(), heap: heapKeeper() };
  for (const m of before.groups.values()) for (const c of m.values()) state.known.set(exactCheckpointKey(c), { ...c, complete: true, confirmedAt: c.seenAt });
  state.syncs = await loadSyncs(config, flow, source, target, timeoutMs);
  state.returnSyncs = (await readReturnSyncs(config, flow, source, target, timeoutMs)) ?? null;
  return state;
}

async function loadSyncs(config: DrctlConfig, flow: FlowConfig, source: ClusterGateway, target: ClusterGateway, timeoutMs: number) {
  const snap = (await readFlowOffsetSyncs(config, flow, source, target, timeoutMs))!;
  return snap.exists ? snap.store : null;
}

/** Run the agent for one flow until `o.stopped()` or `o.rounds` rounds; returns the rounds that completed. */
export async function runAgentFlow(config: DrctlConfig, flow: FlowConfig, source: ClusterGateway, target: ClusterGateway, o: AgentLoopOptions): Promise<number> {
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  let state: AgentFlowState | null = null;
  let syncsAt = 0;
  let rpoAt = -Infinity;
  let done = 0;
  const name = `${flow.source}->${flow.target}`;
  for (let i = 0; o.rounds === null ? !o.stopped() : i < o.rounds; i++) {
    if (i > 0) await sleepUnless(o.intervalMs, o.stopped);
    if (o.stopped()) break;
    try {
      if (!state) {
        state = await seed(config, flow, source, target, o.timeoutMs);
        syncsAt = Date.now();
      } else if (Date.now() - syncsAt > SYNCS_REFRESH_MS) {
        state.syncs = await loadSyncs(config, flow, source, target, o.timeoutMs);
        state.returnSyncs = (await readReturnSyncs(config, flow, source, target, o.timeoutMs)) ?? null;
        syncsAt = Date.now();
      }
      const r = await agentRound(flow, policy, source, target, state);
      state.heap?.check();
      o.metrics?.roundDone(r, state);
      o.onRound(r);
      const sb = await checkSplitBrain(config.stateDir, name, source, true);
      if (sb?.writes.length) {
        o.metrics?.splitBrainWrites(name, sb.writes);
        o.onSplitBrain(name, describeWrites(flow.source, sb.watch, sb.writes));
      }
      if (o.rpoIntervalMs > 0 && Date.now() - rpoAt >= o.rpoIntervalMs) {
        rpoAt = Date.now();
        const measured = await flowRpo(config, flow, source, target, null, o.timeoutMs);
        appendRpoSamples(config.stateDir, [rpoSample(measured, new Date().toISOString(), 'agent')]);
        o.metrics?.rpo(measured);
      }
      done++;
    } catch (e) {
      o.metrics?.roundFailed(name);
      // One-shot runs (CI, tests) fail loudly; a long-running agent reports and tries again next round.
      if (o.rounds !== null) throw e;
      o.onError(name, failedRound(flow, e));
    }
  }
  return done;
}
