import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { palette, renderTable } from '../../src/cli/render.js';
import { configuredFlow, flowName, parseFlowFlag, resolveFlow } from '../../src/config/resolve-flow.js';
import { ExitCode } from '../../src/errors.js';
import { estimateRto } from '../../src/failover/rto-estimate.js';
import { readJournal } from '../../src/journal/journal.js';
import { rtoReport, rtoRuns, type RtoReport } from '../../src/report/rto.js';
import { parseDuration } from '../../src/time/duration.js';

/** `drctl report rto`. */
export default class ReportRto extends BaseCommand {
  static override summary = 'RTO from the journal of failovers and drills: the latest run per step, the history (min, median, max), and the objective.';
  static override description = `Every drctl failover journals the time of each step (preflight, waits, translation, RPO, commit and verify, discovery switch). This reads them from the state dir. With no history, it measures an estimate for the current topology: it plans an unplanned failover of every group (reads only) and estimates the commit phase from a measured round trip.
The objective comes from --objective or the config (objectives.rtoSeconds); exit 1 when the latest run (or the estimate) exceeds it.
--flow takes a configured flow, or one the journal has failovers of (e.g. the flow before a failback reversed it).

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'The latest failover and the history', command: '<%= config.bin %> report rto' },
    { description: 'A CI gate after a drill', command: '<%= config.bin %> report rto --objective 5m --json' },
  ];
  static override flags = {
    objective: Flags.string({ description: 'RTO objective (e.g. 90s, 5m); default objectives.rtoSeconds' }),
    flow: Flags.string({ description: 'only failovers of this flow, e.g. NYC->LON' }),
  };

  async run(): Promise<RtoReport> {
    const { flags } = await this.parse(ReportRto);
    const config = this.loadDrctlConfig(flags);
    const objective = flags.objective !== undefined ? parseDuration(flags.objective, '--objective') / 1000 : (config.objectives.rtoSeconds ?? null);
    const timeoutMs = this.timeoutMs(flags);
    const runs = rtoRuns(readJournal(config.stateDir), flags.flow === undefined ? undefined : flowName(parseFlowFlag(flags.flow)));
    let estimate: RtoReport['estimate'] = null;
    if (runs.length === 0) {
      // No history: the estimate asks the clusters of the flow, which must then be a configured one (else a typo or a
      // reversed name would be reported as an unreachable cluster).
      const flow = flags.flow === undefined ? resolveFlow(config) : configuredFlow(config, flags.flow);
      const e = await this.gateways(config, [flow.source, flow.target], timeoutMs, (gws) => estimateRto(config, flow, gws[flow.source], gws[flow.target], timeoutMs));
      if (e.totalMs !== null) estimate = { totalMs: e.totalMs, basis: e.basis };
      else this.warn(e.basis);
    }
    const report = rtoReport(runs, objective, estimate);
    if (!this.jsonEnabled()) this.log(render(report));
    if (!report.ok) process.exitCode = ExitCode.checkFailed;
    return report;
  }
}

function render(r: RtoReport): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const out: string[] = [];
  if (r.latest) {
    out.push(palette.bold(`latest: ${r.latest.at} ${r.latest.mode} failover ${r.latest.flow}, ${r.latest.groups} group(s)${r.latest.reason ? ` (${r.latest.reason})` : ''}`));
    out.push(
      renderTable(
        ['step', 'latest', 'min', 'median', 'max'],
        r.steps.map((x) => [x.step, s(r.latest!.steps.find((y) => y.step === x.step)?.ms ?? 0), s(x.min), s(x.median), s(x.max)]),
      ),
    );
    if (r.total) out.push(`total over ${r.runs} run(s): latest ${s(r.latest.totalMs)}, min ${s(r.total.min)}, median ${s(r.total.median)}, max ${s(r.total.max)}`);
  } else if (r.estimate) {
    out.push(palette.bold(`estimate: ${s(r.estimate.totalMs)}`), palette.dim(r.estimate.basis));
  }
  out.push(r.ok ? palette.ok(r.verdict) : palette.bad(r.verdict));
  return out.join('\n');
}
