import { Flags } from '@oclif/core';
import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxDown, sandboxStatus, type SandboxStatus } from '../../src/sandbox/sandbox.js';
import { secureSandboxDown } from '../../src/sandbox/secure-sandbox.js';

/** `drctl sandbox down`. */
export default class SandboxDown extends DrctlCommand {
  static override summary = 'Stop the sandbox (only the processes it started, by pid) and remove its data and config.';
  static override description = `Only the processes this sandbox started are stopped (by pid, after checking they are still ours); its folder in the state dir goes with them.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = ['<%= config.bin %> sandbox down', { description: 'Do not wait for a clean shutdown', command: '<%= config.bin %> sandbox down --kill' }];
  static override flags = {
    kill: Flags.boolean({ description: 'kill -9 instead of a graceful stop', default: false }),
    profile: Flags.string({ description: 'which sandbox: default or secure', options: ['default', 'secure'], default: 'default' }),
  };

  async run(): Promise<SandboxStatus> {
    const { flags } = await this.parse(SandboxDown);
    const stateDir = sandboxStateDir({ write: true });
    // Each profile is stopped on its own: the other may be in use.
    const status = flags.profile === 'secure' ? (await secureSandboxDown(stateDir, flags.kill), sandboxStatus(stateDir)) : await sandboxDown(stateDir, flags.kill);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
