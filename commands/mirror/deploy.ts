import { Flags } from '@oclif/core';
import { BaseCommand, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { connectFlags, connectTarget } from '../../src/cli/connect-flags.js';
import { renderDeploy } from '../../src/cli/connect-render.js';
import { flowFromFlag } from '../../src/config/resolve-flow.js';
import { ConnectRest } from '../../src/connect/connect-rest.js';
import { deployMirror, type DeployResult } from '../../src/connect/mirror-deploy.js';
import { mirrorConnectors } from '../../src/connect/mirror-connectors.js';

/** `drctl mirror deploy`. */
export default class MirrorDeploy extends BaseCommand {
  static override summary = "Deploy a flow's MirrorMaker 2 connectors on a Kafka Connect cluster, and wait until they run.";
  static override description = `The three connectors (NYC->LON.MirrorSourceConnector, ….MirrorCheckpointConnector, ….MirrorHeartbeatConnector) generated from drctl's config as \`drctl mirror config\` generates dedicated MM2 (filters, policy, offset-sync location, read_committed, no group-offset sync), plus mirrorSettings from drctl.yaml. Shows the difference with what runs, creates or updates only what differs (a second deploy changes nothing), then waits until the connectors and their tasks run, up to --timeout. The Connect cluster is attached to the flow's target unless drctl.yaml's \`connect:\` entry for the flow says otherwise (attachedTo: the source, then the connectors write to the target through producer overrides).

Exit codes: ${EXIT_CODES_HELP}`;
  static override examples = [
    { description: 'What would change, without changing it', command: "<%= config.bin %> mirror deploy --connect http://connect-1:8083 --flow 'NYC->LON' --dry-run" },
    { description: 'Deploy and wait up to two minutes', command: "<%= config.bin %> mirror deploy --connect http://connect-1:8083 --flow 'NYC->LON' --timeout 2m" },
  ];
  static override flags = {
    ...connectFlags,
    flow: Flags.string({ description: 'SOURCE->TARGET (default: the only configured flow)' }),
    'dry-run': Flags.boolean({ description: 'show what would change and change nothing', default: false }),
  };

  async run(): Promise<DeployResult> {
    const { flags } = await this.parse(MirrorDeploy);
    const config = this.loadDrctlConfig(flags);
    const flow = flowFromFlag(config, flags.flow);
    const timeoutMs = this.timeoutMs(flags);
    const rest = new ConnectRest(connectTarget(flags), Math.min(timeoutMs, 30_000));
    const desired = mirrorConnectors({
      source: config.clusters[flow.source],
      target: config.clusters[flow.target],
      flow,
      replicationPolicy: config.replicationPolicy,
      offsetSyncsLocation: config.offsetSyncsLocation,
      tuning: config.mirrorSettings,
      attachedTo: config.connect?.[`${flow.source}->${flow.target}`]?.attachedTo,
    });
    const result = await deployMirror(rest, flow, desired, { dryRun: flags['dry-run'], timeoutMs, progress: (l) => this.progress(l) });
    if (!this.jsonEnabled()) this.log(renderDeploy(result));
    return result;
  }
}
