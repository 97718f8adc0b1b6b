import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { ExactMemo, exactBatch, exactQueryKey } from '../../../src/translate/exact-batch.js';
import { exactDownstream, exactDownstreams } from '../../../src/translate/exact-walk.js';
import { OffsetSyncStore } from '../../../src/mm2/offset-sync-store.js';

const STP = { topic: 't', partition: 0 };
const TTP = { topic: 'NYC.t', partition: 0 };
const sync = (u: bigint, d: bigint) => ({ topic: 't', partition: 0, upstreamOffset: u, downstreamOffset: d });

/**
 * Source records v0..v(n-1) with markers before the records in `gapsAt`; the target holds copies in the order given
 * by `copies` (indexes into the source records: repeats are MM2 duplicates, missing ones were never copied).
 */
async function scenario(n: number, copies: number[], gapsAt: number[] = []) {
  const src = new FakeGateway('NYC');
  const tgt = new FakeGateway('LON');
  await src.createTopic('t', 1);
  await tgt.createTopic('NYC.t', 1);
  const recs = Array.from({ length: n }, (_, i) => ({ value: `v${i}`, timestamp: 1000 + i }));
  for (let i = 0; i < n; i++) {
    if (gapsAt.includes(i)) src.skipOffsets(STP, 1n);
    await src.produce('t', [{ ...recs[i], partition: 0 }]);
  }
  for (const i of copies) await tgt.produce('NYC.t', [{ ...recs[i], partition: 0 }]);
  const [end] = await src.listOffsets([STP], 'latest');
  return { src, tgt, end: end.offset! };
}

const scenarios: [string, number, number[], number[]][] = [
  ['dense copy with markers', 10, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 7]],
  ['duplicates after a restart', 8, [0, 1, 2, 3, 1, 2, 3, 4, 5, 6, 7], []],
  ['aborted records never copied', 9, [0, 2, 3, 6, 8], [2, 5]],
  ['the mirror is behind', 9, [0, 1, 2, 3, 4], [4]],
  ['duplicates, gaps and a tail not yet copied', 12, [0, 1, 2, 1, 2, 3, 5, 6, 7], [1, 6]],
];

describe('exactDownstreams: one walk answers many committed offsets', () => {
  for (const [name, n, copies, gaps] of scenarios) {
    it(`gives the same answer as one walk per offset: ${name}`, async () => {
      const { src, tgt, end } = await scenario(n, copies, gaps);
      const ups = Array.from({ length: Number(end) + 1 }, (_, i) => BigInt(i));
      const one = await Promise.all(ups.map((u) => exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), u)));
      const many = await exactDownstreams(src, STP, tgt, TTP, sync(0n, 0n), ups);
      assert.deepEqual(many, one);
    });
  }
  it('a divergent target makes every offset say why', async () => {
    const { src, tgt } = await scenario(3, []);
    await tgt.produce('NYC.t', [{ value: 'alien', timestamp: 1, partition: 0 }]);
    const r = await exactDownstreams(src, STP, tgt, TTP, sync(0n, 0n), [1n, 2n]);
    assert.equal(r.length, 2);
    assert.ok(r.every((x) => !x.exact && /matches no source record/.test(x.reason)));
  });
});

describe('exactBatch', () => {
  it('answers each (partition, offset) as a walk from its own closest anchor does, and null without any anchor', async () => {
    const { src, tgt } = await scenario(12, [0, 1, 2, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11], [1, 6]);
    // Syncs: v3 (source offset 4) copied at 5; v8 (source offset 10) at 9.
    const syncs = OffsetSyncStore.fromLog([sync(4n, 5n), sync(10n, 9n)]);
    const queries = [2n, 4n, 5n, 9n, 10n, 13n, 14n].map((upstream) => ({ sourceTp: STP, targetTp: TTP, upstream }));
    const got = await exactBatch(src, tgt, syncs, queries);
    for (const q of queries) {
      const anchor = syncs.anchor('t', 0, q.upstream);
      const want = anchor ? await exactDownstream(src, STP, tgt, TTP, anchor, q.upstream) : null;
      if (want === null) {
        // No sync at or below offset 2: the shared log start (v0 at 0 on both) is the anchor.
        assert.deepEqual(got.get(exactQueryKey(q)), await exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), q.upstream));
      } else {
        const g = got.get(exactQueryKey(q));
        assert.ok(g && g.exact && want.exact, `offset ${q.upstream}`);
        assert.equal(g.downstream, want.downstream, `offset ${q.upstream}`);
      }
    }
  });
  it("finds the pair by the target's first record where the log starts differ, and null where nothing matches", async () => {
    const { src, tgt } = await scenario(4, [1, 2, 3]); // the target lost the head: its first record is source offset 1
    const syncs = OffsetSyncStore.fromLog([sync(2n, 1n)]);
    const got = await exactBatch(src, tgt, syncs, [
      { sourceTp: STP, targetTp: TTP, upstream: 1n },
      { sourceTp: STP, targetTp: TTP, upstream: 3n },
    ]);
    const head = got.get(exactQueryKey({ sourceTp: STP, upstream: 1n }));
    assert.ok(head && head.exact && head.downstream === 0n, "source offset 1 is the target's first record");
    const alien = await scenario(4, []);
    await alien.tgt.produce('NYC.t', [{ value: 'not a copy', partition: 0 }]);
    assert.equal((await exactBatch(alien.src, alien.tgt, null, [{ sourceTp: STP, targetTp: TTP, upstream: 1n }])).get(exactQueryKey({ sourceTp: STP, upstream: 1n })), null);
    assert.deepEqual(got.get(exactQueryKey({ sourceTp: STP, upstream: 3n })), { exact: true, downstream: 2n, duplicatesSkipped: 0, sourceRecordsNotCopied: 0, consumedNotReplicated: 0 });
  });
  it('with a memo, answers a final answer again without walking, and walks again what was not copied yet', async () => {
    const { src, tgt } = await scenario(9, [0, 1, 2, 3, 4], [4]); // the mirror is behind: records 5.. (source offsets 6..9, a marker at 4) not copied; 10 is the log end
    const memo = new ExactMemo();
    const q = (upstream: bigint) => ({ sourceTp: STP, targetTp: TTP, upstream });
    const first = await exactBatch(src, tgt, null, [q(3n), q(10n)], { memo });
    const copied = first.get(exactQueryKey(q(3n)));
    const behind = first.get(exactQueryKey(q(10n)));
    assert.ok(copied?.exact && copied.consumedNotReplicated === 0);
    assert.ok(behind?.exact && behind.consumedNotReplicated > 0);
    // The mirror catches up: the kept answer is the same fact, and the one that waited on the mirror is walked again.
    await tgt.produce(
      'NYC.t',
      [5, 6, 7, 8].map((i) => ({ value: `v${i}`, timestamp: 1000 + i, partition: 0 })),
    );
    const again = await exactBatch(src, tgt, null, [q(3n), q(10n)], { memo });
    assert.deepEqual([memo.hits, memo.asked], [1, 4]);
    assert.deepEqual(again.get(exactQueryKey(q(3n))), copied);
    const caughtUp = again.get(exactQueryKey(q(10n)));
    assert.ok(caughtUp?.exact && caughtUp.consumedNotReplicated === 0 && caughtUp.downstream === 9n);
  });
});
