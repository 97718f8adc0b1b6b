import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { renderCanary } from '../src/cli/canary-render.js';
import { palette } from '../src/cli/render.js';
import { ExitCode } from '../src/errors.js';
import { CanaryMetrics } from '../src/canary/metrics.js';
import { canaryFlows, canaryResult, runCanary, type CanaryRunSummary } from '../src/canary/run-canary.js';
import type { CanarySummary } from '../src/canary/summary.js';
import { parseDuration, parseTimerDuration } from '../src/time/duration.js';

/** `drctl canary`. */
export default class Canary extends BaseCommand {
  static override summary = 'A canary through the mirror: latency, loss, duplicates and reordering, once (CI) or continuously (Prometheus metrics).';
  static override description = `Each round produces one sequence-numbered record per partition to the canary topic on the source (created if missing) and reads the remote topic on the target with group-less fetches, so it creates no consumer group at all. Per partition it measures the latency from the produce acknowledgement to the record being seen on the target, loss (not seen within --timeout), duplicates and reordering.
--once / --count N: print a summary (p50, p95, p99, max; lost; duplicated) and exit 1 when anything is lost or --max-latency is exceeded (4 when a cluster is unreachable). Without them it runs until SIGINT/SIGTERM, prints a live line on stderr, serves Prometheus metrics on --metrics-port (taken before the first round: a port in use is refused with exit 3), appends a sample per round to the RPO history, and prints a final summary.
Several flows (active-active, hub-and-spoke): without --flow every configured flow is probed, in one process; --flow (repeatable) picks some. The rounds of all flows run in parallel, each flow reads its own remote topic (e.g. NYC.drctl-canary on LON for NYC->LON) and gets its own summary, then an overall line; exit 1 when any flow fails. --json then gives { flows: [summary, ...], ok }; with one flow it is that flow's summary, as before. Records carry their flow, so flows sharing a canary topic (fan-out from one source, identity-named topics into one target) never count each other's records.

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'One round, as a CI gate', command: '<%= config.bin %> canary --flow "NYC->LON" --once --max-latency 5s' },
    { description: 'Every configured flow (e.g. both directions of active-active), one round each', command: '<%= config.bin %> canary --once --json' },
    { description: 'Two of the flows, three rounds 5 s apart', command: '<%= config.bin %> canary --flow "NYC->AGG" --flow "LON->AGG" --count 3 --interval 5s' },
    { description: 'Continuously, every 10 s, with metrics for Prometheus', command: '<%= config.bin %> canary --interval 10s --metrics-port 9464' },
  ];
  static override baseFlags = {
    ...BaseCommand.baseFlags,
    timeout: Flags.string({ description: 'a record not seen on the target within this long is lost (also: give up on an unresponsive cluster)', default: '30s', helpGroup: 'GLOBAL' }),
  };
  static override flags = {
    flow: Flags.string({ description: 'a configured flow to probe, e.g. NYC->LON (repeatable; default: every configured flow)', multiple: true }),
    once: Flags.boolean({ description: 'one round, then the summary and the exit code', exclusive: ['count'] }),
    count: Flags.integer({ description: 'N rounds, then the summary and the exit code', min: 1 }),
    interval: Flags.string({ description: 'time between rounds (0s: back to back)', default: '10s' }),
    'max-latency': Flags.string({ description: 'fail when a record takes longer than this to reach the target' }),
    'metrics-port': Flags.integer({ description: 'serve Prometheus metrics on http://127.0.0.1:PORT/metrics (continuous mode; 1-65535)', min: 1, max: 65535 }),
    topic: Flags.string({ description: 'the canary topic on the source', default: 'drctl-canary' }),
    partitions: Flags.integer({ description: 'partitions of the canary topic when drctl creates it', default: 3, min: 1 }),
    seq: Flags.integer({ description: 'first sequence number (default: the current time in ms), +1 per round', min: 0 }),
  };

  async run(): Promise<CanarySummary | CanaryRunSummary> {
    const { flags } = await this.parse(Canary);
    // Every round appends to the RPO history in the state dir.
    const config = this.loadDrctlConfig(flags, { writesState: true });
    const flows = canaryFlows(config, flags.flow);
    const timeoutMs = this.timeoutMs(flags);
    const intervalMs = parseTimerDuration(flags.interval, '--interval', { allowZero: true });
    const maxLatencySeconds = flags['max-latency'] ? parseDuration(flags['max-latency'], '--max-latency') / 1000 : null;
    const rounds = flags.once ? 1 : (flags.count ?? null);
    const metrics = new CanaryMetrics(flows);
    let stop = false;
    // Bound before anything else happens, so a port in use fails the run (exit 3) before a record is produced.
    const server = rounds === null && flags['metrics-port'] !== undefined ? await metrics.serve(flags['metrics-port']) : null;
    const onSignal = () => {
      stop = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let summaries;
    try {
      const aliases = [...new Set(flows.flatMap((f) => [f.source, f.target]))];
      summaries = await this.gateways(config, aliases, timeoutMs, (gws) =>
        runCanary(config, flows, gws, {
          topic: flags.topic,
          partitions: flags.partitions,
          rounds,
          intervalMs,
          timeoutMs,
          firstSeq: flags.seq ?? Date.now(),
          maxLatencySeconds,
          stopped: () => stop,
          historyDir: config.stateDir,
          metrics,
          onRound: (line, failed) => process.stderr.write(`${failed ? palette.warn(line) : palette.dim(line)}\n`),
        }),
      );
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    }
    if (!this.jsonEnabled()) this.log(renderCanary(summaries));
    const result = canaryResult(summaries);
    if (rounds !== null && !result.ok) process.exitCode = ExitCode.checkFailed;
    return result;
  }
}
