import { Flags } from '@oclif/core';
import { DrctlCommand, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderDoctor } from '../../src/cli/doctor-render.js';
import { ExitCode } from '../../src/errors.js';
import { diagnoseMm2, type Finding } from '../../src/mm2/doctor.js';
import { readMm2Settings } from '../../src/mm2/doctor-file.js';
import { parseDuration, parseTimerDuration } from '../../src/time/duration.js';
import { connectTarget } from '../../src/cli/connect-flags.js';
import { ConnectRest } from '../../src/connect/connect-rest.js';
import { connectorsAsProperties } from '../../src/connect/connect-doctor.js';

/** `drctl mirror doctor`. */
export default class MirrorDoctor extends DrctlCommand {
  static override summary = 'Flag MirrorMaker 2 settings that hurt disaster recovery, with why and the fix.';
  static override description = `Reads a dedicated-mode MM2 properties file (connect-mirror-maker.properties), or the MM2 connectors running on a Kafka Connect cluster (--connect), and checks, per enabled flow: tasks.max below 2; refresh.groups.interval.seconds (new groups get no checkpoint for up to 10 minutes by default); emit.checkpoints.interval.seconds against the RPO objective; sync.group.offsets.enabled while drctl does the failovers; the source consumer not read_committed (transactional sources); offset syncs on the source and offset.lag.max (what they cost in duplicates); heartbeats disabled; the target producer's acks, idempotence and requests in flight (ordering). For the deployment: replication factors below 3, and an identity replication policy with both directions on (a loop). MM2's defaults apply to what the file does not set.
With --mm2-config nothing is contacted: the file alone is read. With --connect, the connectors' configs are read (nothing is changed). Exit 1 when any finding is an error, so CI can gate on it.

Exit codes: ${EXIT_CODES_HELP}`;
  static override examples = [
    { description: 'Check the file MM2 runs with', command: '<%= config.bin %> mirror doctor --mm2-config /etc/kafka/connect-mirror-maker.properties' },
    { description: 'Check the MM2 connectors of a Connect cluster', command: '<%= config.bin %> mirror doctor --connect http://connect-1:8083' },
    { description: 'Weigh the checkpoint interval against a 30 s RPO objective, as JSON for CI', command: '<%= config.bin %> mirror doctor --mm2-config mm2.properties --rpo-objective 30s --json' },
  ];
  static override flags = {
    'mm2-config': Flags.string({ description: 'the MM2 properties file to check', exactlyOne: ['mm2-config', 'connect'] }),
    connect: Flags.string({ description: "or: the REST URL of a Connect worker running MM2's connectors (their configs are checked)", exactlyOne: ['mm2-config', 'connect'] }),
    'connect-user': Flags.string({ description: "user for the REST API's basic auth (password: DRCTL_CONNECT_PASSWORD)" }),
    timeout: Flags.string({ description: 'with --connect: give up on an unresponsive worker after this long', default: '10s' }),
    'rpo-objective': Flags.string({ description: 'the RPO objective (e.g. 30s, 5m): a checkpoint interval above it is an error' }),
  };

  async run(): Promise<{ file: string; findings: Finding[]; errors: number; warnings: number }> {
    const { flags } = await this.parse(MirrorDoctor);
    const rpoSeconds = flags['rpo-objective'] === undefined ? undefined : parseDuration(flags['rpo-objective'], '--rpo-objective') / 1000;
    const file = flags['mm2-config'] ?? flags.connect!;
    const settings =
      flags['mm2-config'] !== undefined
        ? readMm2Settings(flags['mm2-config'])
        : connectorsAsProperties(await new ConnectRest(connectTarget({ connect: flags.connect!, 'connect-user': flags['connect-user'] }), parseTimerDuration(flags.timeout, '--timeout')).connectors());
    const findings = diagnoseMm2(settings, { rpoSeconds });
    const errors = findings.filter((f) => f.level === 'error').length;
    if (!this.jsonEnabled()) process.stdout.write(renderDoctor(file, findings));
    if (errors > 0) process.exitCode = ExitCode.checkFailed;
    return { file, findings, errors, warnings: findings.filter((f) => f.level === 'warning').length };
  }
}
