import { Flags } from '@oclif/core';
import { DrctlCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderSandboxStatus } from '../../src/cli/sandbox-render.js';
import { sandboxStateDir } from '../../src/cli/sandbox-flags.js';
import { sandboxUp, type SandboxStatus, type SandboxUpTimings } from '../../src/sandbox/sandbox.js';
import { workerUrl } from '../../src/sandbox/connect-workers.js';
import { SANDBOX_TOPOLOGIES, type SandboxTopology } from '../../src/sandbox/topology.js';
import { SECURE_CLUSTERS, secureBootstrap, secureSandboxConfigPath, secureSandboxUp } from '../../src/sandbox/secure-sandbox.js';
import { parseTimerDuration } from '../../src/time/duration.js';

/** `drctl sandbox up`. */
export default class SandboxUp extends DrctlCommand {
  static override summary = 'Start local KRaft clusters and MirrorMaker 2: NYC->LON by default, or an active-active pair or a hub and its spokes.';
  static override description = `Resolves Apache Kafka's jars from Maven Central with Maven (once, into ~/.cache/drctl or DRCTL_CACHE_DIR), starts two single-node KRaft clusters on free ports and MirrorMaker 2 in dedicated mode (offset syncs on the target, fast checkpoints and heartbeats), and waits until MM2 replicates (up to --timeout). Writes <state dir>/sandbox/drctl.yaml so every drctl command works against the sandbox with no flags. Needs Java 17+ and Maven. Re-running it restarts whatever is down.\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}\n  KAFKA_VERSION    the Kafka version when --kafka-version is not given`;
  static override examples = [
    '<%= config.bin %> sandbox up',
    { description: 'Kafka 3.9 instead of the default 4.x', command: '<%= config.bin %> sandbox up --kafka-version 3.9.x' },
    { description: "Also turn on MM2's own consumer-group offset sync", command: '<%= config.bin %> sandbox up --sync-group-offsets' },
    { description: 'With drctl agent beside MM2 (exact checkpoints, for a near-exact unplanned failover)', command: '<%= config.bin %> sandbox up --mm2-defaults --agent' },
    { description: 'MM2 as operators run it (offset syncs on the source, offset.lag.max 100): coarse checkpoints, for drctl agent', command: '<%= config.bin %> sandbox up --mm2-defaults' },
    { description: 'MM2 as connectors on a Kafka Connect cluster of two workers (REST URLs in `sandbox status --json`)', command: '<%= config.bin %> sandbox up --mirror connect' },
    { description: 'Active-active: MM2 both ways between NYC and LON (orders on NYC is NYC.orders on LON, and back)', command: '<%= config.bin %> sandbox up --topology active-active' },
    { description: 'Hub and spokes: NYC and LON mirrored into AGG, one MM2 per spoke (`sandbox stop mirror --flow LON->AGG` stops one)', command: '<%= config.bin %> sandbox up --topology hub-spoke' },
    { description: 'Production-like: 3 nodes a side, SASL_SSL and mTLS, ACLs (in <state dir>/sandbox-secure)', command: '<%= config.bin %> sandbox up --profile secure' },
    { description: 'Both: MM2 on a Connect cluster whose workers log in to LON as mm2 over SASL_SSL', command: '<%= config.bin %> sandbox up --profile secure --mirror connect' },
  ];
  static override flags = {
    'kafka-version': Flags.string({ description: 'Apache Kafka version (default 4.3.1, or KAFKA_VERSION); 3.9.x and 4.x work' }),
    'sync-group-offsets': Flags.boolean({ description: "enable MM2's sync.group.offsets (off by default: drctl moves groups itself)", default: false }),
    agent: Flags.boolean({ description: 'also run drctl agent beside MM2 (exact checkpoints every 2 s, RPO samples); its log is <state dir>/sandbox/agent.log', default: false }),
    'mm2-defaults': Flags.boolean({ description: 'MM2 with its defaults for translation precision, as operators run it: offset syncs on the source, offset.lag.max 100 (intervals stay short)', default: false }),
    topology: Flags.string({
      description: 'active-standby: NYC->LON; active-active: NYC->LON and LON->NYC (one MM2 for both); hub-spoke: NYC->AGG and LON->AGG (a third cluster, AGG, and one MM2 per spoke)',
      options: [...SANDBOX_TOPOLOGIES],
    }),
    mirror: Flags.string({ description: 'how MM2 runs: dedicated (one process), or connect (its three connectors on a Connect cluster of two workers attached to LON, deployed as `drctl mirror deploy` does)', options: ['dedicated', 'connect'] }),
    timeout: Flags.string({ description: 'how long to wait for the clusters and MirrorMaker 2 to be ready (e.g. 2m, 5m)', default: '2m' }),
    profile: Flags.string({
      description: 'default: one PLAINTEXT node a side; secure: three nodes a side with racks, SASL_SSL (SCRAM-SHA-512) and mTLS listeners, StandardAuthorizer, principals admin, drctl, mm2, app',
      options: ['default', 'secure'],
      default: 'default',
    }),
  };

  async run(): Promise<{ status: SandboxStatus; timings: SandboxUpTimings } | { profile: 'secure'; config: string; clusters: Record<string, string[]>; connect?: string[]; ms: number }> {
    const { flags } = await this.parse(SandboxUp);
    const readyTimeoutMs = parseTimerDuration(flags.timeout, '--timeout');
    if (flags.profile === 'secure') {
      const stateDir = sandboxStateDir({ write: true });
      const up = await secureSandboxUp({ stateDir, kafkaVersion: flags['kafka-version'], mirror: flags.mirror as 'dedicated' | 'connect' | undefined, log: (m) => this.progress(m), readyTimeoutMs: Math.max(readyTimeoutMs, 240_000) });
      const connect = up.state.connect?.workers.map(workerUrl);
      const out = { profile: 'secure' as const, config: secureSandboxConfigPath(stateDir), clusters: Object.fromEntries(SECURE_CLUSTERS.map((a) => [a, secureBootstrap(up.state, a)])), ...(connect ? { connect } : {}), ms: up.ms };
      if (!this.jsonEnabled())
        this.log(
          [
            ...SECURE_CLUSTERS.map((a) => `${a}  SASL_SSL ${out.clusters[a].join(',')}`),
            ...(connect ? [`Connect workers (MM2 as mm2): ${connect.join(', ')}`] : []),
            `config (principal drctl): ${out.config}`,
            `use it: DRCTL_CONFIG=${out.config} drctl status`,
          ].join('\n'),
        );
      return out;
    }
    const result = await sandboxUp({
      stateDir: sandboxStateDir({ write: true }),
      kafkaVersion: flags['kafka-version'],
      syncGroupOffsets: flags['sync-group-offsets'],
      mm2Defaults: flags['mm2-defaults'],
      agent: flags.agent,
      mirror: flags.mirror as 'dedicated' | 'connect' | undefined,
      topology: flags.topology as SandboxTopology | undefined,
      log: (m) => this.progress(m),
      readyTimeoutMs,
    });
    if (!this.jsonEnabled()) this.log(renderSandboxStatus(result.status));
    return result;
  }
}
