import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeExactCheckpoints, encodeExactCheckpointRecords, encodeExactCheckpoints, readExactCheckpoints, exactCheckpointsTopic } from '../../../src/checkpoints/exact-checkpoints.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';

const c = { group: 'g', topic: 'orders', partition: 2, upstream: 9_007_199_254_740_993n, downstream: 41n, seenAt: 1_700_000_000_000, ratePerSecond: 12.5 };
const c0 = { ...c, partition: 0, upstream: 5n, downstream: 3n, ratePerSecond: null };

describe('exact checkpoints: the documented record format', () => {
  it('one record per group and topic, its partitions in order; round-trips, offsets beyond 2^53 included', () => {
    const r = encodeExactCheckpoints('g', 'orders', [c, c0]);
    assert.equal(r.key, '{"group":"g","topic":"orders"}');
    assert.equal(
      r.value,
      '{"v":2,"group":"g","topic":"orders","partitions":[{"partition":0,"upstream":"5","downstream":"3","seenAt":1700000000000,"ratePerSecond":null},{"partition":2,"upstream":"9007199254740993","downstream":"41","seenAt":1700000000000,"ratePerSecond":12.5}]}',
    );
    assert.deepEqual(decodeExactCheckpoints({ value: Buffer.from(r.value as string) }), [c0, c]);
  });
  it('groups any mix of checkpoints into one record per group and topic', () => {
    const rs = encodeExactCheckpointRecords([c, { ...c, group: 'h' }, c0, { ...c, topic: 'payments' }]);
    assert.deepEqual(
      rs.map((r) => r.key),
      ['{"group":"g","topic":"orders"}', '{"group":"h","topic":"orders"}', '{"group":"g","topic":"payments"}'],
    );
  });
  it('still reads version 1 (one partition per record)', () => {
    const v1 = '{"v":1,"group":"g","topic":"orders","partition":2,"upstream":"9007199254740993","downstream":"41","seenAt":1700000000000,"ratePerSecond":12.5}';
    assert.deepEqual(decodeExactCheckpoints({ value: Buffer.from(v1) }), [c]);
  });
  it('refuses what is not one, naming the field', () => {
    assert.throws(() => decodeExactCheckpoints({ value: Buffer.from('nope') }), /not JSON/);
    assert.throws(() => decodeExactCheckpoints({ value: Buffer.from('{"v":2,"group":"g","topic":"t","partitions":[{"partition":0,"upstream":"-1","downstream":"0","seenAt":1,"ratePerSecond":null}]}') }), /upstream/);
  });
  it('reading the topic keeps the newest per partition (a version 1 record then a version 2 one), and skips malformed records with a warning', async () => {
    const lon = new FakeGateway('LON');
    const topic = exactCheckpointsTopic('NYC');
    await lon.createTopic(topic, 1);
    const v1 = { key: '{"group":"g","topic":"orders","partition":2}', value: '{"v":1,"group":"g","topic":"orders","partition":2,"upstream":"1","downstream":"1","seenAt":1,"ratePerSecond":null}', partition: 0 };
    await lon.produce(topic, [v1, { key: 'x', value: 'garbage', partition: 0 }, encodeExactCheckpoints('g', 'orders', [c0, c])]);
    const snap = await readExactCheckpoints(lon, 'NYC', 5000);
    assert.deepEqual(
      [...snap.groups.get('g')!.values()].sort((a, b) => a.partition - b.partition),
      [c0, c],
    );
    assert.equal(snap.warnings.length, 1);
    assert.match(snap.warnings[0], /malformed/);
  });
});
