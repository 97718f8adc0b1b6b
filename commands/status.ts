import { Flags } from '@oclif/core';
import { BaseCommand, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { formatAge, palette, renderTable } from '../src/cli/render.js';
import { collectStatus, type StatusReport } from '../src/status/status.js';
import { ExitCode } from '../src/errors.js';
import { selectClusters } from '../src/config/select-clusters.js';

/** `drctl status`: clusters and MM2 flows at a glance. */
export default class Status extends BaseCommand {
  static override summary = 'Show clusters (reachable, id, brokers) and MirrorMaker 2 flows (heartbeat age, checkpoints, remote topics).';
  static override description = `Reads only: no consumer groups or topics are created. Exit 4 when a configured cluster is unreachable within --timeout, or reports a cluster id other than the configured one.\n\nExit codes: ${EXIT_CODES_HELP}`;
  static override examples = [
    { description: 'Status of the configured clusters (or the running sandbox)', command: '<%= config.bin %> status' },
    { description: 'As JSON, for scripts and CI', command: '<%= config.bin %> status --json' },
    { description: 'From an MM2 properties file, giving up on a dead cluster after 3 seconds', command: '<%= config.bin %> status --mm2-config connect-mirror-maker.properties --timeout 3s' },
    { description: 'Only some clusters (and the flows between them)', command: '<%= config.bin %> status --cluster LON' },
  ];
  static override flags = {
    cluster: Flags.string({ description: 'only this cluster alias (repeatable)', multiple: true }),
  };

  async run(): Promise<StatusReport> {
    const { flags } = await this.parse(Status);
    const config = selectClusters(this.loadDrctlConfig(flags), flags.cluster);
    const report = await this.gateways(config, Object.keys(config.clusters), this.timeoutMs(flags), (gws) => collectStatus(config, gws));
    if (!this.jsonEnabled()) this.log(renderStatus(report));
    if (!report.ok) process.exitCode = ExitCode.unreachable;
    return report;
  }
}

function renderStatus(r: StatusReport): string {
  const clusters = renderTable(
    ['cluster', 'reachable', 'cluster id', 'brokers'],
    r.clusters.map((c) => [
      c.alias,
      c.reachable ? palette.ok('yes') : palette.bad('no'),
      c.clusterId === null ? '-' : c.clusterIdMatches === false ? palette.bad(`${c.clusterId} (expected ${c.expectedClusterId})`) : c.clusterId,
      c.reachable ? c.brokers.join(', ') : palette.bad(c.error ?? ''),
    ]),
  );
  const flows = r.flows.length === 0 ? palette.dim('no flows configured') : renderTable(
    ['flow', 'heartbeat age', 'checkpoints topic', 'newest checkpoint age', 'remote topics', 'note'],
    r.flows.map((f) => [
      f.flow,
      f.heartbeatAgeSeconds === null ? palette.bad('-') : f.heartbeatAgeSeconds > 30 ? palette.warn(formatAge(f.heartbeatAgeSeconds)) : palette.ok(formatAge(f.heartbeatAgeSeconds)),
      f.checkpointsTopicExists ? f.checkpointsTopic : palette.warn(`${f.checkpointsTopic} (missing)`),
      formatAge(f.checkpointAgeSeconds),
      f.remoteTopics,
      f.error ? palette.warn(f.error) : '',
    ]),
  );
  return `${clusters}\n\n${flows}\n${palette.dim(`config: ${r.config}`)}`;
}
