import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeExactCheckpoint, encodeExactCheckpoint, readExactCheckpoints, exactCheckpointsTopic } from '../../../src/checkpoints/exact-checkpoints.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';

const c = { group: 'g', topic: 'orders', partition: 2, upstream: 9_007_199_254_740_993n, downstream: 41n, seenAt: 1_700_000_000_000, ratePerSecond: 12.5 };

describe('exact checkpoints: the documented record format', () => {
  it('round-trips, offsets beyond 2^53 included, keyed by group, topic and partition', () => {
    const r = encodeExactCheckpoint(c);
    assert.equal(r.key, '{"group":"g","topic":"orders","partition":2}');
    assert.equal(r.value, '{"v":1,"group":"g","topic":"orders","partition":2,"upstream":"9007199254740993","downstream":"41","seenAt":1700000000000,"ratePerSecond":12.5}');
    assert.deepEqual(decodeExactCheckpoint({ value: Buffer.from(r.value as string) }), c);
  });
  it('refuses what is not one, naming the field', () => {
    assert.throws(() => decodeExactCheckpoint({ value: Buffer.from('nope') }), /not JSON/);
    assert.throws(() => decodeExactCheckpoint({ value: Buffer.from('{"v":1,"group":"g","topic":"t","partition":0,"upstream":"-1","downstream":"0","seenAt":1,"ratePerSecond":null}') }), /upstream/);
  });
  it('reading the topic keeps the newest per key, and skips malformed records with a warning', async () => {
    const lon = new FakeGateway('LON');
    const topic = exactCheckpointsTopic('NYC');
    await lon.createTopic(topic, 1);
    await lon.produce(topic, [encodeExactCheckpoint({ ...c, downstream: 1n }), { key: 'x', value: 'garbage', partition: 0 }, encodeExactCheckpoint(c)]);
    const snap = await readExactCheckpoints(lon, 'NYC', 5000);
    assert.deepEqual([...snap.groups.get('g')!.values()], [c]);
    assert.equal(snap.warnings.length, 1);
    assert.match(snap.warnings[0], /malformed/);
  });
});
