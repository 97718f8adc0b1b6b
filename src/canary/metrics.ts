/**
 * Prometheus metrics of the canary (prom-client): a latency histogram and counters of produced, consumed, lost and
 * duplicated records, labelled with source, target and partition, and failed rounds per flow.
 */
import type { Server } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import { serveMetrics } from '../metrics/metrics-server.js';
import type { PartitionAccount } from './accounting.js';

/** Bucket bounds in seconds: from a fast local mirror to a badly lagging one. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const LABELS = ['source', 'target', 'partition'] as const;

/** The labels of one flow. */
export interface CanaryMetricsFlow {
  source: string;
  target: string;
}

/** Accumulated canary metrics of every flow a run probes, on one registry (one /metrics for all of them). */
export class CanaryMetrics {
  /** The registry behind `/metrics`. */
  readonly registry = new Registry();
  private readonly latency = new Histogram({ name: 'drctl_canary_latency_seconds', help: 'Produce acknowledgement to the record seen on the target.', labelNames: LABELS, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly counters = {
    sent: new Counter({ name: 'drctl_canary_produced_total', help: 'Canary records produced on the source.', labelNames: LABELS, registers: [this.registry] }),
    received: new Counter({ name: 'drctl_canary_consumed_total', help: 'Canary records seen on the target.', labelNames: LABELS, registers: [this.registry] }),
    lost: new Counter({ name: 'drctl_canary_lost_total', help: 'Canary records not seen within the timeout.', labelNames: LABELS, registers: [this.registry] }),
    duplicates: new Counter({ name: 'drctl_canary_duplicated_total', help: 'Canary records seen more than once.', labelNames: LABELS, registers: [this.registry] }),
  };
  private readonly roundErrors = new Counter({ name: 'drctl_canary_round_errors_total', help: 'Rounds that failed because a cluster was unreachable.', labelNames: ['source', 'target'] as const, registers: [this.registry] });

  /** Every flow's counters start at 0, so a rate over a flow that has not failed yet is 0, not absent. */
  constructor(flows: readonly CanaryMetricsFlow[]) {
    for (const { source, target } of flows) this.roundErrors.inc({ source, target }, 0);
  }

  /** A round of `flow` that could not run (a cluster unreachable). */
  roundFailed(flow: CanaryMetricsFlow): void {
    this.roundErrors.inc({ source: flow.source, target: flow.target });
  }

  /** Add one round's accounts of `flow`. */
  add(flow: CanaryMetricsFlow, accounts: readonly PartitionAccount[]): void {
    for (const a of accounts) {
      const labels = { source: flow.source, target: flow.target, partition: String(a.partition) };
      for (const ms of a.latenciesMs) this.latency.observe(labels, ms / 1000);
      for (const key of ['sent', 'received', 'lost', 'duplicates'] as const) this.counters[key].inc(labels, a[key]);
    }
  }

  /** Serve `/metrics` (and `/healthz`) on `port`; a port in use is a precondition (exit 3). */
  serve(port: number, host = '127.0.0.1'): Promise<Server> {
    return serveMetrics(this.registry, port, host);
  }
}
