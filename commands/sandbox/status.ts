import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxStatus, type SandboxStatus } from '../../src/sandbox/sandbox.js';

/** `drctl sandbox status`. */
export default class SandboxStatusCommand extends DrctlCommand {
  static override summary = 'Show what the sandbox runs, where, and where its logs are.';
  static override description = `Reads only the sandbox's own state in the state dir (ports, pids, log files); it asks no cluster anything.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = ['<%= config.bin %> sandbox status', '<%= config.bin %> sandbox status --json'];

  async run(): Promise<SandboxStatus> {
    await this.parse(SandboxStatusCommand);
    const status = sandboxStatus(sandboxStateDir({ write: false }));
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
