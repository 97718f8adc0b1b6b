import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { componentArg, sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxStart, type SandboxComponent, type SandboxStatus } from '../../src/sandbox/sandbox.js';

/** `drctl sandbox start NYC|LON|mirror`. */
export default class SandboxStart extends DrctlCommand {
  static override summary = 'Start a stopped sandbox component again with its data, and wait until it is ready.';
  static override description = `Restarts a component that \`drctl sandbox stop\` stopped (or that died), on the same port and with its data, and waits until it answers (MirrorMaker 2: until it replicates again).\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = ['<%= config.bin %> sandbox start mirror', '<%= config.bin %> sandbox start NYC'];
  static override args = { component: componentArg };

  async run(): Promise<SandboxStatus> {
    const { args } = await this.parse(SandboxStart);
    const status = await sandboxStart(sandboxStateDir({ write: true }), args.component as SandboxComponent);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
