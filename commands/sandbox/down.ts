import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxDown, type SandboxStatus } from '../../src/sandbox/sandbox.js';

/** `drctl sandbox down`. */
export default class SandboxDown extends BaseCommand {
  static override summary = 'Stop the sandbox (only the processes it started, by pid) and remove its data and config.';
  static override examples = ['<%= config.bin %> sandbox down', { description: 'Do not wait for a clean shutdown', command: '<%= config.bin %> sandbox down --kill' }];
  static override flags = { kill: Flags.boolean({ description: 'kill -9 instead of a graceful stop', default: false }) };

  async run(): Promise<SandboxStatus> {
    const { flags } = await this.parse(SandboxDown);
    const status = await sandboxDown(sandboxStateDir(), flags.kill);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
