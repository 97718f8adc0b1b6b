/**
 * Bad input to the commands that change state, against the real sandbox: each case gets its exit code, a first
 * stderr line naming the cause, a hint, and leaves both clusters exactly as they were (committed offsets of the
 * test's groups, topics, log starts and ends) and writes no backup or journal entry. The cases that need no broker
 * are in test/unit/cli/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Consumer } from 'kafkajs';
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { startAppConsumer } from '../helpers/app-consumer.js';
import { eventually, randomName, runCli, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-bad-input-'));
const nyc = sandboxGateway('NYC');
const lon = sandboxGateway('LON');
const topic = randomName('bad-input');
const remote = `NYC.${topic}`;
const group = randomName('bad-input-svc');
const busy = randomName('bad-input-busy');
let app: Consumer | undefined;

/** Everything a mistaken command could change, on both clusters. */
async function snapshot(): Promise<string> {
  const side = async (gw: ClusterGateway, t: string) => {
    const tps = [0, 1].map((partition) => ({ topic: t, partition }));
    const [topics, starts, ends, g, b] = await Promise.all([gw.listTopics(), gw.listOffsets(tps, 'earliest'), gw.listOffsets(tps, 'latest'), gw.committedOffsets(group), gw.committedOffsets(busy)]);
    return { topics: topics.map((x) => `${x.name}/${x.partitions}`).filter((n) => !n.startsWith('__') && !n.includes('heartbeats') && !n.includes('checkpoints') && !n.includes('offset-syncs') && !n.startsWith('mm2-')), starts, ends, g, b };
  };
  return JSON.stringify({ NYC: await side(nyc, topic), LON: await side(lon, remote) }, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** A saved failover plan for `group`, edited by `edit`. */
function editedPlan(name: string, edit: (plan: { groups: { partitions: Record<string, unknown>[] }[] }) => void): string {
  const plan = JSON.parse(readFileSync(join(tmp, 'plan.json'), 'utf8'));
  edit(plan);
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

before(async () => {
  await nyc.createTopic(topic, 2);
  await nyc.produce(
    topic,
    Array.from({ length: 200 }, (_, i) => ({ value: `r${i}`, partition: i % 2 })),
  );
  await nyc.commitOffsets(
    group,
    [0, 1].map((partition) => ({ topic, partition, offset: 40n })),
  );
  await eventually(
    async () =>
      (
        await lon.listOffsets(
          [0, 1].map((partition) => ({ topic: remote, partition })),
          'latest',
        )
      ).every((e) => e.offset === 100n),
    60_000,
    'the mirror',
  );
  // A live group on LON: every mutation of it must be refused.
  app = await startAppConsumer(sandboxConfig().clusters.LON.bootstrapServers, busy, remote);
  const r = await runCli(['failover', '--group', group, '--to', 'LON', '--dry-run', '--plan-out', join(tmp, 'plan.json'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(tmp, 'dups.csv'), `${topic},0,5\n${topic},0,7\n`);
  writeFileSync(join(tmp, 'backup.json'), JSON.stringify({ id: 'x', createdAt: new Date().toISOString(), cluster: 'LON', clusterId: 'c', reason: null, groups: { [group]: [{ topic: remote, partition: 0, offset: '-3' }] } }));
});
after(async () => {
  await app?.disconnect();
  await Promise.all([nyc.close(), lon.close()]);
});

describe('bad input to commands that change state leaves both clusters unchanged', () => {
  // [name, args, exit code, first line]
  const cases: [string, () => string[], number, RegExp][] = [
    ['a saved plan with a negative offset', () => ['failover', '--plan', editedPlan('negative', (p) => (p.groups[0].partitions[0].newOffset = '-7')), '--yes'], 2, /newOffset/],
    ['a saved plan without partitions', () => ['failover', '--plan', editedPlan('no-partitions', (p) => delete (p.groups[0] as Record<string, unknown>).partitions), '--yes'], 2, /partitions/],
    ['a saved plan beyond the log end', () => ['failover', '--plan', editedPlan('beyond', (p) => (p.groups[0].partitions[0].newOffset = '999999')), '--yes'], 3, /999999/],
    [
      'a saved plan that is not JSON',
      () => {
        writeFileSync(join(tmp, 'garbage.json'), '{"version": 1, "groups": [}');
        return ['failover', '--plan', join(tmp, 'garbage.json'), '--yes'];
      },
      2,
      /garbage\.json/,
    ],
    ['--plan with --to', () => ['failover', '--plan', join(tmp, 'plan.json'), '--to', 'LON', '--yes'], 2, /--plan|--to/],
    ['failover of a group active on LON', () => ['failover', '--group', busy, '--to', 'LON', '--yes'], 3, /refused|active/],
    ['failover to an unknown alias', () => ['failover', '--group', group, '--to', 'PAR', '--yes'], 2, /unknown cluster alias "PAR"/],
    ['failover with an invalid --groups-regex', () => ['failover', '--groups-regex', '(', '--to', 'LON', '--yes'], 2, /regex/],
    ['reset to a negative offset', () => ['offsets', 'reset', '--cluster', 'LON', '--group', group, '--topic', remote, '--to-offset', '-5', '--execute'], 2, /offset/],
    ['reset of an unknown topic', () => ['offsets', 'reset', '--cluster', 'NYC', '--group', group, '--topic', 'no-such-topic', '--to-earliest', '--execute'], 2, /no-such-topic/],
    ['reset of a group active on LON', () => ['offsets', 'reset', '--cluster', 'LON', '--group', busy, '--topic', remote, '--to-earliest', '--execute'], 3, /refused|active/],
    ['reset from a CSV with conflicting rows', () => ['offsets', 'reset', '--cluster', 'NYC', '--group', group, '--from-file', join(tmp, 'dups.csv'), '--execute'], 2, /dups\.csv/],
    ['reset to a 20-digit epoch', () => ['offsets', 'reset', '--cluster', 'LON', '--group', group, '--topic', remote, '--to-datetime', '99999999999999999999', '--execute'], 2, /99999999999999999999/],
    ['restore of a backup with a negative offset', () => ['offsets', 'restore', '--cluster', 'LON', '--backup', join(tmp, 'backup.json'), '--execute'], 2, /backup\.json: .*offset/],
    ['restore of a backup that does not exist', () => ['offsets', 'restore', '--cluster', 'LON', '--backup', 'no-such-backup', '--execute'], 2, /no-such-backup/],
    ['failback waiving the salvage without a reason', () => ['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--execute', '--waive-salvage', '--quiet-period', '0'], 2, /reason/],
    ['failback with an unknown cleanup', () => ['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--cleanup', 'nope', '--salvage-dir', tmp], 2, /nope|cleanup/],
    ['failback onto itself', () => ['failback', '--old-primary', 'NYC', '--new-primary', 'NYC', '--salvage-dir', tmp, '--execute'], 2, /NYC/],
    ['a canary on an out-of-range metrics port', () => ['canary', '--flow', 'NYC->LON', '--metrics-port', '99999'], 2, /99999|metrics-port/],
    ['report rpo for a group that does not exist', () => ['report', 'rpo', '--group', 'no-such-group-typo'], 2, /no-such-group-typo/],
    ['report rto for a flow that is not configured', () => ['report', 'rto', '--flow', 'LON->NYC'], 2, /LON->NYC/],
  ];
  for (const [name, args, code, first] of cases) {
    it(`${name}: exit ${code}`, async () => {
      const stateDir = mkdtempSync(join(tmp, 'state-'));
      const env = { DRCTL_CONFIG: join(process.env.DRCTL_STATE_DIR!, 'sandbox', 'drctl.yaml'), DRCTL_STATE_DIR: stateDir };
      const beforeState = await snapshot();
      const r = await runCli(args(), env);
      assert.equal(r.code, code, `${r.stdout}\n${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      assert.match(lines[0], /^error: /, r.stderr);
      assert.match(lines[0], first);
      assert.ok(
        lines.some((l) => l.startsWith('hint: ')),
        `a hint: ${r.stderr}`,
      );
      assert.equal(await snapshot(), beforeState, 'both clusters unchanged');
      for (const d of ['backups', 'salvage']) assert.ok(!existsSync(join(stateDir, d)) || readdirSync(join(stateDir, d)).length === 0, `nothing in ${d}`);
      assert.ok(!existsSync(join(stateDir, 'journal.jsonl')) || readFileSync(join(stateDir, 'journal.jsonl'), 'utf8').trim() === '', 'nothing journaled');
    });
  }
});
