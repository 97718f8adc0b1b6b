import { Flags } from '@oclif/core';
import { BaseCommand, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { connectFlags, connectTarget } from '../../src/cli/connect-flags.js';
import { renderMirrorHealth } from '../../src/cli/connect-render.js';
import { flowFromFlag } from '../../src/config/resolve-flow.js';
import { ConnectRest } from '../../src/connect/connect-rest.js';
import { mirrorHealth, type MirrorHealth } from '../../src/connect/mirror-health.js';
import { mirrorLag } from '../../src/connect/mirror-lag.js';
import { ExitCode } from '../../src/errors.js';

/** `drctl mirror status`. */
export default class MirrorStatus extends BaseCommand {
  static override summary = "A flow's MirrorMaker 2 connectors on Kafka Connect: state, worker, tasks, failures, lag; GO or NO-GO.";
  static override description = `Per connector and task: state, worker, and the first line of a failure's trace. A healthy flow has its three connectors RUNNING, the source connector at least one task, the heartbeat connector one, and checkpoint tasks once groups match. A FAILED connector or task, a paused or stopped connector, a task without a worker, or a source connector with 0 tasks is NO-GO (exit 1). The lag is the source's log ends beside the source connector's offsets (KIP-875).

Exit codes: ${EXIT_CODES_HELP}`;
  static override examples = [{ description: 'Is the flow healthy?', command: "<%= config.bin %> mirror status --connect http://connect-1:8083 --flow 'NYC->LON'" }];
  static override flags = { ...connectFlags, flow: Flags.string({ description: 'SOURCE->TARGET (default: the only configured flow)' }) };

  async run(): Promise<MirrorHealth & { lag: { partitions: number; records: bigint | null } | null }> {
    const { flags } = await this.parse(MirrorStatus);
    const config = this.loadDrctlConfig(flags);
    const flow = flowFromFlag(config, flags.flow);
    const timeoutMs = this.timeoutMs(flags);
    const rest = new ConnectRest(connectTarget(flags), timeoutMs);
    const health = mirrorHealth(flow, await rest.connectors());
    // The lag needs the source; a source that does not answer leaves it unknown, not the verdict.
    const lag = health.connectors[0].state === null ? null : await this.gateways(config, [flow.source], timeoutMs, async (g) => mirrorLag(rest, flow, g[flow.source])).catch(() => ({ partitions: 0, records: null }));
    if (!this.jsonEnabled()) this.log(renderMirrorHealth(health, lag ?? undefined));
    if (health.verdict !== 'GO') process.exitCode = ExitCode.checkFailed;
    return { ...health, lag };
  }
}
