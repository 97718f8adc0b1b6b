import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isDrctlError } from '../../src/errors.js';
import { startAppConsumer } from '../helpers/app-consumer.js';
import { groupMetadataRecords } from '../helpers/group-metadata.js';
import { eventually, randomName, runKafkaTool, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

const describeGroup = (group: string, ...extra: string[]) => runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', sandboxConfig().clusters.NYC.bootstrapServers[0], '--describe', '--group', group, ...extra]);

describe('admin-style offset commit (generation -1, empty member id)', () => {
  const nyc = sandboxGateway('NYC');
  after(() => nyc.close());

  it('sets an inactive group offsets without any member joining: no members, generation unchanged', async () => {
    const topic = randomName('ledger');
    const group = randomName('ledger-svc');
    await nyc.createTopic(topic, 3);
    await nyc.produce(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ value: `r${i}`, partition: i % 3 })),
    );
    // A real application joins once, commits and leaves: the group exists, Empty, with a generation.
    const app = await startAppConsumer(sandboxConfig().clusters.NYC.bootstrapServers, group, topic);
    await eventually(async () => (await nyc.committedOffsets(group)).length === 3 || undefined, 30_000, 'the app to commit');
    await app.disconnect();
    await eventually(async () => (await nyc.describeGroups([group]))[0].state === 'Empty', 30_000, 'the group to be Empty');
    const before = await groupMetadataRecords(nyc, group);
    assert.ok(before.length > 0, 'the app join left group metadata');

    await nyc.commitOffsets(group, [
      { topic, partition: 0, offset: 3n },
      { topic, partition: 1, offset: 7n },
      { topic, partition: 2, offset: 0n },
    ]);

    const committed = Object.fromEntries((await nyc.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    assert.deepEqual(committed, { 0: 3n, 1: 7n, 2: 0n });
    const [state] = await nyc.describeGroups([group]);
    assert.equal(state.members, 0);
    assert.equal(state.state, 'Empty');
    const afterRecords = await groupMetadataRecords(nyc, group);
    assert.deepEqual(afterRecords, before, 'no join or leave happened: no new group metadata, same generation');

    // The reference tool sees the same offsets and no members.
    const offsets = await describeGroup(group, '--offsets');
    assert.equal(offsets.code, 0, offsets.stderr);
    const rows = offsets.stdout
      .split('\n')
      .filter((l) => l.includes(topic))
      .map((l) => l.trim().split(/\s+/));
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r[2], r[3]])), { 0: '3', 1: '7', 2: '0' });
    const members = await describeGroup(group, '--members');
    assert.match(`${members.stdout}${members.stderr}`, /has no active members/);
  });

  it('never creates a group member for a group that did not exist', async () => {
    const topic = randomName('fresh');
    const group = randomName('fresh-svc');
    await nyc.createTopic(topic, 1);
    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 0n }]);
    assert.deepEqual(await groupMetadataRecords(nyc, group), [], 'no group metadata: nobody ever joined');
    const [g] = await nyc.describeGroups([group]);
    assert.equal(g.members, 0);
  });

  it('is refused for a group with a live member, as "group is active" (exit 3), and changes nothing', async () => {
    const topic = randomName('live');
    const group = randomName('live-svc');
    await nyc.createTopic(topic, 1);
    await nyc.produce(topic, [{ value: 'x', partition: 0 }]);
    const app = await startAppConsumer(sandboxConfig().clusters.NYC.bootstrapServers, group, topic);
    try {
      await eventually(async () => (await nyc.committedOffsets(group)).length === 1 || undefined, 30_000, 'the app to commit');
      const before = await nyc.committedOffsets(group);
      await assert.rejects(
        () => nyc.commitOffsets(group, [{ topic, partition: 0, offset: 0n }]),
        (e: unknown) => isDrctlError(e) && e.code === 'DRCTL_GROUP_ACTIVE' && e.exitCode === 3 && /group is active/.test(e.message),
      );
      assert.deepEqual(await nyc.committedOffsets(group), before);
    } finally {
      await app.disconnect();
    }
  });
});
