import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadCache } from '../../../src/agent/read-cache.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { readRange } from '../../../src/kafka/read-range.js';
import { recordIdentity } from '../../../src/translate/record-identity.js';

const tp = { topic: 'orders', partition: 0 };

async function cluster(n: number) {
  const gw = new FakeGateway('NYC');
  await gw.createTopic('orders', 1);
  await gw.produce(
    'orders',
    Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}`, timestamp: 1000 + i, partition: 0 })),
  );
  return gw;
}

/** Offsets and identities of what readRange yields from `from` to `to` through `gw`. */
async function walk(gw: FakeGateway | ReturnType<ReadCache['reader']>, from: bigint, to: bigint) {
  const out: string[] = [];
  for await (const r of readRange(gw, tp, from, to)) out.push(`${r.offset}:${recordIdentity(r)}:${r.timestamp}`);
  return out;
}

describe('ReadCache: records read once, answered from memory after', () => {
  it('reads through it yield what the cluster holds, and a second pass over the same range fetches nothing', async () => {
    const gw = await cluster(100);
    const cache = new ReadCache();
    const reader = cache.reader(gw);
    const truth = await walk(gw, 10n, 90n);
    assert.deepEqual(await walk(reader, 10n, 90n), truth);
    const fetched = cache.stats.fetched;
    assert.ok(fetched > 0);
    assert.deepEqual(await walk(reader, 10n, 90n), truth, 'the same from memory');
    assert.deepEqual(await walk(reader, 37n, 52n), await walk(gw, 37n, 52n), 'a read starting inside the run');
    assert.equal(cache.stats.fetched, fetched, 'nothing fetched again');
    assert.ok(cache.stats.hits > 0);
  });

  it('only the part past what it holds is fetched, and records written later are read', async () => {
    const gw = await cluster(20);
    const cache = new ReadCache();
    const reader = cache.reader(gw);
    await walk(reader, 0n, 20n);
    await gw.produce(
      'orders',
      Array.from({ length: 5 }, (_, i) => ({ value: `late${i}`, timestamp: 5000 + i, partition: 0 })),
    );
    const before = cache.stats.fetched;
    assert.deepEqual(await walk(reader, 15n, 25n), await walk(gw, 15n, 25n));
    assert.equal(cache.stats.fetched, before + 1, 'one fetch, from the end of the run');
  });

  it('keeps no payload, and forgets records below an offset', async () => {
    const gw = await cluster(50);
    const cache = new ReadCache();
    await walk(cache.reader(gw), 0n, 50n);
    assert.equal(cache.size, 50);
    const hit = cache.lookup('NYC', tp, 3n)!;
    assert.equal(hit.records[0].offset, 3n);
    assert.equal(hit.records[0].value, null, 'only offset, timestamp and identity are kept');
    cache.forgetBelow('NYC', tp, 30n);
    assert.equal(cache.size, 20);
    assert.equal(cache.lookup('NYC', tp, 29n), undefined);
    assert.equal(cache.lookup('NYC', tp, 30n)!.records[0].offset, 30n);
  });

  it('a log end below what it holds (a truncated log, a re-created topic) drops the run when the walk lists bounds', async () => {
    const gw = await cluster(30);
    const cache = new ReadCache();
    const reader = cache.reader(gw);
    await walk(reader, 0n, 30n);
    await gw.deleteTopics(['orders']);
    await gw.createTopic('orders', 1);
    await gw.produce(
      'orders',
      Array.from({ length: 10 }, (_, i) => ({ value: `new${i}`, timestamp: 9000 + i, partition: 0 })),
    );
    await reader.listOffsets([tp], 'latest');
    assert.equal(cache.lookup('NYC', tp, 0n), undefined, "the old topic's records are gone");
    assert.deepEqual(await walk(reader, 0n, 10n), await walk(gw, 0n, 10n));
  });

  it('a log start past records trims them; read_committed reads are not cached', async () => {
    const gw = await cluster(30);
    const cache = new ReadCache();
    const reader = cache.reader(gw);
    await walk(reader, 0n, 30n);
    await gw.deleteRecords([{ topic: 'orders', partition: 0, offset: 12n }]);
    await reader.listOffsets([tp], 'earliest');
    assert.equal(cache.size, 18);
    const before = cache.stats.fetched;
    await reader.readRecords(tp, 20n, { isolation: 'read_committed' });
    assert.equal(cache.stats.fetched, before, 'passed straight to the cluster, not counted as a cache read');
  });

  it('holds at most the configured records, the newest of a partition first', async () => {
    const gw = await cluster(100);
    const cache = new ReadCache({ perPartition: 40, total: 1000 });
    await walk(cache.reader(gw), 0n, 100n);
    assert.ok(cache.size <= 40);
    assert.equal(cache.lookup('NYC', tp, 0n), undefined);
    assert.ok(cache.lookup('NYC', tp, 99n));
  });
});
