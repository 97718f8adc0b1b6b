import { Flags } from '@oclif/core';
import { BaseCommand, ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../src/cli/base-command.js';
import { palette, renderTable } from '../../src/cli/render.js';
import { clusterByAlias } from '../../src/config/cluster-by-alias.js';
import { ExitCode, usageError } from '../../src/errors.js';
import { checkStretch, type StretchReport } from '../../src/stretch/stretch-check.js';
import { readStretchSnapshot } from '../../src/stretch/stretch-snapshot.js';

/** `drctl check stretch`. */
export default class CheckStretch extends BaseCommand {
  static override summary = 'Is a stretch cluster (one cluster over three data centers) safe when one data center is lost?';
  static override description = `Reads only. Each broker's rack (broker.rack) stands for its data center. For every topic (or those --topics matches) and every rack:
- writes with acks=all go on after the rack is lost: the replicas elsewhere are at least min.insync.replicas;
- no acknowledged write is lost with the rack: the rack holds fewer replicas of any partition than min.insync.replicas;
- unclean.leader.election.enable is off.
The controller quorum (KRaft voters, read with DescribeQuorum) must keep a majority without any one rack; controllers that are not brokers have no rack drctl can read: name them with --controller-rack. The cluster needs three racks. Each problem comes with what to change. Producers must use acks=all (drctl cannot see them).
Exit 1 when the cluster or any topic is unsafe (or the quorum is not known to be safe).

Exit codes: ${EXIT_CODES_HELP}

${ENVIRONMENT_HELP}`;
  static override examples = [
    { description: 'Check every topic and the controller quorum of NYC', command: '<%= config.bin %> check stretch --cluster NYC' },
    { description: 'Only the orders topics, as JSON for CI (exit 1 when unsafe)', command: "<%= config.bin %> check stretch --cluster NYC --topics 'orders.*' --json" },
    { description: 'Dedicated controllers 3000-3002 in racks dc1..dc3', command: '<%= config.bin %> check stretch --cluster NYC --controller-rack 3000=dc1 --controller-rack 3001=dc2 --controller-rack 3002=dc3' },
  ];
  static override flags = {
    cluster: Flags.string({ description: 'the cluster alias to check', required: true }),
    topics: Flags.string({ description: 'only topics whose whole name matches this regex (default: every topic, internal ones included)' }),
    'controller-rack': Flags.string({ description: 'the rack of a controller that is not a broker, as NODE_ID=RACK (repeatable)', multiple: true }),
  };

  async run(): Promise<StretchReport> {
    const { flags } = await this.parse(CheckStretch);
    const config = this.loadDrctlConfig(flags);
    clusterByAlias(config, flags.cluster);
    const topics = flags.topics === undefined ? undefined : topicsRegex(flags.topics);
    const controllerRacks = new Map((flags['controller-rack'] ?? []).map(parseControllerRack));
    const timeoutMs = this.timeoutMs(flags);
    const report = await this.gateways(config, [flags.cluster], timeoutMs, async (gws) => checkStretch(await readStretchSnapshot(gws[flags.cluster], { topics, controllerRacks })));
    if (!this.jsonEnabled()) this.log(render(report));
    if (!report.safe) process.exitCode = ExitCode.checkFailed;
    return report;
  }
}

/** --topics as a whole-name regex; a bad pattern is a usage error. */
function topicsRegex(p: string): RegExp {
  try {
    return new RegExp(`^(?:${p})$`);
  } catch (e) {
    throw usageError(`--topics ${p}: not a regular expression (${(e as Error).message})`, "e.g. --topics 'orders.*'");
  }
}

/** NODE_ID=RACK. */
function parseControllerRack(s: string): [number, string] {
  const m = /^(\d+)=(\S+)$/.exec(s);
  if (!m) throw usageError(`--controller-rack ${s}: expected NODE_ID=RACK`, 'e.g. --controller-rack 3000=dc1');
  return [Number(m[1]), m[2]];
}

function render(r: StretchReport): string {
  const out: string[] = [];
  const verdict = (safe: boolean) => (safe ? palette.ok('SAFE') : palette.bad('UNSAFE'));
  out.push(palette.bold(`${r.cluster}: ${verdict(r.safe)} for the loss of one rack`));
  const byRack = new Map<string, number[]>();
  for (const b of r.brokers) byRack.set(b.rack ?? '(no rack)', [...(byRack.get(b.rack ?? '(no rack)') ?? []), b.nodeId]);
  out.push(`racks: ${[...byRack].map(([rack, ids]) => `${rack} (broker${ids.length > 1 ? 's' : ''} ${ids.join(', ')})`).join('; ')}`);
  for (const p of r.problems) out.push(palette.bad(`  - ${p}`));
  const q = r.quorum;
  out.push(`controller quorum: ${verdict(q.safe)}${q.voters.length ? `, voters ${q.voters.map((v) => `${v.nodeId}${v.nodeId === q.leaderId ? '*' : ''} (${v.rack ?? '?'})`).join(', ')}` : ''}`);
  for (const p of q.problems) out.push(palette.bad(`  - ${p}`));
  for (const f of q.fixes) out.push(`    fix: ${f}`);
  const unsafe = r.topics.filter((t) => !t.safe);
  out.push(`topics: ${r.topics.length - unsafe.length} safe, ${unsafe.length === 0 ? palette.ok('0 unsafe') : palette.bad(`${unsafe.length} unsafe`)}`);
  if (unsafe.length > 0) {
    out.push(
      renderTable(
        ['topic', 'replication factor', 'min.insync.replicas', 'most on one rack', 'writes survive', 'acked writes survive'],
        unsafe.map((t) => [t.topic, t.replicationFactor, t.minInsyncReplicas, t.mostOnOneRack ? `${t.mostOnOneRack.replicas} (${t.mostOnOneRack.rack})` : '-', t.writesSurvive ? 'yes' : palette.bad('no'), t.ackedWritesSurvive ? 'yes' : palette.bad('no')]),
      ),
    );
    for (const t of unsafe) {
      out.push(palette.bold(t.topic));
      for (const p of t.problems) out.push(palette.bad(`  - ${p}`));
      for (const f of t.fixes) out.push(`    fix: ${f}`);
    }
  }
  return out.join('\n');
}
