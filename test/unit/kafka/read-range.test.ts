import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { tpKey } from '../../../src/kafka/gateway.js';
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
    await g.produce('t', [
      { value: 'a', partition: 0 },
      { value: 'b', partition: 0 },
    ]);
    g.skipOffsets(tp, 3n); // e.g. transaction markers
    await g.produce('t', [{ value: 'c', partition: 0 }]);
    g.deleteRecordsBefore(tp, 1n);
    assert.deepEqual(await collect(readRange(g, tp)), [1n, 5n]);
    assert.deepEqual(await collect(readRange(g, tp, undefined, undefined, { maxBytes: 64 })), [1n, 5n], 'one record per fetch');
  });
  it('stops before `to` and starts at `from`', async () => {
    const g = new FakeGateway('NYC');
    await g.createTopic('t', 1);
    await g.produce(
      't',
      Array.from({ length: 10 }, (_, i) => ({ value: `${i}`, partition: 0 })),
    );
    assert.deepEqual(await collect(readRange(g, { topic: 't', partition: 0 }, 3n, 6n)), [3n, 4n, 5n]);
    assert.deepEqual(await collect(readRange(g, { topic: 't', partition: 0 }, 10n)), []);
  });
  it('uses a prefetched first read, and reads again when the prefetched read came back empty', async () => {
    const g = new FakeGateway('NYC');
    await g.createTopic('t', 2);
    await g.produce(
      't',
      Array.from({ length: 6 }, (_, i) => ({ value: `${i}`, partition: i % 2 })),
    );
    const many = await g.readRecordsMany(
      [
        { tp: { topic: 't', partition: 0 }, offset: 0n },
        { tp: { topic: 't', partition: 1 }, offset: 1n },
      ],
      { maxBytes: 64 },
    );
    assert.deepEqual([...many.keys()], [tpKey({ topic: 't', partition: 0 }), tpKey({ topic: 't', partition: 1 })]);
    let reads = 0;
    const counting = new Proxy(g, {
      get: (t, p) =>
        p === 'readRecords'
          ? (...a: Parameters<FakeGateway['readRecords']>) => {
              reads++;
              return t.readRecords(...a);
            }
          : (Reflect.get(t, p).bind?.(t) ?? Reflect.get(t, p)),
    });
    assert.deepEqual(await collect(readRange(counting, { topic: 't', partition: 0 }, 0n, 3n, { maxBytes: 64 }, many.get(tpKey({ topic: 't', partition: 0 })))), [0n, 1n, 2n]);
    assert.equal(reads, 2, 'the prefetched read replaced the first fetch');
    reads = 0;
    const empty = { records: [], nextOffset: 0n, highWatermark: 3n, logStartOffset: 0n };
    assert.deepEqual(await collect(readRange(counting, { topic: 't', partition: 0 }, 0n, 3n, undefined, empty)), [0n, 1n, 2n]);
    assert.equal(reads, 1, 'an empty prefetched read is read again');
  });
});
