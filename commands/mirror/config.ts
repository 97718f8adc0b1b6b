import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { flowFromFlag } from '../../src/config/resolve-flow.js';
import { renderMirrorProperties, saslPasswordEnv } from '../../src/mm2/mirror-config.js';

// saslPasswordEnv('<ALIAS>') would turn the placeholder's brackets into underscores (DRCTL__ALIAS__SASL_PASSWORD), a
// name that exists nowhere: show the pattern by hand and a real name as the example.
const SASL_ENV_PATTERN = 'DRCTL_<ALIAS>_SASL_PASSWORD';

/** `drctl mirror config`. */
export default class MirrorConfig extends BaseCommand {
  static override summary = 'Print MirrorMaker 2 properties for a flow, e.g. the reversed flow after a failback.';
  static override description = `Dedicated-mode properties (connect-mirror-maker.sh) for the flow: both clusters with their TLS/SASL client settings, the flow enabled with its topic and group filters, the opposite direction disabled, the replication policy and offset-sync location drctl is configured with, checkpoints on, MM2's group-offset sync off (drctl moves groups), read_committed on the source, and where MM2's defaults hurt DR (see drctl mirror doctor): tasks.max 4, groups refreshed every 60 s, checkpoints every 10 s, replication factor 3. SASL passwords are never printed: they are \${env:...} references that MM2 resolves from its environment: ${SASL_ENV_PATTERN} per cluster, e.g. ${saslPasswordEnv('NYC')}; set them where MM2 runs.
The flow may be one drctl.yaml does not list (e.g. the reverse flow before a failback), as long as both aliases are configured.

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [{ description: 'The reverse flow after failing over NYC to LON', command: '<%= config.bin %> mirror config --flow "LON->NYC" > mm2-LON-NYC.properties' }];
  static override flags = {
    flow: Flags.string({ description: 'SOURCE->TARGET (default: the only configured flow)' }),
  };

  async run(): Promise<{ flow: string; properties: string }> {
    const { flags } = await this.parse(MirrorConfig);
    const config = this.loadDrctlConfig(flags);
    const flow = flowFromFlag(config, flags.flow);
    const properties = renderMirrorProperties({ clusters: [config.clusters[flow.source], config.clusters[flow.target]], flow, replicationPolicy: config.replicationPolicy, offsetSyncsLocation: config.offsetSyncsLocation, syncGroupOffsets: false });
    if (!this.jsonEnabled()) process.stdout.write(properties);
    return { flow: `${flow.source}->${flow.target}`, properties };
  }
}
