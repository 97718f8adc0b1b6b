import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { renderTranslation } from '../../src/cli/translate-render.js';
import { resolveFlow } from '../../src/config/resolve-flow.js';
import { usageError } from '../../src/errors.js';
import { gatherTranslateInputs } from '../../src/translate/gather-inputs.js';
import { toResetCsv, translateGroups, type PartitionTranslation, type TranslateMethod } from '../../src/translate/translate-groups.js';

/** The `--json` result of `drctl offsets translate`. */
export interface TranslateResult {
  flow: string;
  method: TranslateMethod;
  sourceReachable: boolean;
  groups: string[];
  partitions: PartitionTranslation[];
  warnings: string[];
}

/** `drctl offsets translate`. */
export default class OffsetsTranslate extends BaseCommand {
  static override summary = "Translate consumer groups' offsets from the source to the target of an MM2 flow.";
  static override description = `Methods, per partition:
  checkpoints  MM2's checkpoints on the target; the same results as RemoteClusterUtils.translateOffsets
  syncs        MM2's algorithm over the offset syncs, applied to the group's committed offsets on the source
  exact        the target offset of the very record the group reads next, found by record identity (needs the source);
               falls back to the syncs value, and says why, where it cannot be exact
  auto         exact when the source is reachable, else checkpoints (default)
Reads only: nothing is committed. --export prints CSV that kafka-consumer-groups --reset-offsets --from-file accepts on the target.

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Where should orders-svc resume on LON?', command: '<%= config.bin %> offsets translate --group orders-svc --from NYC --to LON' },
    { description: 'What RemoteClusterUtils would say, for every mirrored group', command: '<%= config.bin %> offsets translate --all-groups --method checkpoints' },
    { description: 'A reset file for kafka-consumer-groups on LON', command: '<%= config.bin %> offsets translate --group orders-svc --method exact --export > orders-svc.csv' },
  ];
  static override flags = {
    group: Flags.string({ char: 'g', description: 'consumer group (repeatable)', multiple: true }),
    'all-groups': Flags.boolean({ description: 'every group the flow mirrors (from the source, or from the checkpoints when it is down)', exclusive: ['group'] }),
    from: Flags.string({ description: 'source cluster alias (default: the only configured flow)' }),
    to: Flags.string({ description: 'target cluster alias' }),
    method: Flags.string({ description: 'translation method', options: ['checkpoints', 'syncs', 'exact', 'auto'], default: 'auto' }),
    export: Flags.boolean({ description: 'print CSV for kafka-consumer-groups --reset-offsets --from-file instead of a table', exclusive: ['json'] }),
  };

  async run(): Promise<TranslateResult> {
    const { flags } = await this.parse(OffsetsTranslate);
    // Said here, before any connection; gatherTranslateInputs says it only after reading the target.
    if (!flags.group?.length && !flags['all-groups']) throw usageError('no group given', 'pass --group NAME (repeatable) or --all-groups');
    const config = this.loadDrctlConfig(flags);
    const flow = resolveFlow(config, flags.from, flags.to);
    const method = flags.method as TranslateMethod;
    const timeoutMs = this.timeoutMs(flags);
    const result = await this.gateways(config, [flow.source, flow.target], timeoutMs, async (gws) => {
      const g = await gatherTranslateInputs(config, { flow, method, groups: flags.group ?? [], allGroups: flags['all-groups'], timeoutMs }, gws[flow.source], gws[flow.target]);
      const partitions: PartitionTranslation[] = [...(await translateGroups(g.groups, method, g.inputs)).values()].flat();
      return { flow: `${flow.source}->${flow.target}`, method, sourceReachable: g.sourceReachable, groups: g.groups, partitions, warnings: g.warnings };
    });
    if (flags.export) process.stdout.write(toResetCsv(result.partitions));
    else if (!this.jsonEnabled()) this.log(renderTranslation(result));
    for (const w of result.warnings) if (!this.jsonEnabled()) process.stderr.write(`warning: ${w}\n`);
    return result;
  }
}
