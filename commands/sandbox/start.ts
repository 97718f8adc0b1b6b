import { BaseCommand } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { componentArg, sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxStart, type SandboxComponent, type SandboxStatus } from '../../src/sandbox/sandbox.js';

/** `drctl sandbox start NYC|LON|mirror`. */
export default class SandboxStart extends BaseCommand {
  static override summary = 'Start a stopped sandbox component again with its data, and wait until it is ready.';
  static override examples = ['<%= config.bin %> sandbox start mirror', '<%= config.bin %> sandbox start NYC'];
  static override args = { component: componentArg };

  async run(): Promise<SandboxStatus> {
    const { args } = await this.parse(SandboxStart);
    const status = await sandboxStart(sandboxStateDir(), args.component as SandboxComponent);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
