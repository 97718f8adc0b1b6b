import { Flags } from '@oclif/core';
import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { usageError } from '../../src/errors.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { componentArg, sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxStop, type SandboxComponent, type SandboxStatus } from '../../src/sandbox/sandbox.js';
import { secureSandboxStop } from '../../src/sandbox/secure-sandbox.js';

/** `drctl sandbox stop NYC|LON|mirror`: a fault on demand. */
export default class SandboxStop extends DrctlCommand {
  static override summary = 'Stop one sandbox component (a cluster: NYC, LON, AGG; or the mirror), keeping its data, to simulate a failure.';
  static override description = `For trying failover and failback: stop NYC to play a lost primary, or the mirror to make replication lag grow. The data stays; \`drctl sandbox start\` brings the component back.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Stop MirrorMaker 2 (replication lag grows)', command: '<%= config.bin %> sandbox stop mirror' },
    { description: 'Crash the NYC broker', command: '<%= config.bin %> sandbox stop NYC --kill' },
    { description: "Hub-spoke: stop LON's mirror into AGG only (its RPO grows, NYC's does not)", command: "<%= config.bin %> sandbox stop mirror --flow 'LON->AGG'" },
    { description: 'MM2 on Connect: crash one of the two workers (its tasks move to the other)', command: '<%= config.bin %> sandbox stop mirror --node 2 --kill' },
    { description: "Secure profile: crash one of NYC's three nodes (its partitions get new leaders)", command: '<%= config.bin %> sandbox stop NYC --profile secure --node 2 --kill' },
  ];
  static override args = { component: componentArg };
  static override flags = {
    kill: Flags.boolean({ description: 'kill -9 instead of a graceful stop', default: false }),
    profile: Flags.string({ description: 'which sandbox: default, or the secure profile (three nodes a side)', options: ['default', 'secure'], default: 'default' }),
    flow: Flags.string({ description: 'the mirror of a topology with several MM2 processes (hub-spoke): only the one that runs this flow, e.g. LON->AGG' }),
    node: Flags.integer({ description: 'secure profile: only this node of the cluster (1, 2 or 3); with --mirror connect: only this Connect worker of the mirror (1 or 2)', min: 1 }),
  };

  async run(): Promise<SandboxStatus | { profile: 'secure'; stopped: string; node: number | null }> {
    const { args, flags } = await this.parse(SandboxStop);
    if (flags.profile === 'secure') {
      await secureSandboxStop(sandboxStateDir({ write: true }), args.component, { node: flags.node, kill: flags.kill });
      const what = flags.node === undefined ? args.component : `${args.component} node ${flags.node}`;
      if (!this.jsonEnabled()) this.log(`${flags.kill ? 'killed' : 'stopped'}: ${what} (\`drctl sandbox start ${args.component} --profile secure\` brings it back)`);
      return { profile: 'secure', stopped: args.component, node: flags.node ?? null };
    }
    if (flags.node !== undefined && args.component !== 'mirror') throw usageError('--node needs --profile secure (or, for the mirror, a sandbox with --mirror connect)', 'the default sandbox has one node per cluster');
    const status = await sandboxStop(sandboxStateDir({ write: true }), args.component as SandboxComponent, flags.kill, flags.node, flags.flow);
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(status));
    return status;
  }
}
