import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { palette, renderTable } from '../src/cli/render.js';
import { configuredFlow } from '../src/config/resolve-flow.js';
import { ExitCode, isUnreachable } from '../src/errors.js';
import { account, type PartitionAccount, type Seen, type Sent } from '../src/canary/accounting.js';
import { ensureCanaryTopic, runRound, startCursor } from '../src/canary/canary-round.js';
import { CanaryMetrics } from '../src/canary/metrics.js';
import { summarise, type CanarySummary } from '../src/canary/summary.js';
import { replicationPolicyFor } from '../src/mm2/replication-policy.js';
import { appendRpoSamples } from '../src/report/rpo-history.js';
import { parseDuration, parseTimerDuration } from '../src/time/duration.js';
import { sleepUnless } from '../src/time/sleep-unless.js';

/** `drctl canary`. */
export default class Canary extends BaseCommand {
  static override summary = 'A canary through the mirror: latency, loss, duplicates and reordering, once (CI) or continuously (Prometheus metrics).';
  static override description = `Each round produces one sequence-numbered record per partition to the canary topic on the source (created if missing) and reads the remote topic on the target with group-less fetches, so it creates no consumer group at all. Per partition it measures the latency from the produce acknowledgement to the record being seen on the target, loss (not seen within --timeout), duplicates and reordering.
--once / --count N: print a summary (p50, p95, p99, max; lost; duplicated) and exit 1 when anything is lost or --max-latency is exceeded (4 when a cluster is unreachable). Without them it runs until SIGINT/SIGTERM, prints a live line on stderr, serves Prometheus metrics on --metrics-port (taken before the first round: a port in use is refused with exit 3), appends a sample per round to the RPO history, and prints a final summary.

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'One round, as a CI gate', command: '<%= config.bin %> canary --flow "NYC->LON" --once --max-latency 5s' },
    { description: 'Continuously, every 10 s, with metrics for Prometheus', command: '<%= config.bin %> canary --interval 10s --metrics-port 9464' },
  ];
  static override baseFlags = {
    ...BaseCommand.baseFlags,
    timeout: Flags.string({ description: 'a record not seen on the target within this long is lost (also: give up on an unresponsive cluster)', default: '30s', helpGroup: 'GLOBAL' }),
  };
  static override flags = {
    flow: Flags.string({ description: 'the configured flow to probe, e.g. NYC->LON (default: the only flow)' }),
    once: Flags.boolean({ description: 'one round, then the summary and the exit code', exclusive: ['count'] }),
    count: Flags.integer({ description: 'N rounds, then the summary and the exit code', min: 1 }),
    interval: Flags.string({ description: 'time between rounds (0s: back to back)', default: '10s' }),
    'max-latency': Flags.string({ description: 'fail when a record takes longer than this to reach the target' }),
    'metrics-port': Flags.integer({ description: 'serve Prometheus metrics on http://127.0.0.1:PORT/metrics (continuous mode; 1-65535)', min: 1, max: 65535 }),
    topic: Flags.string({ description: 'the canary topic on the source', default: 'drctl-canary' }),
    partitions: Flags.integer({ description: 'partitions of the canary topic when drctl creates it', default: 3, min: 1 }),
    seq: Flags.integer({ description: 'first sequence number (default: the current time in ms), +1 per round', min: 0 }),
  };

  async run(): Promise<CanarySummary> {
    const { flags } = await this.parse(Canary);
    // Every round appends to the RPO history in the state dir.
    const config = this.loadDrctlConfig(flags, { writesState: true });
    const flow = configuredFlow(config, flags.flow);
    const name = `${flow.source}->${flow.target}`;
    const timeoutMs = this.timeoutMs(flags);
    const intervalMs = parseTimerDuration(flags.interval, '--interval', { allowZero: true });
    const maxLatency = flags['max-latency'] ? parseDuration(flags['max-latency'], '--max-latency') / 1000 : null;
    const remoteTopic = replicationPolicyFor(config.replicationPolicy, flow.source).formatRemoteTopic(flow.source, flags.topic);
    const rounds = flags.once ? 1 : (flags.count ?? null);
    const metrics = new CanaryMetrics(flow.source, flow.target);
    const accounts: PartitionAccount[][] = [];
    const allSent: Sent[] = [];
    const allSeen: Seen[] = [];
    let failedRounds = 0;
    let stop = false;
    // Bound before anything else happens, so a port in use fails the run (exit 3) before a record is produced.
    const server = rounds === null && flags['metrics-port'] !== undefined ? await metrics.serve(flags['metrics-port']) : null;
    const onSignal = () => {
      stop = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await this.gateways(config, [flow.source, flow.target], timeoutMs, async (gws) => {
        const partitions = await ensureCanaryTopic(gws[flow.source], flags.topic, flags.partitions);
        const cursor = await startCursor(gws[flow.target], remoteTopic, partitions);
        const firstSeq = flags.seq ?? Date.now();
        for (let i = 0; rounds === null ? !stop : i < rounds; i++) {
          if (i > 0) await sleepUnless(intervalMs, () => stop);
          if (stop) break;
          let r;
          try {
            r = await runRound(gws[flow.source], gws[flow.target], flags.topic, remoteTopic, partitions, firstSeq + i, timeoutMs, cursor);
          } catch (e) {
            // Continuous mode rides out a cluster that is down: the round is counted as failed and the next one
            // reconnects. Records it did produce are accounted when they turn up (late ones count as lost).
            if (rounds !== null || !isUnreachable(e)) throw e;
            failedRounds++;
            metrics.roundFailed();
            process.stderr.write(`${palette.warn(`round ${i + 1}: ${e.message}`)}\n`);
            continue;
          }
          allSent.push(...r.sent);
          allSeen.push(...r.seen);
          const a = account(r.sent, r.seen, timeoutMs);
          accounts.push(a);
          metrics.add(a);
          const lost = a.reduce((n, x) => n + x.lost, 0);
          const worst = Math.max(0, ...a.flatMap((x) => x.latenciesMs)) / 1000;
          appendRpoSamples(config.stateDir, [{ at: new Date().toISOString(), flow: name, records: String(lost), seconds: lost > 0 ? timeoutMs / 1000 : worst, by: 'canary' }]);
          process.stderr.write(`${palette.dim(`round ${i + 1}: ${a.reduce((n, x) => n + x.received, 0)}/${a.reduce((n, x) => n + x.sent, 0)} seen, max ${worst.toFixed(3)} s, lost ${lost}, duplicates ${a.reduce((n, x) => n + x.duplicates, 0)}`)}\n`);
        }
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    }
    // The summary accounts over the whole run: a duplicate of an earlier round's record still counts.
    const summary = summarise(name, flags.topic, remoteTopic, allSent.length ? [account(allSent, allSeen, timeoutMs)] : [], maxLatency, accounts.length + failedRounds);
    if (failedRounds) {
      summary.problems.push(`${failedRounds} round(s) failed: a cluster was unreachable`);
      summary.ok = false;
    }
    if (!this.jsonEnabled()) this.log(render(summary));
    if (rounds !== null && !summary.ok) process.exitCode = ExitCode.checkFailed;
    return summary;
  }
}

function render(s: CanarySummary): string {
  const f = (v: number | null) => (v === null ? '-' : `${v.toFixed(3)}s`);
  const table = renderTable(
    ['partition', 'sent', 'seen', 'lost', 'duplicates', 'reordered', 'p50', 'p95', 'p99', 'max'],
    s.rows.map((r) => [r.partition, r.sent, r.received, r.lost, r.duplicates, r.reordered, f(r.p50), f(r.p95), f(r.p99), f(r.max)]),
  );
  const verdict = s.ok ? palette.ok(`canary ${s.flow}: ok (${s.rounds} round(s))`) : palette.bad(`canary ${s.flow}: ${s.problems.join('; ')}`);
  return `${palette.bold(`canary ${s.topic} -> ${s.remoteTopic}`)}\n${table}\n${verdict}`;
}
