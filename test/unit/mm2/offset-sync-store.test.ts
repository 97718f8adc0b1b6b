import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OffsetSyncStore } from '../../../src/mm2/offset-sync-store.js';

const sync = (u: bigint, d: bigint) => ({ topic: 't', partition: 0, upstreamOffset: u, downstreamOffset: d });

describe('OffsetSyncStore (MM2 translation semantics)', () => {
  const store = OffsetSyncStore.fromLog([sync(10n, 5n), sync(20n, 12n), sync(40n, 30n)]);
  const cases: [bigint, string, bigint | undefined][] = [
    [20n, 'exact', 12n],
    [25n, 'plus-one', 13n],
    [40n, 'exact', 30n],
    [1000n, 'plus-one', 31n],
    [10n, 'exact', 5n],
  ];
  for (const [u, kind, d] of cases) {
    it(`translates ${u} as ${kind} -> ${d}`, () => {
      const t = store.translate('t', 0, u);
      assert.equal(t.kind, kind);
      assert.equal('downstream' in t ? t.downstream : undefined, d);
    });
  }
  it('refuses an offset older than every sync', () => assert.deepEqual(store.translate('t', 0, 9n), { kind: 'older-than-syncs', oldestUpstream: 10n }));
  it('knows nothing of other partitions', () => assert.equal(store.translate('t', 1, 5n).kind, 'no-syncs'));
  it('drops history on an upstream rewind', () => {
    const s = OffsetSyncStore.fromLog([sync(10n, 5n), sync(20n, 12n), sync(3n, 40n), sync(8n, 45n)]);
    assert.equal(s.size('t', 0), 2);
    assert.equal(s.translate('t', 0, 15n).kind, 'plus-one');
    assert.equal(s.translate('t', 0, 2n).kind, 'older-than-syncs');
  });
  it('keeps every sync as an exact anchor across rewinds (earliest copy among equals)', () => {
    const s = OffsetSyncStore.fromLog([sync(10n, 5n), sync(20n, 12n), sync(10n, 30n), sync(25n, 45n)]);
    assert.deepEqual(s.anchor('t', 0, 15n), sync(10n, 5n));
    assert.deepEqual(s.anchor('t', 0, 22n), sync(20n, 12n));
    assert.equal(s.anchor('t', 0, 9n), undefined);
  });
});
