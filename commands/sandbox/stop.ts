import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { componentArg, sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxStop, type SandboxComponent, type SandboxStatus } from '../../src/sandbox/sandbox.js';

/** `drctl sandbox stop NYC|LON|mirror`: a fault on demand. */
export default class SandboxStop extends BaseCommand {
  static override summary = 'Stop one sandbox component (NYC, LON or mirror), keeping its data, to simulate a failure.';
  static override examples = [
    { description: 'Stop MirrorMaker 2 (replication lag grows)', command: '<%= config.bin %> sandbox stop mirror' },
    { description: 'Crash the NYC broker', command: '<%= config.bin %> sandbox stop NYC --kill' },
  ];
  static override args = { component: componentArg };
  static override flags = { kill: Flags.boolean({ description: 'kill -9 instead of a graceful stop', default: false }) };

  async run(): Promise<SandboxStatus> {
    const { args, flags } = await this.parse(SandboxStop);
    const status = await sandboxStop(sandboxStateDir(), args.component as SandboxComponent, flags.kill);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
