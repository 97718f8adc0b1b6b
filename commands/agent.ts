import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { palette } from '../src/cli/render.js';
import { flowFromFlag } from '../src/config/resolve-flow.js';
import { AgentMetrics } from '../src/agent/agent-metrics.js';
import { runAgentFlow } from '../src/agent/run-agent.js';
import type { AgentRoundResult } from '../src/agent/agent-round.js';
import { exactCheckpointsTopic } from '../src/checkpoints/exact-checkpoints.js';
import { parseTimerDuration } from '../src/time/duration.js';

/** `drctl agent`. */
export default class Agent extends BaseCommand {
  static override summary = 'Run beside MirrorMaker 2: exact checkpoints on the target, so an unplanned failover is (nearly) exact too.';
  static override description = `Every --interval, for each configured flow (or --flow), reads the committed offsets of every mirrored group on the source and, for each partition whose commit moved, finds the target offset of the very record the group would read next (by record identity, as offsets translate --method exact) and writes it to drctl-checkpoints.<source> on the target (compacted; format in the README). It walks forward from its own last answer, so a steady state costs a few reads per moved partition. When the source is lost, failover --unplanned uses these checkpoints where they are newer than MM2's.
Every --rpo-interval it also measures each flow's RPO and appends it to the history (report rpo --since). With --metrics-port it serves Prometheus metrics (rounds, errors, checkpoints written, each group's checkpoint staleness, RPO records and seconds per topic) on /metrics and /healthz (503 when a flow has completed no round within three intervals). A round that fails (a cluster down) is reported on stderr and the next one tries again. SIGINT/SIGTERM stop it after the round under way. --once / --count N: that many rounds, then exit (0, or the error's code).

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Beside MM2, every 5 s, for every configured flow', command: '<%= config.bin %> agent' },
    { description: 'One round, as a CI step or a cron job', command: '<%= config.bin %> agent --flow "NYC->LON" --once --json' },
    { description: 'With Prometheus metrics and a health check for the supervisor', command: '<%= config.bin %> agent --metrics-port 9465' },
  ];
  static override flags = {
    flow: Flags.string({ description: 'only this configured flow, e.g. NYC->LON (default: every flow)' }),
    interval: Flags.string({ description: 'time between rounds', default: '5s' }),
    once: Flags.boolean({ description: 'one round, then exit', exclusive: ['count'] }),
    count: Flags.integer({ description: 'N rounds, then exit', min: 1 }),
    'rpo-interval': Flags.string({ description: "measure each flow's RPO this often and append it to the history, as status --record does (0s: never)", default: '60s' }),
    'metrics-port': Flags.integer({ description: 'serve Prometheus metrics on http://127.0.0.1:PORT/metrics and health on /healthz (1-65535)', min: 1, max: 65535 }),
  };

  async run(): Promise<{ flows: { flow: string; topic: string; rounds: AgentRoundResult[] }[] }> {
    const { flags } = await this.parse(Agent);
    const config = this.loadDrctlConfig(flags);
    const flows = flags.flow ? [flowFromFlag(config, flags.flow)] : config.flows;
    const timeoutMs = this.timeoutMs(flags);
    const intervalMs = parseTimerDuration(flags.interval, '--interval');
    const rounds = flags.once ? 1 : (flags.count ?? null);
    const rpoIntervalMs = parseTimerDuration(flags['rpo-interval'], '--rpo-interval', { allowZero: true });
    const names = flows.map((f) => `${f.source}->${f.target}`);
    // Healthy while each flow completed a round within three intervals plus the time a round may take.
    const metrics = new AgentMetrics(names, 3 * intervalMs + timeoutMs);
    // Bound before the first round, so a port in use refuses the start (exit 3).
    const server = flags['metrics-port'] === undefined ? null : await metrics.serve(flags['metrics-port'], names);
    let stop = false;
    const onSignal = () => {
      stop = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const out = flows.map((f) => ({ flow: `${f.source}->${f.target}`, topic: exactCheckpointsTopic(f.source), rounds: [] as AgentRoundResult[] }));
    try {
      const aliases = [...new Set(flows.flatMap((f) => [f.source, f.target]))];
      await this.gateways(config, aliases, timeoutMs, (gws) =>
        Promise.all(
          flows.map((f, i) =>
            runAgentFlow(config, f, gws[f.source], gws[f.target], {
              intervalMs,
              rounds,
              timeoutMs,
              rpoIntervalMs,
              metrics,
              stopped: () => stop,
              onRound: (r) => {
                if (rounds !== null) out[i].rounds.push(r);
                process.stderr.write(`${palette.dim(`${r.flow}: ${r.groups} group(s), ${r.partitions} partition(s); ${r.translated} translated, ${r.written} checkpoint(s) written${r.notExact ? `, ${r.notExact} not exact` : ''} (${r.ms} ms)`)}\n`);
                for (const w of r.warnings) process.stderr.write(`${palette.warn(`warning: ${w}`)}\n`);
              },
              onError: (_flow, message) => process.stderr.write(`${palette.warn(message)}\n`),
              onSplitBrain: (_flow, line) => process.stderr.write(`${palette.bad(`error: ${line}`)}\n`),
            }),
          ),
        ),
      );
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    }
    if (!this.jsonEnabled()) this.log(out.map((f) => `${f.flow}: exact checkpoints in ${f.topic} on ${f.flow.split('->')[1]}`).join('\n'));
    return { flows: out };
  }
}
