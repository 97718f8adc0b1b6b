import { Flags } from '@oclif/core';
import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { componentArg, sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxStart, type SandboxComponent, type SandboxStatus } from '../../src/sandbox/sandbox.js';
import { secureSandboxStart } from '../../src/sandbox/secure-sandbox.js';

/** `drctl sandbox start NYC|LON|mirror`. */
export default class SandboxStart extends DrctlCommand {
  static override summary = 'Start a stopped sandbox component again with its data, and wait until it is ready.';
  static override description = `Restarts a component that \`drctl sandbox stop\` stopped (or that died), on the same port and with its data, and waits until it answers (MirrorMaker 2: until it replicates again).\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = ['<%= config.bin %> sandbox start mirror', '<%= config.bin %> sandbox start NYC', { description: "Secure profile: start NYC's stopped nodes", command: '<%= config.bin %> sandbox start NYC --profile secure' }];
  static override args = { component: componentArg };
  static override flags = {
    flow: Flags.string({ description: 'the mirror of a topology with several MM2 processes (hub-spoke): only the one that runs this flow, e.g. LON->AGG' }),
    profile: Flags.string({ description: 'which sandbox: default, or the secure profile (three nodes a side)', options: ['default', 'secure'], default: 'default' }),
  };

  async run(): Promise<SandboxStatus | { profile: 'secure'; started: string }> {
    const { args, flags } = await this.parse(SandboxStart);
    if (flags.profile === 'secure') {
      await secureSandboxStart(sandboxStateDir({ write: true }), args.component);
      if (!this.jsonEnabled()) this.log(`started: ${args.component} (secure profile)`);
      return { profile: 'secure', started: args.component };
    }
    const status = await sandboxStart(sandboxStateDir({ write: true }), args.component as SandboxComponent, process.env, 120000, flags.flow);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
