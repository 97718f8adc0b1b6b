/**
 * `drctl mirror pause|resume|stop`: the same command for three actions on a flow's MM2 connectors on Connect. Each
 * command file is `export default mirrorStateCommand(action, summary)`.
 */
import { Flags } from '@oclif/core';
import { ConnectRest } from '../connect/connect-rest.js';
import { setMirrorState, type StateChange } from '../connect/mirror-state.js';
import { flowFromFlag } from '../config/resolve-flow.js';
import { BaseCommand, EXIT_CODES_HELP } from './base-command.js';
import { connectFlags, connectTarget } from './connect-flags.js';

const STATE = { pause: 'PAUSED', resume: 'RUNNING', stop: 'STOPPED' } as const;

/** The command class for `action`. */
export function mirrorStateCommand(action: 'pause' | 'resume' | 'stop', summary: string) {
  return class MirrorStateCommand extends BaseCommand {
    static override summary = summary;
    static override description = `Applies to the flow's three connectors and waits until Connect reports them ${STATE[action]}, up to --timeout. Idempotent.

Exit codes: ${EXIT_CODES_HELP}`;
    static override examples = [{ description: 'The flow NYC->LON', command: `<%= config.bin %> mirror ${action} --connect http://connect-1:8083 --flow 'NYC->LON'` }];
    static override flags = { ...connectFlags, flow: Flags.string({ description: 'SOURCE->TARGET (default: the only configured flow)' }) };

    async run(): Promise<{ flow: string; connectors: StateChange[] }> {
      const { flags } = await this.parse(MirrorStateCommand);
      const config = this.loadDrctlConfig(flags);
      const flow = flowFromFlag(config, flags.flow);
      const timeoutMs = this.timeoutMs(flags);
      const connectors = await setMirrorState(new ConnectRest(connectTarget(flags), timeoutMs), flow, action, timeoutMs);
      if (!this.jsonEnabled()) this.log(connectors.map((c) => `${c.name}: ${c.before ?? 'absent'} -> ${c.after}`).join('\n'));
      return { flow: `${flow.source}->${flow.target}`, connectors };
    }
  };
}
