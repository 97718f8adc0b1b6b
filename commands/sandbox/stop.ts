import { Flags } from '@oclif/core';
import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { componentArg, sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxStop, type SandboxComponent, type SandboxStatus } from '../../src/sandbox/sandbox.js';

/** `drctl sandbox stop NYC|LON|mirror`: a fault on demand. */
export default class SandboxStop extends DrctlCommand {
  static override summary = 'Stop one sandbox component (NYC, LON or mirror), keeping its data, to simulate a failure.';
  static override description = `For trying failover and failback: stop NYC to play a lost primary, or the mirror to make replication lag grow. The data stays; \`drctl sandbox start\` brings the component back.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Stop MirrorMaker 2 (replication lag grows)', command: '<%= config.bin %> sandbox stop mirror' },
    { description: 'Crash the NYC broker', command: '<%= config.bin %> sandbox stop NYC --kill' },
  ];
  static override args = { component: componentArg };
  static override flags = { kill: Flags.boolean({ description: 'kill -9 instead of a graceful stop', default: false }) };

  async run(): Promise<SandboxStatus> {
    const { args, flags } = await this.parse(SandboxStop);
    const status = await sandboxStop(sandboxStateDir({ write: true }), args.component as SandboxComponent, flags.kill);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
