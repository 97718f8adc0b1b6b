// Consumer groups on the new rebalance protocol (KIP-848, group.protocol=consumer), with real Java consumers: every
// "is this group active?" check must see them. On brokers without ConsumerGroupDescribe (Kafka 3.9) drctl describes
// groups as before and says which API is missing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { consumeUntil, startAppConsumer } from '../helpers/app-consumer.js';
import { startKip848Consumer, type ConsumedRecord, type Kip848Consumer } from '../helpers/kip848-consumer.js';
import { eventually, javaCommand, randomName, runCli, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';
import { allRecords } from '../helpers/translation-truth.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-kip848-'));
const nycBootstrap = () => sandboxConfig().clusters.NYC.bootstrapServers.join(',');
const lonBootstrap = () => sandboxConfig().clusters.LON.bootstrapServers.join(',');

/** Does the sandbox's Kafka describe KIP-848 groups (ConsumerGroupDescribe), or does drctl fall back? */
async function kip848Support(): Promise<{ supported: boolean; note: string | null }> {
  const gw = sandboxGateway('LON');
  try {
    const [g] = await gw.describeGroups([randomName('probe')]);
    return { supported: g.note === null, note: g.note };
  } finally {
    await gw.close();
  }
}
const support = await kip848Support();

/** A topic on NYC with `n` records per partition, copied to LON by MM2. */
async function mirroredTopic(nyc: ClusterGateway, lon: ClusterGateway, prefix: string, partitions: number, n: number): Promise<string> {
  const topic = randomName(prefix);
  await nyc.createTopic(topic, partitions);
  await nyc.produce(
    topic,
    Array.from({ length: partitions * n }, (_, i) => ({ key: `k${i}`, value: `${topic}-${i}`, partition: i % partitions })),
  );
  await awaitCopied(nyc, lon, topic, partitions);
  return topic;
}

/** Wait until LON's copy of `topic` ends where NYC's does, on every partition. */
async function awaitCopied(nyc: ClusterGateway, lon: ClusterGateway, topic: string, partitions: number): Promise<void> {
  const tps = Array.from({ length: partitions }, (_, partition) => ({ topic, partition }));
  const ends = (await nyc.listOffsets(tps, 'latest')).map((e) => e.offset);
  await eventually(
    async () => {
      if (!(await lon.listTopics()).some((t) => t.name === `NYC.${topic}`)) return false;
      const copied = await lon.listOffsets(
        tps.map((tp) => ({ ...tp, topic: `NYC.${topic}` })),
        'latest',
      );
      return copied.every((c, i) => c.offset === ends[i]);
    },
    120_000,
    `MM2 to copy ${topic}`,
  );
}

/** Stop every consumer a test started, also when it fails. */
function consumers() {
  const started: Kip848Consumer[] = [];
  return {
    start: (...args: Parameters<typeof startKip848Consumer>) => {
      const c = startKip848Consumer(...args);
      started.push(c);
      return c;
    },
    stopAll: () => Promise.all(started.map((c) => c.stop())),
  };
}

/** What a group has not yet consumed on NYC, per partition and in order: the values at or after its commits. */
async function unconsumedOnNyc(nyc: ClusterGateway, topic: string, partitions: number, group: string): Promise<string[][]> {
  const committed = await nyc.committedOffsets(group);
  const out: string[][] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const from = committed.find((c) => c.topic === topic && c.partition === partition)?.offset ?? 0n;
    out.push((await allRecords(nyc, { topic, partition })).filter((r) => r.offset >= from).map((r) => r.value!.toString()));
  }
  return out;
}
const byPartition = (records: ConsumedRecord[], partitions: number): string[][] => Array.from({ length: partitions }, (_, p) => records.filter((r) => r.partition === p).map((r) => r.value));

if (!support.supported) {
  describe('groups on brokers without the KIP-848 group APIs', () => {
    it('describes groups with DescribeGroups as before, and says which API is missing', async () => {
      assert.match(support.note ?? '', /^described with DescribeGroups only: .*ConsumerGroupDescribe/);
      const lon = sandboxGateway('LON');
      const topic = randomName('kip848-none');
      const group = randomName('classic-app');
      try {
        await lon.createTopic(topic, 1);
        const app = await startAppConsumer(sandboxConfig().clusters.LON.bootstrapServers, group, topic, { autoCommit: false });
        try {
          const [g] = await lon.describeGroups([group]);
          assert.deepEqual([g.type, g.state, g.members, g.unsure], ['classic', 'Stable', 1, null]);
          const r = await runCli(['status', '--group', group, '--cluster', 'NYC', '--cluster', 'LON', '--json']);
          const groups = JSON.parse(r.stdout).groups.filter((x: { cluster: string }) => x.cluster === 'LON');
          assert.deepEqual(
            groups.map((x: { type: string; members: number; note: string }) => [x.type, x.members, /ConsumerGroupDescribe/.test(x.note)]),
            [['classic', 1, true]],
          );
          // Failover behaves as before (a live classic group on LON is refused) and says what it could not ask.
          const f = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--json']);
          assert.equal(f.code, 3, f.stderr);
          assert.match(f.stdout, /LON: groups described with DescribeGroups only: .*ConsumerGroupDescribe/);
          assert.match(f.stdout, /active on LON \(Stable, 1 member, classic\)/);
        } finally {
          await app.disconnect();
        }
      } finally {
        await lon.close();
      }
    });
  });
} else {
  describe('KIP-848 consumer groups: every safety check sees them', () => {
    const nyc = sandboxGateway('NYC');
    const lon = sandboxGateway('LON');
    const live = consumers();
    after(async () => {
      await live.stopAll();
      await Promise.all([nyc.close(), lon.close()]);
    });

    it('a KIP-848 group running on LON: status says NO-GO naming it, failover refuses it (exit 3) and commits nothing', async () => {
      const topic = await mirroredTopic(nyc, lon, 'kip848-lon', 2, 20);
      const group = randomName('kip848-on-lon');
      await nyc.commitOffsets(
        group,
        [0, 1].map((partition) => ({ topic, partition, offset: 10n })),
      );
      // The application already runs on LON, in the same group, on a topic of its own there.
      const idle = randomName('kip848-idle');
      await lon.createTopic(idle, 1);
      const app = live.start(lonBootstrap(), idle, group);
      await app.assigned();

      const [seen] = await lon.describeGroups([group]);
      assert.deepEqual([seen.type, seen.state, seen.members, seen.assignedTopics, seen.unsure], ['consumer', 'Stable', 1, [idle], null]);

      const status = await runCli(['status', '--group', group, '--json']);
      assert.equal(status.code, 1, status.stderr);
      const report = JSON.parse(status.stdout);
      const verdict = report.readiness.find((v: { group: string | null }) => v.group === group);
      assert.equal(verdict.go, false);
      assert.match(verdict.reasons.join('; '), /active on LON \(Stable, 1 member, consumer \(KIP-848\)\)/);
      assert.deepEqual(
        report.groups.filter((g: { group: string }) => g.group === group).map((g: { cluster: string; type: string; state: string; members: number }) => [g.cluster, g.type, g.state, g.members]),
        [
          ['LON', 'consumer', 'Stable', 1],
          ['NYC', 'classic', 'Empty', 0],
        ],
      );
      const text = await runCli(['status', '--group', group]);
      assert.match(text.stdout, new RegExp(`${group} +LON +consumer \\(KIP-848\\) +Stable +1 `));
      assert.match(text.stdout, new RegExp(`NO-GO\\s+NYC->LON group ${group}: active on LON`));

      const r = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--json']);
      assert.equal(r.code, 3, r.stderr);
      const res = JSON.parse(r.stdout);
      assert.match(JSON.stringify(res), /active on LON/);
      assert.deepEqual(await lon.committedOffsets(group), []);
    });

    it('running on NYC: a planned failover waits and refuses; once it stops, a KIP-848 consumer on LON gets exactly the rest', async () => {
      const P = 2;
      const topic = await mirroredTopic(nyc, lon, 'kip848-nyc', P, 15);
      const group = randomName('kip848-on-nyc');
      const onNyc = live.start(nycBootstrap(), topic, group);
      await onNyc.consumed(30);
      const waited = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--wait-timeout', '3s', '--json']);
      assert.equal(waited.code, 3, waited.stderr);
      assert.match(JSON.parse(waited.stdout).error.message, new RegExp(`groups still active on NYC: ${group} \\(Stable, 1 member, consumer \\(KIP-848\\)\\)`));
      assert.deepEqual(await lon.committedOffsets(group), []);

      // The application consumes more, then stops on NYC; more records arrive that it never sees there.
      await nyc.produce(
        topic,
        Array.from({ length: 10 }, (_, i) => ({ value: `${topic}-more-${i}`, partition: i % P })),
      );
      await onNyc.consumed(40);
      await onNyc.stop();
      await nyc.produce(
        topic,
        Array.from({ length: 14 }, (_, i) => ({ value: `${topic}-unseen-${i}`, partition: i % P })),
      );
      await awaitCopied(nyc, lon, topic, P);
      const expected = await unconsumedOnNyc(nyc, topic, P, group);
      assert.deepEqual(
        expected.map((v) => v.length),
        [7, 7],
      );

      const r = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        JSON.parse(r.stdout).result.outcomes.map((o: { status: string }) => o.status),
        ['ok'],
      );

      const onLon = live.start(lonBootstrap(), `NYC.${topic}`, group);
      await onLon.consumed(14);
      await onLon.stop();
      assert.deepEqual(byPartition(onLon.records, P), expected, 'record by record, per partition: no loss, no duplicate');
      // Nothing more was there to get: the group now stands at LON's log end.
      const ends = await lon.listOffsets(
        [0, 1].map((partition) => ({ topic: `NYC.${topic}`, partition })),
        'latest',
      );
      const committed = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
      assert.deepEqual(
        ends.map((e) => committed.get(e.partition)),
        ends.map((e) => e.offset),
      );
    });

    it('offsets reset --execute on a live KIP-848 group: exit 3 and unchanged; after it stops: applied', async () => {
      const topic = randomName('kip848-reset');
      const group = randomName('kip848-reset-app');
      await nyc.createTopic(topic, 1);
      await nyc.produce(
        topic,
        Array.from({ length: 12 }, (_, i) => ({ value: `v${i}`, partition: 0 })),
      );
      const app = live.start(nycBootstrap(), topic, group);
      await app.consumed(12);
      const args = ['offsets', 'reset', '--cluster', 'NYC', '--group', group, '--topic', topic, '--to-earliest', '--execute', '--json'];
      const refused = await runCli(args);
      assert.equal(refused.code, 3, refused.stderr);
      assert.match(refused.stdout, /group is active \(Stable, 1 member, consumer \(KIP-848\)\)/);
      assert.deepEqual(
        (await nyc.committedOffsets(group)).map((o) => o.offset),
        [12n],
      );

      await app.stop();
      assert.deepEqual(
        (await nyc.describeGroups([group])).map((g) => [g.type, g.state, g.members]),
        [['consumer', 'Empty', 0]],
      );
      const applied = await runCli(args);
      assert.equal(applied.code, 0, applied.stderr);
      assert.deepEqual(
        (await nyc.committedOffsets(group)).map((o) => o.offset),
        [0n],
      );
      // The empty KIP-848 group took the admin commit: a new member resumes from it.
      const again = live.start(nycBootstrap(), topic, group, 3);
      await again.consumed(3);
      await again.stop();
      assert.deepEqual(
        again.records.map((r) => r.value),
        ['v0', 'v1', 'v2'],
      );
      // And an empty KIP-848 group can be deleted (failback deletes failed-over groups).
      await nyc.deleteGroup(group);
      assert.deepEqual(
        (await nyc.describeGroups([group])).map((g) => [g.type, g.state]),
        [['none', 'Dead']],
      );
    });

    it('a share group is listed with its type and never counts as inactive', async () => {
      const topic = randomName('kip848-share');
      await lon.createTopic(topic, 1);
      const group = randomName('share-app');
      // Kafka's console share consumer makes a live share group.
      const [java, jvm] = javaCommand();
      const share = spawn(java, [...jvm, 'org.apache.kafka.tools.consumer.ConsoleShareConsumer', '--bootstrap-server', lonBootstrap(), '--topic', topic, '--group', group], { stdio: 'ignore' });
      try {
        const listed = await eventually(async () => (await lon.listGroups()).find((g) => g.groupId === group), 60_000, 'the share group listed');
        assert.deepEqual([listed.type, listed.protocolType], ['share', 'share']);
        const [g] = await lon.describeGroups([group]);
        assert.equal(g.type, 'share');
        assert.match(g.unsure ?? '', /a share group: drctl does not move share groups/);
        const r = await runCli(['offsets', 'reset', '--cluster', 'LON', '--group', group, '--topic', topic, '--to-earliest', '--execute', '--allow-new-group', '--json']);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stdout, /counted as active: a share group/);
      } finally {
        share.kill('SIGKILL');
      }
    });

    it('a mixed run: one classic and one KIP-848 group fail over together, and each resumes exactly on LON', async () => {
      const P = 2;
      const prefix = randomName('mixed');
      const topic = await mirroredTopic(nyc, lon, 'kip848-mixed', P, 20);
      const classic = `${prefix}-classic`;
      const kip848 = `${prefix}-kip848`;
      await consumeUntil(sandboxConfig().clusters.NYC.bootstrapServers, classic, topic, (seen) => seen.length >= 13);
      const partly = live.start(nycBootstrap(), topic, kip848, 17);
      await partly.consumed(17);
      await partly.stop();
      assert.deepEqual(
        (await nyc.describeGroups([classic, kip848])).map((g) => [g.type, g.state]),
        [
          ['classic', 'Empty'],
          ['consumer', 'Empty'],
        ],
      );
      const expectClassic = await unconsumedOnNyc(nyc, topic, P, classic);
      const expectKip848 = await unconsumedOnNyc(nyc, topic, P, kip848);

      // --all-groups: every consumer group of the source that the flow mirrors. The flow's group filter (MM2's
      // `groups`) narrows it to this test's groups: the sandbox is shared with other tests' groups.
      const config = join(tmp, 'mixed.yaml');
      writeFileSync(config, readFileSync(join(process.env.DRCTL_STATE_DIR!, 'sandbox', 'drctl.yaml'), 'utf8').replace('  - "NYC->LON"', `  - flow: "NYC->LON"\n    groups: ["${prefix}-.*"]`));
      const r = await runCli(['failover', '--config', config, '--all-groups', '--to', 'LON', '--yes', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const res = JSON.parse(r.stdout);
      assert.deepEqual(res.result.outcomes.map((o: { group: string; status: string }) => [o.group, o.status]).sort(), [
        [classic, 'ok'],
        [kip848, 'ok'],
      ]);

      const total = (x: string[][]) => x.reduce((n, v) => n + v.length, 0);
      const classicOnLon = await consumeUntil(sandboxConfig().clusters.LON.bootstrapServers, classic, `NYC.${topic}`, (seen) => seen.length >= total(expectClassic));
      assert.deepEqual(
        Array.from({ length: P }, (_, p) => classicOnLon.filter((x) => x.partition === p).map((x) => x.value)),
        expectClassic,
      );
      const kip848OnLon = live.start(lonBootstrap(), `NYC.${topic}`, kip848);
      await kip848OnLon.consumed(total(expectKip848));
      await kip848OnLon.stop();
      assert.deepEqual(byPartition(kip848OnLon.records, P), expectKip848);
    });

    it('failback refuses while a KIP-848 consumer on NYC is assigned a topic in scope: nothing salvaged or deleted', async () => {
      const topic = await mirroredTopic(nyc, lon, 'kip848-fb', 1, 5);
      const group = randomName('kip848-fb-app');
      const app = live.start(nycBootstrap(), topic, group);
      await app.consumed(5);
      const salvage = join(tmp, 'salvage');
      const r = await runCli(['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--salvage-dir', salvage, '--quiet-period', '0', '--execute', '--json']);
      assert.equal(r.code, 3, r.stderr);
      assert.match(JSON.parse(r.stdout).error.message, new RegExp(`no active groups on NYC: active: ${group} \\(Stable, 1 member, consumer \\(KIP-848\\)\\)`));
      assert.equal(existsSync(salvage), false);
      assert.deepEqual(
        (await nyc.listOffsets([{ topic, partition: 0 }], 'earliest')).map((o) => o.offset),
        [0n],
      );
      assert.ok((await nyc.listTopics()).some((t) => t.name === topic));
      await app.stop();
    });
  });
}
