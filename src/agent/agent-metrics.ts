/**
 * The agent's Prometheus metrics (prom-client) and its health: rounds and their errors and durations, checkpoints
 * written, how stale each group's exact checkpoints are, and the RPO it measured per topic.
 */
import type { Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import { serveMetrics, type Health } from '../metrics/metrics-server.js';
import type { FlowRpo } from '../report/rpo-report.js';
import type { SplitBrainWrite } from '../splitbrain/split-brain.js';
import type { AgentFlowState, AgentRoundResult } from './agent-round.js';

/** Metrics of one agent process (every flow it serves). */
export class AgentMetrics {
  readonly registry = new Registry();
  private readonly rounds = new Counter({ name: 'drctl_agent_rounds_total', help: 'Agent rounds completed.', labelNames: ['flow'] as const, registers: [this.registry] });
  private readonly roundErrors = new Counter({ name: 'drctl_agent_round_errors_total', help: 'Agent rounds that failed (a cluster down, a timeout).', labelNames: ['flow'] as const, registers: [this.registry] });
  private readonly roundSeconds = new Gauge({ name: 'drctl_agent_round_duration_seconds', help: 'Duration of the last completed round.', labelNames: ['flow'] as const, registers: [this.registry] });
  private readonly written = new Counter({ name: 'drctl_agent_checkpoints_written_total', help: 'Exact checkpoints written to the target.', labelNames: ['flow'] as const, registers: [this.registry] });
  private readonly notExact = new Gauge({ name: 'drctl_agent_partitions_not_exact', help: 'Partitions the last round found no exact answer for.', labelNames: ['flow'] as const, registers: [this.registry] });
  private readonly rpoRecords = new Gauge({ name: 'drctl_rpo_records', help: 'Records on the source not yet on the target, per topic (last measurement).', labelNames: ['flow', 'topic'] as const, registers: [this.registry] });
  private readonly rpoSeconds = new Gauge({ name: 'drctl_rpo_seconds', help: 'Age of the oldest record not yet on the target, per topic (last measurement).', labelNames: ['flow', 'topic'] as const, registers: [this.registry] });
  private readonly splitBrain = new Gauge({ name: 'drctl_split_brain_records', help: 'Records written to the old source after a failover of the flow, per partition.', labelNames: ['flow', 'topic', 'partition'] as const, registers: [this.registry] });
  private readonly states = new Map<string, AgentFlowState>();
  private readonly lastOk = new Map<string, number>();

  constructor(
    flows: readonly string[],
    private readonly healthyWithinMs: number,
    private readonly now: () => number = Date.now,
  ) {
    for (const flow of flows) {
      this.rounds.inc({ flow }, 0);
      this.roundErrors.inc({ flow }, 0);
    }
    const states = this.states;
    const clock = this.now;
    new Gauge({
      name: 'drctl_agent_checkpoint_staleness_seconds',
      help: "Seconds since the agent last confirmed a group's exact checkpoints (the oldest of its partitions).",
      labelNames: ['flow', 'group'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [flow, st] of states) {
          const oldest = new Map<string, number>();
          for (const k of st.known.values()) oldest.set(k.group, Math.min(oldest.get(k.group) ?? Infinity, k.confirmedAt));
          for (const [group, at] of oldest) this.set({ flow, group }, Math.max(0, (clock() - at) / 1000));
        }
      },
    });
  }

  /** A round completed. */
  roundDone(r: AgentRoundResult, state: AgentFlowState): void {
    this.rounds.inc({ flow: r.flow });
    this.roundSeconds.set({ flow: r.flow }, r.ms / 1000);
    this.written.inc({ flow: r.flow }, r.written);
    this.notExact.set({ flow: r.flow }, r.notExact);
    this.states.set(r.flow, state);
    this.lastOk.set(r.flow, this.now());
  }

  /** A round failed. */
  roundFailed(flow: string): void {
    this.roundErrors.inc({ flow });
  }

  /** The flow's RPO as last measured; topics whose figure is unknown (source down) have no series. */
  rpo(f: FlowRpo): void {
    const flow = f.flow;
    for (const t of f.topics) {
      if (t.records === null) this.rpoRecords.remove({ flow, topic: t.topic });
      else this.rpoRecords.set({ flow, topic: t.topic }, Number(t.records));
      if (t.seconds === null) this.rpoSeconds.remove({ flow, topic: t.topic });
      else this.rpoSeconds.set({ flow, topic: t.topic }, t.seconds);
    }
  }

  /** The writes to the old source after the flow's failover, as the last round found them. */
  splitBrainWrites(flow: string, writes: readonly SplitBrainWrite[]): void {
    for (const w of writes) this.splitBrain.set({ flow, topic: w.topic, partition: String(w.partition) }, Number(w.to - w.from));
  }

  /** Healthy while every flow completed a round recently. */
  health(flows: readonly string[]): Health {
    const late = flows.filter((f) => this.now() - (this.lastOk.get(f) ?? -Infinity) > this.healthyWithinMs);
    return late.length === 0 ? { ok: true, detail: `every flow completed a round within ${this.healthyWithinMs / 1000} s` } : { ok: false, detail: `no completed round within ${this.healthyWithinMs / 1000} s: ${late.join(', ')}` };
  }

  /** Serve `/metrics` and `/healthz` on `port`. */
  serve(port: number, flows: readonly string[], host = '127.0.0.1'): Promise<Server> {
    return serveMetrics(this.registry, port, host, () => this.health(flows));
  }
}
