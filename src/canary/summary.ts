/** Summaries of canary rounds: totals, latency quantiles, and the verdict against the latency bound. */
import { quantile, type PartitionAccount } from './accounting.js';

/** One partition's (or the total's) summary; latencies in seconds. */
export interface CanarySummaryRow {
  partition: number | 'all';
  sent: number;
  received: number;
  lost: number;
  duplicates: number;
  reordered: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** The summary of a run (also the `--json` output). */
export interface CanarySummary {
  flow: string;
  topic: string;
  remoteTopic: string;
  rounds: number;
  rows: CanarySummaryRow[];
  maxLatencySeconds: number | null;
  ok: boolean;
  problems: string[];
}

const sec = (ms: number | null): number | null => (ms === null ? null : Math.round(ms) / 1000);

function row(partition: number | 'all', as: readonly PartitionAccount[]): CanarySummaryRow {
  const lat = as.flatMap((a) => a.latenciesMs);
  const sum = (k: 'sent' | 'received' | 'lost' | 'duplicates' | 'reordered') => as.reduce((n, a) => n + a[k], 0);
  return {
    partition,
    sent: sum('sent'),
    received: sum('received'),
    lost: sum('lost'),
    duplicates: sum('duplicates'),
    reordered: sum('reordered'),
    p50: sec(quantile(lat, 0.5)),
    p95: sec(quantile(lat, 0.95)),
    p99: sec(quantile(lat, 0.99)),
    max: sec(lat.length ? Math.max(...lat) : null),
  };
}

/** Summarise every round's accounts; fail on any loss, or a latency over the bound. */
export function summarise(flow: string, topic: string, remoteTopic: string, rounds: readonly PartitionAccount[][], maxLatencySeconds: number | null, roundCount = rounds.length): CanarySummary {
  const all = rounds.flat();
  const partitions = [...new Set(all.map((a) => a.partition))].sort((a, b) => a - b);
  const rows = [
    ...partitions.map((p) =>
      row(
        p,
        all.filter((a) => a.partition === p),
      ),
    ),
    row('all', all),
  ];
  const total = rows.at(-1)!;
  const problems: string[] = [];
  if (total.lost > 0) problems.push(`${total.lost} canary record(s) lost (not seen on the target within the timeout)`);
  if (maxLatencySeconds !== null && total.max !== null && total.max > maxLatencySeconds) problems.push(`latency ${total.max} s over the bound ${maxLatencySeconds} s`);
  return { flow, topic, remoteTopic, rounds: roundCount, rows, maxLatencySeconds, ok: problems.length === 0, problems };
}
