import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import { isDrctlError } from '../../src/errors.js';
import { randomName, runKafkaTool, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

/** kafka-consumer-groups --describe --offsets for `group`: partition -> committed offset ("-" when none). */
async function kcgOffsets(group: string): Promise<Record<string, string>> {
  const r = await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', sandboxConfig().clusters.NYC.bootstrapServers[0], '--describe', '--offsets', '--group', group]);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[0] === group);
  return Object.fromEntries(rows.map((f) => [`${f[1]}-${f[2]}`, f[3]]));
}

describe('committed offsets of many groups in one OffsetFetch per coordinator', () => {
  const nyc = sandboxGateway('NYC');
  after(() => nyc.close());

  it('answers what kafka-consumer-groups and the one-group fetch answer, group by group', async () => {
    const [a, b] = [randomName('ofm-a'), randomName('ofm-b')];
    await nyc.createTopic(a, 3);
    await nyc.createTopic(b, 2);
    const groups = Array.from({ length: 5 }, (_, i) => randomName(`ofm-g${i}`));
    await nyc.commitOffsets(groups[0], [
      { topic: a, partition: 0, offset: 3n },
      { topic: a, partition: 2, offset: 11n },
    ]);
    await nyc.commitOffsets(groups[1], [
      { topic: a, partition: 1, offset: 0n },
      { topic: b, partition: 0, offset: 7n },
      { topic: b, partition: 1, offset: 123456789012n },
    ]);
    for (const [i, g] of groups.slice(2, 4).entries()) await nyc.commitOffsets(g, [{ topic: b, partition: i, offset: BigInt(i + 1) }]);
    const unknown = randomName('ofm-none'); // never committed: no offsets, no error

    const first = await nyc.committedOffsetsMany([...groups.slice(0, 4), unknown]);
    const second = await nyc.committedOffsetsMany([...groups.slice(0, 4), unknown]);
    assert.deepEqual(second, first, 'the cached coordinators answer the same');
    assert.deepEqual(first.get(unknown), []);
    for (const g of groups.slice(0, 4)) {
      const mine = first.get(g)!;
      assert.deepEqual(Object.fromEntries(mine.map((o) => [`${o.topic}-${o.partition}`, String(o.offset)])), await kcgOffsets(g), `${g}: as kafka-consumer-groups`);
    }
    assert.equal(first.get(groups[1])!.find((o) => o.topic === b && o.partition === 1)!.offset, 123456789012n, 'a 64-bit offset survives');
  });

  it('is a stable read: offsets an open transaction holds are waited for, never answered with the older commit', async () => {
    const topic = randomName('ofm-tx');
    const group = randomName('ofm-txg');
    await nyc.createTopic(topic, 1);
    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 3n }]);
    const kafka = new kafkajs.Kafka({ clientId: 'test-tx', brokers: sandboxConfig().clusters.NYC.bootstrapServers, logLevel: kafkajs.logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: randomName('ofm-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const impatient = sandboxGateway('NYC', 3000);
    try {
      const tx = await producer.transaction();
      await tx.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: '7' }] }] });
      // kafka-consumer-groups reads what is committed and still says 3; drctl must not act on that.
      assert.deepEqual(await kcgOffsets(group), { [`${topic}-0`]: '3' });
      await assert.rejects(impatient.committedOffsets(group), (e: unknown) => isDrctlError(e) && e.kind === 'timeout', 'a retriable timeout while the transaction is open');
      await tx.commit();
      assert.deepEqual(await nyc.committedOffsets(group), [{ topic, partition: 0, offset: 7n }]);
    } finally {
      await Promise.all([producer.disconnect(), impatient.close()]);
    }
  });
});
