import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { isDrctlError } from '../../../src/errors.js';

describe('FakeGateway behaves like a cluster for planners', () => {
  it('keeps offsets, log start and timestamps', async () => {
    const g = new FakeGateway('NYC');
    await g.createTopic('t', 2);
    await g.produce('t', [
      { value: 'a', partition: 0, timestamp: 100 },
      { value: 'b', partition: 0, timestamp: 200 },
    ]);
    g.deleteRecordsBefore({ topic: 't', partition: 0 }, 1n);
    const tp = [{ topic: 't', partition: 0 }];
    assert.equal((await g.listOffsets(tp, 'earliest'))[0].offset, 1n);
    assert.equal((await g.listOffsets(tp, 'latest'))[0].offset, 2n);
    assert.equal((await g.listOffsets(tp, { timestamp: 150 }))[0].offset, 1n);
    assert.equal((await g.listOffsets(tp, { timestamp: 999 }))[0].offset, null);
  });
  it('refuses an admin commit to a group with members, like the broker, exit 3', async () => {
    const g = new FakeGateway('NYC');
    await g.createTopic('t', 1);
    g.setMembers('app', 1);
    await assert.rejects(
      () => g.commitOffsets('app', [{ topic: 't', partition: 0, offset: 0n }]),
      (e: unknown) => isDrctlError(e) && e.exitCode === 3,
    );
    g.setMembers('app', 0);
    await g.commitOffsets('app', [{ topic: 't', partition: 0, offset: 0n }]);
    assert.deepEqual(await g.committedOffsets('app'), [{ topic: 't', partition: 0, offset: 0n }]);
  });
});
