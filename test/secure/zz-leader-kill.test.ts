/**
 * Three brokers a side: the broker leading a partition is killed (kill -9) just before drctl reads and writes that
 * partition. Until the controller fences it (broker.session.timeout.ms, 9 s by default) the metadata still names it
 * as the leader and every request to it is refused; drctl must ride that out and give the same, exact answer.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { secureSandboxStart, secureSandboxStop } from '../../src/sandbox/secure-sandbox.js';
import { awaitCopied, finishesOrResumes, fullyInSync, gatewayAs, killNode, leaderOf } from '../helpers/secure.js';
import { eventually, randomName, sandboxStateDir } from '../helpers/sandbox.js';

describe('a partition leader killed while drctl works (three brokers a side)', () => {
  const nyc = gatewayAs('NYC', 'app');
  const lon = gatewayAs('LON', 'admin');
  after(() => Promise.all([nyc.close(), lon.close()]));
  // Whatever a test stopped comes back before the next one.
  afterEach(async () => {
    await secureSandboxStart(sandboxStateDir(), 'NYC');
    await secureSandboxStart(sandboxStateDir(), 'mirror');
  });

  /** Every partition of `topic` on NYC has a leader again. */
  const fullyElected = async (topic: string) => ((await nyc.topicReplicas([topic])).get(topic) ?? []).every((p) => p.leader >= 0);

  /** A mirrored topic of three partitions with 30 records each. */
  async function mirroredTopic(prefix: string): Promise<string> {
    const topic = randomName(prefix);
    await nyc.createTopic(topic, 3);
    await nyc.produce(
      topic,
      Array.from({ length: 90 }, (_, i) => ({ key: `k${i}`, value: `${topic}-${i}`, partition: i % 3 })),
    );
    await awaitCopied(lon, topic, 3, 30n);
    return topic;
  }

  it("failover (planned): the source's leader of partition 0 killed; the group still resumes exactly on LON", async () => {
    const topic = await mirroredTopic('lk-orders');
    const group = randomName('lk-svc');
    await nyc.commitOffsets(
      group,
      [0, 1, 2].map((partition) => ({ topic, partition, offset: 10n + BigInt(partition) })),
    );
    // Killed once every replica is in sync, the group's commit included: a leader is left to elect.
    await eventually(async () => (await fullyInSync('NYC', topic)) && (await fullyInSync('NYC', '__consumer_offsets')), 60_000, 'all replicas in sync');
    await killNode('NYC', await leaderOf('NYC', topic, 0));
    const { result: r } = await finishesOrResumes(
      ['failover', '--group', group, '--to', 'LON', '--yes', '--json', '--reason', 'leader kill', '--timeout', '60s'],
      async () => assert.deepEqual(await lon.committedOffsets(group), [], 'a failed attempt commits nothing on LON'),
      async () => (await nyc.committedOffsets(group)).length === 3,
    );
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    assert.equal(JSON.parse(r.stdout).plan.mode, 'planned');
    const onLon = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    for (const partition of [0, 1, 2]) {
      const next = (await nyc.readRecords({ topic, partition }, 10n + BigInt(partition))).records[0];
      const copy = (await lon.readRecords({ topic: `NYC.${topic}`, partition }, onLon.get(partition)!)).records[0];
      assert.equal(copy.value?.toString(), next.value?.toString(), `partition ${partition}: the same next record`);
    }
  });

  it('report rpo: the leader of the lagging partition killed; every partition measured, the lag exact', async () => {
    const topic = await mirroredTopic('lk-rpo');
    await secureSandboxStop(sandboxStateDir(), 'mirror');
    await nyc.produce(
      topic,
      Array.from({ length: 7 }, (_, i) => ({ value: `late-${i}`, partition: 1 })),
    );
    await eventually(() => fullyInSync('NYC', topic), 60_000, 'all replicas in sync');
    await killNode('NYC', await leaderOf('NYC', topic, 1));
    const { result: r } = await finishesOrResumes(
      ['report', 'rpo', '--flow', 'NYC->LON', '--json', '--timeout', '60s'],
      async () => {},
      () => fullyElected(topic),
    );
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr} ${r.stdout.slice(0, 2000)}`);
    const flow = JSON.parse(r.stdout).flows[0];
    assert.equal(flow.sourceReachable, true);
    const row = flow.topics.find((t: { topic: string }) => t.topic === topic);
    assert.deepEqual([row.records, row.exact], ['7', true], JSON.stringify(row));
  });
});
