import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli/base-command.js';
import { formatAge, palette, renderTable } from '../src/cli/render.js';
import { membersKnown, protocolLabel } from '../src/groups/activity.js';
import { collectStatus, type StatusReport } from '../src/status/status.js';
import { overallText } from '../src/status/readiness.js';
import { ExitCode } from '../src/errors.js';
import { selectClusters } from '../src/config/select-clusters.js';
import { parseDuration } from '../src/time/duration.js';

/** `drctl status`: clusters and MM2 flows at a glance. */
export default class Status extends BaseCommand {
  static override summary = 'Show clusters (reachable, id, brokers) and MirrorMaker 2 flows (heartbeat age, checkpoints, remote topics).';
  static override description = `Reads only: no consumer groups or topics are created. Exit 4 when a configured cluster is unreachable within --timeout, or reports a cluster id other than the configured one.\n\nReadiness: GO / NO-GO per flow (target reachable, a heartbeat newer than --max-heartbeat-age) and, with --group or --all-groups, per group (inactive on the target, whatever its protocol: classic, KIP-848 consumer groups, and share or streams groups, which always count as active, as does a group drctl cannot describe; no stale or missing checkpoint; no fewer partitions on the target than on the source; a retention on the target longer than the group's lag; with an authorizer on the target, READ ACLs for the principal named in groupPrincipals), with the reasons, and a table of each judged group's protocol, state and members on every reachable cluster. With several flows (active-active, hub-and-spoke) each flow gets its own verdict, then an overall line: "overall: GO", or "overall: NO-GO:" and the flows and groups that are (JSON: overall.verdict, overall.noGo). Exit 1 on NO-GO.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Record an RPO sample, e.g. from cron every minute', command: '<%= config.bin %> status --record' },
    { description: 'GO / NO-GO for two groups (a CI gate: exit 1 on NO-GO)', command: '<%= config.bin %> status --group orders-svc --group billing --json' },
    { description: 'Status of the configured clusters (or the running sandbox)', command: '<%= config.bin %> status' },
    { description: 'As JSON, for scripts and CI', command: '<%= config.bin %> status --json' },
    { description: 'From an MM2 properties file, giving up on a dead cluster after 3 seconds', command: '<%= config.bin %> status --mm2-config connect-mirror-maker.properties --timeout 3s' },
    { description: 'Only some clusters (and the flows between them)', command: '<%= config.bin %> status --cluster LON' },
  ];
  static override flags = {
    cluster: Flags.string({ description: 'only this cluster alias (repeatable)', multiple: true }),
    group: Flags.string({ char: 'g', description: 'also judge this consumer group GO / NO-GO (repeatable)', multiple: true }),
    'all-groups': Flags.boolean({ description: 'judge every group that has checkpoints on the target' }),
    'max-heartbeat-age': Flags.string({ description: 'older MM2 heartbeat = mirror stalled (NO-GO)', default: '30s' }),
    record: Flags.boolean({ description: "also measure each flow's RPO and append it to the history (see report rpo --since)" }),
    'max-checkpoint-age': Flags.string({ description: 'a checkpoint older than this, while the group has moved on the source, is stale (NO-GO)', default: '3m' }),
  };

  async run(): Promise<StatusReport> {
    const { flags } = await this.parse(Status);
    const config = selectClusters(this.loadDrctlConfig(flags, { writesState: flags.record }), flags.cluster);
    const timeoutMs = this.timeoutMs(flags);
    const limits = { maxHeartbeatAgeSeconds: parseDuration(flags['max-heartbeat-age'], '--max-heartbeat-age') / 1000, maxCheckpointAgeSeconds: parseDuration(flags['max-checkpoint-age'], '--max-checkpoint-age') / 1000 };
    const report = await this.gateways(config, Object.keys(config.clusters), timeoutMs, (gws) => collectStatus(config, gws, Date.now, { groups: flags.group ?? [], allGroups: flags['all-groups'], limits, timeoutMs, record: flags.record }));
    if (!this.jsonEnabled()) this.log(renderStatus(report));
    if (!report.ok) process.exitCode = ExitCode.unreachable;
    else if (!report.ready) process.exitCode = ExitCode.checkFailed;
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
  const flows =
    r.flows.length === 0
      ? palette.dim('no flows configured')
      : renderTable(
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
  const groups =
    r.groups.length === 0
      ? ''
      : `\n\n${renderTable(
          ['group', 'cluster', 'protocol', 'state', 'members', 'note'],
          r.groups.map((g) => [g.group, g.cluster, protocolLabel(g.type), g.state, membersKnown(g.type) ? g.members : '?', g.unsure ? palette.warn(`counted as active: ${g.unsure}`) : g.note ? palette.dim(g.note) : '']),
        )}`;
  const verdicts = r.readiness.map(
    (v) => `${v.go ? palette.ok('GO   ') : palette.bad('NO-GO')}  ${v.flow}${v.group ? ` group ${v.group}` : ''}${v.reasons.length ? `: ${v.reasons.join('; ')}` : ''}${v.skipped.length ? palette.dim(` (not checked: ${v.skipped.join('; ')})`) : ''}`,
  );
  // With no flow there is nothing to judge: no overall line (JSON still says GO, as `ready` says true).
  const overall = r.readiness.length === 0 ? '' : `\n${r.overall.verdict === 'GO' ? palette.ok(overallText(r.overall)) : palette.bad(overallText(r.overall))}`;
  return `${clusters}\n\n${flows}${groups}\n\n${palette.bold('READINESS')}\n${verdicts.join('\n') || palette.dim('no flows')}${overall}\n${palette.dim(`config: ${r.config}`)}`;
}
