import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { confirmOrCancel, requireConfirmable } from '../../src/cli/gate.js';
import { palette } from '../../src/cli/render.js';
import { clusterByAlias } from '../../src/config/cluster-by-alias.js';
import { preconditionError } from '../../src/errors.js';
import { activeFence, journalFence } from '../../src/fence/fence.js';

/** `drctl fence remove`. */
export default class FenceRemove extends BaseCommand {
  static override summary = 'Lift the write fence that failover --fence acl put on a cluster.';
  static override description = `Removes the DENY WRITE ACLs (User:*, by topic name) that drctl put up, so producers may write to those topics again: all the topics the journal shows as fenced on --cluster, or only --topic. Journaled. Asks first (or --yes; --dry-run shows the topics).\n\nExit codes: ${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Let producers write to NYC again after a switchover back', command: '<%= config.bin %> fence remove --cluster NYC --yes --reason CHG-7' },
    { description: 'Only one topic', command: '<%= config.bin %> fence remove --cluster NYC --topic orders --yes' },
  ];
  static override flags = {
    cluster: Flags.string({ description: 'the fenced cluster', required: true }),
    topic: Flags.string({ description: 'only this topic (repeatable; default: every topic drctl fenced there)', multiple: true }),
    'dry-run': Flags.boolean({ description: 'show the topics and stop' }),
    yes: Flags.boolean({ char: 'y', description: 'do not ask for confirmation' }),
    reason: Flags.string({ description: 'why (journaled)' }),
  };

  async run(): Promise<{ cluster: string; topics: string[]; lifted: boolean }> {
    const { flags } = await this.parse(FenceRemove);
    const config = this.loadDrctlConfig(flags, { writesState: !flags['dry-run'] });
    const cluster = clusterByAlias(config, flags.cluster);
    const gate = { dryRun: flags['dry-run'], yes: flags.yes, json: this.jsonEnabled() };
    requireConfirmable(gate, 'lift the fence');
    const fenced = activeFence(config.stateDir, cluster.alias);
    const topics = flags.topic?.length ? [...new Set(flags.topic)].sort() : fenced;
    if (topics.length === 0) throw preconditionError('DRCTL_PRECONDITION', `drctl has no fence up on ${cluster.alias}`, 'the journal shows none; name topics with --topic to remove a DENY WRITE for User:* anyway');
    if (!this.jsonEnabled()) this.log(`${cluster.alias}: lift the write fence of ${topics.join(', ')}`);
    if (flags['dry-run']) {
      if (!this.jsonEnabled()) this.log(palette.dim('dry run: nothing changed'));
      return { cluster: cluster.alias, topics, lifted: false };
    }
    await confirmOrCancel(gate, `Let producers write to ${topics.length} topic(s) on ${cluster.alias} again?`, 'nothing changed');
    await this.gateways(config, [cluster.alias], this.timeoutMs(flags), (gws) => gws[cluster.alias].setWriteFence(topics, false));
    journalFence(config.stateDir, 'fence remove', cluster.alias, topics, false, flags.reason ?? null);
    if (!this.jsonEnabled()) this.log(palette.ok(`${cluster.alias}: producers may write to ${topics.length} topic(s) again`));
    return { cluster: cluster.alias, topics, lifted: true };
  }
}
