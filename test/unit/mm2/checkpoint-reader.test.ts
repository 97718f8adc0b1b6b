import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { readCheckpoints } from '../../../src/mm2/checkpoint-reader.js';
import { encodeCheckpoint } from '../../../src/mm2/codecs.js';

const cp = (group: string, partition: number, up: bigint, down: bigint) => encodeCheckpoint({ group, topic: 'NYC.orders', partition, upstreamOffset: up, downstreamOffset: down, metadata: '' });

describe('readCheckpoints', () => {
  it('keeps the last checkpoint per (group, topic, partition) in log order, not the highest', async () => {
    const g = new FakeGateway('LON');
    await g.createTopic('NYC.checkpoints.internal', 1);
    await g.produce(
      'NYC.checkpoints.internal',
      [cp('a', 0, 50n, 48n), cp('a', 0, 90n, 88n), cp('a', 0, 10n, 9n), cp('b', 1, 5n, 5n)].map((r) => ({ ...r, partition: 0, timestamp: 1000 })),
    );
    const s = await readCheckpoints(g, 'NYC.checkpoints.internal', 1000);
    assert.equal(s.groups.get('a')?.get('NYC.orders:0')?.downstreamOffset, 9n, 'a rewind is the current truth');
    assert.equal(s.groups.get('b')?.get('NYC.orders:1')?.upstreamOffset, 5n);
    assert.deepEqual(s.warnings, []);
  });
  it('skips tombstones and malformed records with a warning, and never crashes', async () => {
    const g = new FakeGateway('LON');
    await g.createTopic('NYC.checkpoints.internal', 1);
    const good = cp('a', 0, 7n, 7n);
    await g.produce('NYC.checkpoints.internal', [
      { key: good.key, value: null, partition: 0 },
      { key: Buffer.from([0, 9, 1]), value: Buffer.from([0]), partition: 0 },
      { ...good, partition: 0 },
    ]);
    const s = await readCheckpoints(g, 'NYC.checkpoints.internal', 1000);
    assert.equal(s.groups.get('a')?.get('NYC.orders:0')?.downstreamOffset, 7n);
    assert.equal(s.warnings.length, 2);
    assert.match(s.warnings.join('\n'), /malformed/);
    assert.match(s.warnings.join('\n'), /tombstone/);
  });
  it('reports a missing topic instead of failing', async () => {
    const s = await readCheckpoints(new FakeGateway('LON'), 'NYC.checkpoints.internal', 1000);
    assert.equal(s.exists, false);
  });
});
