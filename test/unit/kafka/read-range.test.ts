import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { readRange } from '../../../src/kafka/read-range.js';

const collect = async (it: AsyncIterable<{ offset: bigint }>) => {
  const out: bigint[] = [];
  for await (const r of it) out.push(r.offset);
  return out;
};

describe('readRange', () => {
  it('reads from the log start to the high watermark across offset gaps, in many fetches', async () => {
    const g = new FakeGateway('NYC');
    await g.createTopic('t', 1);
    const tp = { topic: 't', partition: 0 };
    await g.produce('t', [{ value: 'a', partition: 0 }, { value: 'b', partition: 0 }]);
    g.skipOffsets(tp, 3n); // e.g. transaction markers
    await g.produce('t', [{ value: 'c', partition: 0 }]);
    g.deleteRecordsBefore(tp, 1n);
    assert.deepEqual(await collect(readRange(g, tp)), [1n, 5n]);
    assert.deepEqual(await collect(readRange(g, tp, undefined, undefined, { maxBytes: 64 })), [1n, 5n], 'one record per fetch');
  });
  it('stops before `to` and starts at `from`', async () => {
    const g = new FakeGateway('NYC');
    await g.createTopic('t', 1);
    await g.produce('t', Array.from({ length: 10 }, (_, i) => ({ value: `${i}`, partition: 0 })));
    assert.deepEqual(await collect(readRange(g, { topic: 't', partition: 0 }, 3n, 6n)), [3n, 4n, 5n]);
    assert.deepEqual(await collect(readRange(g, { topic: 't', partition: 0 }, 10n)), []);
  });
});
