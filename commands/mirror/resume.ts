import { Flags } from '@oclif/core';
import { BaseCommand, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { connectFlags, connectTarget } from '../../src/cli/connect-flags.js';
import { flowFromFlag } from '../../src/config/resolve-flow.js';
import { ConnectRest } from '../../src/connect/connect-rest.js';
import { setMirrorState, type StateChange } from '../../src/connect/mirror-state.js';

/** `drctl mirror resume`. */
export default class MirrorResume extends BaseCommand {
  static override summary = "Resume a flow's MirrorMaker 2 connectors on Connect (from paused or stopped; copying continues where it was).";
  static override description = `Applies to the flow's three connectors and waits until Connect reports them RUNNING, up to --timeout. Idempotent.

Exit codes: ${EXIT_CODES_HELP}`;
  static override examples = [{ description: 'The flow NYC->LON', command: "<%= config.bin %> mirror resume --connect http://connect-1:8083 --flow 'NYC->LON'" }];
  static override flags = { ...connectFlags, flow: Flags.string({ description: 'SOURCE->TARGET (default: the only configured flow)' }) };

  async run(): Promise<{ flow: string; connectors: StateChange[] }> {
    const { flags } = await this.parse(MirrorResume);
    const config = this.loadDrctlConfig(flags);
    const flow = flowFromFlag(config, flags.flow);
    const timeoutMs = this.timeoutMs(flags);
    const connectors = await setMirrorState(new ConnectRest(connectTarget(flags), timeoutMs), flow, 'resume', timeoutMs);
    if (!this.jsonEnabled()) this.log(connectors.map((c) => `${c.name}: ${c.before ?? 'absent'} -> ${c.after}`).join('\n'));
    return { flow: `${flow.source}->${flow.target}`, connectors };
  }
}
