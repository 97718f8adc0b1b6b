import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { exactBatch, exactQueryKey } from '../../../src/translate/exact-batch.js';
import { exactDownstream } from '../../../src/translate/exact-walk.js';

/** A source with records 0..n-1 (values v0..), and a target built by `copy` from them. */
async function setup(n: number, copy: (tgt: FakeGateway, src: { value: string; timestamp: number }[]) => Promise<void>, gapsAt: number[] = []) {
  const src = new FakeGateway('NYC');
  const tgt = new FakeGateway('LON');
  await src.createTopic('t', 1);
  await tgt.createTopic('NYC.t', 1);
  const recs = Array.from({ length: n }, (_, i) => ({ value: `v${i}`, timestamp: 1000 + i }));
  for (let i = 0; i < n; i++) {
    if (gapsAt.includes(i)) src.skipOffsets({ topic: 't', partition: 0 }, 1n); // a transaction marker before record i
    await src.produce('t', [{ ...recs[i], partition: 0 }]);
  }
  await copy(tgt, recs);
  return { src, tgt, recs };
}
const put = (tgt: FakeGateway, r: { value: string; timestamp: number }) => tgt.produce('NYC.t', [{ ...r, partition: 0 }]);
const sync = (u: bigint, d: bigint) => ({ topic: 't', partition: 0, upstreamOffset: u, downstreamOffset: d });
const STP = { topic: 't', partition: 0 };
const TTP = { topic: 'NYC.t', partition: 0 };

describe('exactDownstream', () => {
  it('walks over source gaps (markers) to the copy of the next record', async () => {
    // source offsets: v0@0 v1@1 [marker@2] v2@3 v3@4 [marker@5] v4@6 ... ; target dense
    const { src, tgt } = await setup(
      8,
      async (t, recs) => {
        for (const r of recs) await put(t, r);
      },
      [2, 4],
    );
    const r = await exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), 6n); // offset 6 holds v4
    assert.deepEqual(r, { exact: true, downstream: 4n, duplicatesSkipped: 0, sourceRecordsNotCopied: 0, consumedNotReplicated: 0 });
  });
  it('skips duplicates MM2 wrote after a restart', async () => {
    const { src, tgt } = await setup(6, async (t, recs) => {
      for (const i of [0, 1, 2, 3, 1, 2, 3, 4, 5]) await put(t, recs[i]);
    });
    const r = await exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), 4n); // next is v4: copies at 7
    assert.ok(r.exact);
    assert.equal(r.downstream, 7n);
    assert.equal(r.duplicatesSkipped, 3);
  });
  it('skips source records MM2 never copied (aborted) and answers for a caught-up group', async () => {
    const { src, tgt } = await setup(5, async (t, recs) => {
      for (const i of [0, 2, 4]) await put(t, recs[i]);
    });
    const mid = await exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), 2n);
    assert.ok(mid.exact && mid.downstream === 1n && mid.sourceRecordsNotCopied === 1);
    const end = await exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), 5n);
    assert.ok(end.exact && end.downstream === 3n);
  });
  it('reports records the group consumed that the mirror has not copied yet', async () => {
    const { src, tgt } = await setup(5, async (t, recs) => {
      for (const i of [0, 1, 2]) await put(t, recs[i]);
    });
    const r = await exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), 5n);
    assert.ok(r.exact && r.downstream === 3n && r.consumedNotReplicated === 2);
  });
  it('says why when the target diverges', async () => {
    const { src, tgt } = await setup(3, async (t) => {
      await put(t, { value: 'alien', timestamp: 1 });
    });
    const r = await exactDownstream(src, STP, tgt, TTP, sync(0n, 0n), 2n);
    assert.equal(r.exact, false);
    assert.match(!r.exact ? r.reason : '', /matches no source record/);
  });
  it('uses the log starts as the anchor when no offset sync is left, or the first record both hold', async () => {
    const q = (upstream: bigint) => ({ sourceTp: STP, targetTp: TTP, upstream });
    const { src, tgt } = await setup(
      4,
      async (t, recs) => {
        for (const r of recs) await put(t, r);
      },
      [1],
    );
    const got = await exactBatch(src, tgt, null, [q(3n)]); // offset 3 holds v2 (a marker at 1)
    assert.deepEqual(got.get(exactQueryKey(q(3n))), { exact: true, downstream: 2n, duplicatesSkipped: 0, sourceRecordsNotCopied: 0, consumedNotReplicated: 0 });
    // The target lost its head: its first record (a copy of v1) is found in the source by identity; v3 is at 2.
    const other = await setup(4, async (t, recs) => {
      for (const r of recs.slice(1)) await put(t, r);
    });
    const head = (await exactBatch(other.src, other.tgt, null, [q(3n)])).get(exactQueryKey(q(3n)));
    assert.ok(
      head && head.exact && head.downstream === 2n,
      JSON.stringify(head, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
    );
    const alien = await setup(4, async (t) => {
      await put(t, { value: 'alien', timestamp: 1 });
    });
    assert.equal((await exactBatch(alien.src, alien.tgt, null, [q(2n)])).get(exactQueryKey(q(2n))), null, 'no common record: no pair');
  });
});

describe('exactDownstream with re-copies of records before the anchor', () => {
  it('skips them as duplicates of consumed records, at the end and in the middle', async () => {
    const { src, tgt } = await setup(6, async (t, recs) => {
      for (const i of [0, 1, 2, 3, 4, 5, 0, 1, 2]) await put(t, recs[i]); // MM2 re-copied 0..2 after the end
    });
    const end = await exactDownstream(src, STP, tgt, TTP, sync(4n, 4n), 6n);
    assert.ok(
      end.exact && end.downstream === 9n && end.duplicatesSkipped === 3,
      JSON.stringify(end, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
    );
    const mid = await setup(6, async (t, recs) => {
      for (const i of [0, 1, 2, 3, 0, 1, 4, 5]) await put(t, recs[i]);
    });
    const r = await exactDownstream(mid.src, STP, mid.tgt, TTP, sync(3n, 3n), 5n);
    assert.ok(
      r.exact && r.downstream === 7n,
      JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
    );
  });
});

describe('exactDownstream on logs trimmed by retention (a stale offset sync)', () => {
  const all = async (t: FakeGateway, recs: { value: string; timestamp: number }[]) => {
    for (const r of recs) await put(t, r);
  };
  it("the target trimmed past the sync: offsets whose copies are gone resume at the target's first record; later ones stay exact", async () => {
    const { src, tgt } = await setup(10, all);
    tgt.deleteRecordsBefore(TTP, 5n);
    const [gone, kept] = await Promise.all([exactDownstream(src, STP, tgt, TTP, sync(2n, 2n), 3n), exactDownstream(src, STP, tgt, TTP, sync(2n, 2n), 7n)]);
    assert.ok(
      gone.exact && gone.downstream === 5n,
      JSON.stringify(gone, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
    );
    assert.match(gone.exact ? (gone.trimmed ?? '') : '', /source offsets 3\.\.4\)? were deleted on the target by retention/);
    assert.ok(kept.exact && kept.downstream === 7n);
    assert.match(kept.exact ? (kept.trimmed ?? '') : '', /retention deleted the target's records below 5/);
  });
  it("jumps by timestamp to the copy of the target's first record instead of reading what retention left between", async () => {
    const { src, tgt } = await setup(100, all);
    tgt.deleteRecordsBefore(TTP, 90n);
    // 20 steps could not read the 88 source records between the sync and the target's first record.
    const r = await exactDownstream(src, STP, tgt, TTP, sync(2n, 2n), 95n, { maxSteps: 20 });
    assert.ok(
      r.exact && r.downstream === 95n,
      JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
    );
  });
  it('the source trimmed past the sync: an offset below its log start is not exact (the caller keeps the conservative value); later ones are', async () => {
    const { src, tgt } = await setup(10, all);
    src.deleteRecordsBefore(STP, 5n);
    const below = await exactDownstream(src, STP, tgt, TTP, sync(2n, 2n), 3n);
    assert.equal(below.exact, false);
    assert.match(!below.exact ? below.reason : '', /offset 3 is below the source's log start 5/);
    const above = await exactDownstream(src, STP, tgt, TTP, sync(2n, 2n), 8n);
    assert.ok(above.exact && above.downstream === 8n);
  });
});
