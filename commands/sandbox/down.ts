import { Flags } from '@oclif/core';
import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxDown, type SandboxStatus } from '../../src/sandbox/sandbox.js';

/** `drctl sandbox down`. */
export default class SandboxDown extends DrctlCommand {
  static override summary = 'Stop the sandbox (only the processes it started, by pid) and remove its data and config.';
  static override description = `Only the processes this sandbox started are stopped (by pid, after checking they are still ours); its folder in the state dir goes with them.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = ['<%= config.bin %> sandbox down', { description: 'Do not wait for a clean shutdown', command: '<%= config.bin %> sandbox down --kill' }];
  static override flags = { kill: Flags.boolean({ description: 'kill -9 instead of a graceful stop', default: false }) };

  async run(): Promise<SandboxStatus> {
    const { flags } = await this.parse(SandboxDown);
    const status = await sandboxDown(sandboxStateDir({ write: true }), flags.kill);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
