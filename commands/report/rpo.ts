import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderRpoMarkdown, renderRpoReport } from '../../src/cli/rpo-render.js';
import { flowName, parseFlowFlag } from '../../src/config/resolve-flow.js';
import { ExitCode, usageError } from '../../src/errors.js';
import { readRpoSamples, rpoTrend } from '../../src/report/rpo-history.js';
import { buildRpoReport, type RpoReport } from '../../src/report/rpo-report.js';
import { parseDuration } from '../../src/time/duration.js';

/** `drctl report rpo`. */
export default class ReportRpo extends BaseCommand {
  static override summary = 'RPO now: per flow, topic and partition, the records and seconds of data the target does not have; per group, what a failover would cost.';
  static override description = `With the source reachable the figures are exact: the first source record with no copy on the target is found by record identity (markers, compaction gaps and MM2's duplicates cannot fool it); seconds are now minus that record's timestamp, 0 when caught up. MM2's newest offset sync per partition is shown beside it. With the source down, only what the target proves: the age of its newest copy per partition, and the MM2 heartbeat.
Per group: the age of its checkpoints, partitions without one, partitions whose offset is older than every offset sync (MM2 cannot translate them), and the records an unplanned failover would deliver again compared with exact (an upper bound when the source is down).
Objectives come from the config (objectives.rpoSeconds) or --max-seconds / --max-records; exit 1 when one is exceeded or cannot be known, so CI can use it as a gate. Each flow gets its own verdict (OK or BREACH; in JSON each flow's ok and breaches), then an overall one naming the flows in breach (JSON: ok and breaches over every flow). A --group that has neither committed offsets on the source nor checkpoints on the target of any flow is refused (exit 2).

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Every flow, as tables', command: '<%= config.bin %> report rpo' },
    { description: 'A CI gate: fail when more than 30 s or 1000 records are at risk', command: '<%= config.bin %> report rpo --flow "NYC->LON" --max-seconds 30 --max-records 1000 --json' },
    { description: 'Both directions of an active-active pair, each with its own verdict', command: '<%= config.bin %> report rpo --flow "NYC->LON" --flow "LON->NYC" --max-seconds 30' },
    { description: 'The last day, as recorded by drctl status --record', command: '<%= config.bin %> report rpo --since 24h' },
    { description: 'For the incident document', command: '<%= config.bin %> report rpo --group orders-svc --format markdown > rpo.md' },
  ];
  static override flags = {
    flow: Flags.string({ description: 'only this configured flow, e.g. NYC->LON (repeatable)', multiple: true }),
    group: Flags.string({ char: 'g', description: 'consumer groups to assess (default: every group with checkpoints)', multiple: true }),
    'max-seconds': Flags.string({ description: 'RPO objective in seconds of data (or a duration such as 30s, 5m); default objectives.rpoSeconds' }),
    'max-records': Flags.integer({ description: 'RPO objective in records per topic', min: 0 }),
    since: Flags.string({ description: 'also show the recorded history over this window (e.g. 24h) as a chart and a summary' }),
    format: Flags.string({ description: 'output format', options: ['table', 'markdown'], default: 'table' }),
  };

  async run(): Promise<RpoReport> {
    const { flags } = await this.parse(ReportRpo);
    const config = this.loadDrctlConfig(flags);
    // Its own wording ('unknown flow'), which the integration tests pin; same check as configuredFlow.
    const flows = (flags.flow ?? []).map((name) => {
      const parsed = parseFlowFlag(name);
      const f = config.flows.find((x) => x.source === parsed.source && x.target === parsed.target);
      if (!f) throw usageError(`unknown flow "${name}"`, `configured flows: ${config.flows.map(flowName).join(', ') || 'none'}`);
      return f;
    });
    const selected = flows.length ? flows : config.flows;
    if (selected.length === 0) throw usageError('no flows configured', 'add flows to drctl.yaml or pass --mm2-config');
    const maxSeconds = flags['max-seconds'] !== undefined ? (/^\d+(\.\d+)?$/.test(flags['max-seconds']) ? Number(flags['max-seconds']) : parseDuration(flags['max-seconds'], '--max-seconds') / 1000) : config.objectives.rpoSeconds;
    const objectives = { maxSeconds, maxRecords: flags['max-records'] === undefined ? undefined : BigInt(flags['max-records']) };
    const aliases = [...new Set(selected.flatMap((f) => [f.source, f.target]))];
    const timeoutMs = this.timeoutMs(flags);
    // Read before the clusters are asked, so a bad --since fails at once.
    const sinceMs = flags.since === undefined ? undefined : parseDuration(flags.since, '--since');
    const report = await this.gateways(config, aliases, timeoutMs, (gws) => buildRpoReport(config, { flows: selected, groups: flags.group, objectives, timeoutMs }, gws));
    if (sinceMs !== undefined) {
      const now = Date.now();
      const since = now - sinceMs;
      const samples = readRpoSamples(config.stateDir, since);
      report.history = selected.map((f) => rpoTrend(flowName(f), samples, since, now));
    }
    if (!this.jsonEnabled()) this.log(flags.format === 'markdown' ? renderRpoMarkdown(report) : renderRpoReport(report));
    if (!report.ok) process.exitCode = ExitCode.checkFailed;
    return report;
  }
}
