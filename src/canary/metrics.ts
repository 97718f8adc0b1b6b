/**
 * Prometheus metrics of the canary, in the text exposition format: a latency histogram and counters of produced,
 * consumed, lost and duplicated records, labelled with source, target and partition.
 */
import { createServer, type Server } from 'node:http';
import { preconditionError } from '../errors.js';
import type { PartitionAccount } from './accounting.js';

/** Bucket bounds in seconds: from a fast local mirror to a badly lagging one. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Series {
  buckets: number[];
  sum: number;
  count: number;
  produced: number;
  consumed: number;
  lost: number;
  duplicated: number;
}

/** Accumulated canary metrics. */
export class CanaryMetrics {
  private readonly series = new Map<number, Series>();
  private failedRounds = 0;

  /** A round that could not run (a cluster unreachable). */
  roundFailed(): void {
    this.failedRounds++;
  }
  constructor(
    private readonly source: string,
    private readonly target: string,
  ) {}

  /** Add one round's accounts. */
  add(accounts: readonly PartitionAccount[]): void {
    for (const a of accounts) {
      const s = this.series.get(a.partition) ?? { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0, produced: 0, consumed: 0, lost: 0, duplicated: 0 };
      for (const ms of a.latenciesMs) {
        const sec = ms / 1000;
        LATENCY_BUCKETS.forEach((le, i) => {
          if (sec <= le) s.buckets[i]++;
        });
        s.sum += sec;
        s.count++;
      }
      s.produced += a.sent;
      s.consumed += a.received;
      s.lost += a.lost;
      s.duplicated += a.duplicates;
      this.series.set(a.partition, s);
    }
  }

  /** The exposition text. */
  render(): string {
    const lbl = (p: number, extra = '') => `{source="${this.source}",target="${this.target}",partition="${p}"${extra}}`;
    const out = ['# HELP drctl_canary_latency_seconds Produce acknowledgement to the record seen on the target.', '# TYPE drctl_canary_latency_seconds histogram'];
    for (const [p, s] of [...this.series].sort((a, b) => a[0] - b[0])) {
      LATENCY_BUCKETS.forEach((le, i) => out.push(`drctl_canary_latency_seconds_bucket${lbl(p, `,le="${le}"`)} ${s.buckets[i]}`));
      out.push(`drctl_canary_latency_seconds_bucket${lbl(p, ',le="+Inf"')} ${s.count}`, `drctl_canary_latency_seconds_sum${lbl(p)} ${s.sum}`, `drctl_canary_latency_seconds_count${lbl(p)} ${s.count}`);
    }
    for (const [name, key, help] of [
      ['produced', 'produced', 'Canary records produced on the source.'],
      ['consumed', 'consumed', 'Canary records seen on the target.'],
      ['lost', 'lost', 'Canary records not seen within the timeout.'],
      ['duplicated', 'duplicated', 'Canary records seen more than once.'],
    ] as const) {
      out.push(`# HELP drctl_canary_${name}_total ${help}`, `# TYPE drctl_canary_${name}_total counter`);
      for (const [p, s] of [...this.series].sort((a, b) => a[0] - b[0])) out.push(`drctl_canary_${name}_total${lbl(p)} ${s[key]}`);
    }
    out.push(
      '# HELP drctl_canary_round_errors_total Rounds that failed because a cluster was unreachable.',
      '# TYPE drctl_canary_round_errors_total counter',
      `drctl_canary_round_errors_total{source="${this.source}",target="${this.target}"} ${this.failedRounds}`,
    );
    return `${out.join('\n')}\n`;
  }

  /**
   * Serve `/metrics` on `port` (127.0.0.1 unless `host` is given). A port that is taken or needs privileges is a
   * precondition (exit 3), so the canary refuses to start rather than run without the metrics it was asked for.
   */
  serve(port: number, host = '127.0.0.1'): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end('not found: try /metrics\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(this.render());
    });
    return new Promise((resolve, reject) => server.once('error', (e) => reject(listenError(e, port, host))).listen(port, host, () => resolve(server)));
  }
}

/** Why the metrics server could not listen, as an error the operator can act on. */
function listenError(e: NodeJS.ErrnoException, port: number, host: string): Error {
  if (e.code === 'EADDRINUSE') return preconditionError('DRCTL_PRECONDITION', `port ${port} is in use`, `pick another --metrics-port, or stop what listens on ${host}:${port}`);
  if (e.code === 'EACCES') return preconditionError('DRCTL_PRECONDITION', `port ${port} needs privileges to listen on`, 'pick a --metrics-port above 1023');
  if (e.code === 'EADDRNOTAVAIL') return preconditionError('DRCTL_PRECONDITION', `cannot listen on ${host}:${port}: no such local address`, 'serve the metrics on an address of this machine');
  return e;
}
