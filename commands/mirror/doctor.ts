import { Flags } from '@oclif/core';
import { DrctlCommand, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderDoctor } from '../../src/cli/doctor-render.js';
import { ExitCode } from '../../src/errors.js';
import { diagnoseMm2, type Finding } from '../../src/mm2/doctor.js';
import { readMm2Settings } from '../../src/mm2/doctor-file.js';
import { parseDuration } from '../../src/time/duration.js';

/** `drctl mirror doctor`. */
export default class MirrorDoctor extends DrctlCommand {
  static override summary = 'Flag MirrorMaker 2 settings that hurt disaster recovery, with why and the fix.';
  static override description = `Reads a dedicated-mode MM2 properties file (connect-mirror-maker.properties) and checks, per enabled flow: tasks.max below 2; refresh.groups.interval.seconds (new groups get no checkpoint for up to 10 minutes by default); emit.checkpoints.interval.seconds against the RPO objective; sync.group.offsets.enabled while drctl does the failovers; the source consumer not read_committed (transactional sources); offset syncs on the source and offset.lag.max (what they cost in duplicates); heartbeats disabled; the target producer's acks, idempotence and requests in flight (ordering). For the deployment: replication factors below 3, and an identity replication policy with both directions on (a loop). MM2's defaults apply to what the file does not set.
Nothing is contacted: the file alone is read. Exit 1 when any finding is an error, so CI can gate on it.

Exit codes: ${EXIT_CODES_HELP}`;
  static override examples = [
    { description: 'Check the file MM2 runs with', command: '<%= config.bin %> mirror doctor --mm2-config /etc/kafka/connect-mirror-maker.properties' },
    { description: 'Weigh the checkpoint interval against a 30 s RPO objective, as JSON for CI', command: '<%= config.bin %> mirror doctor --mm2-config mm2.properties --rpo-objective 30s --json' },
  ];
  static override flags = {
    'mm2-config': Flags.string({ description: 'the MM2 properties file to check', required: true }),
    'rpo-objective': Flags.string({ description: 'the RPO objective (e.g. 30s, 5m): a checkpoint interval above it is an error' }),
  };

  async run(): Promise<{ file: string; findings: Finding[]; errors: number; warnings: number }> {
    const { flags } = await this.parse(MirrorDoctor);
    const rpoSeconds = flags['rpo-objective'] === undefined ? undefined : parseDuration(flags['rpo-objective'], '--rpo-objective') / 1000;
    const file = flags['mm2-config'];
    const findings = diagnoseMm2(readMm2Settings(file), { rpoSeconds });
    const errors = findings.filter((f) => f.level === 'error').length;
    if (!this.jsonEnabled()) process.stdout.write(renderDoctor(file, findings));
    if (errors > 0) process.exitCode = ExitCode.checkFailed;
    return { file, findings, errors, warnings: findings.filter((f) => f.level === 'warning').length };
  }
}
