import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { OffsetSyncStore } from '../../../src/mm2/offset-sync-store.js';
import { returnLegOffsets, returnLegTopic, returnQueryKey, type ReturnQuery } from '../../../src/translate/return-leg.js';
import { replicationPolicyFor } from '../../../src/mm2/replication-policy.js';

const rec = (v: string, i: number) => ({ value: v, timestamp: 1000 + i, partition: 0 });

/** LON's own `orders` (the originals) and NYC's copy `LON.orders`, written by MM2 LON->NYC as `copied` says. */
async function leg(originals: string[], copied: string[]) {
  const lon = new FakeGateway('LON');
  const nyc = new FakeGateway('NYC');
  await lon.createTopic('orders', 1);
  await nyc.createTopic('LON.orders', 1);
  const ts = new Map(originals.map((v, i) => [v, i]));
  await lon.produce(
    'orders',
    originals.map((v, i) => rec(v, i)),
  );
  await nyc.produce(
    'LON.orders',
    copied.map((v) => rec(v, ts.get(v)!)),
  );
  return { lon, nyc };
}
const q = (committed: bigint): ReturnQuery => ({ copyTp: { topic: 'LON.orders', partition: 0 }, originalTp: { topic: 'orders', partition: 0 }, committed });
const ask = async (nyc: FakeGateway, lon: FakeGateway, committed: bigint, syncs: OffsetSyncStore | null = null) => (await returnLegOffsets(nyc, lon, syncs, [q(committed)])).get(returnQueryKey(q(committed)))!;

describe('returnLegOffsets: a group on the copy resumes on the original', () => {
  const v = Array.from({ length: 10 }, (_, i) => `v${i}`);

  it('a plain copy: the original right after the last copy consumed, from the log starts or from a sync', async () => {
    const { lon, nyc } = await leg(v, v);
    assert.deepEqual(await ask(nyc, lon, 0n), { exact: true, offset: 0n, duplicatesSkipped: 0, notCopied: 0 });
    assert.deepEqual(await ask(nyc, lon, 6n), { exact: true, offset: 6n, duplicatesSkipped: 0, notCopied: 0 });
    const syncs = OffsetSyncStore.fromLog([{ topic: 'orders', partition: 0, upstreamOffset: 4n, downstreamOffset: 4n }]);
    assert.deepEqual(await ask(nyc, lon, 6n, syncs), { exact: true, offset: 6n, duplicatesSkipped: 0, notCopied: 0 });
  });

  it('MM2 copied some records twice (a restart): the duplicates the group consumed are skipped', async () => {
    // v2..v4 copied again after v4: the copy's offsets run 3 ahead from offset 5 on.
    const { lon, nyc } = await leg(v, [...v.slice(0, 5), ...v.slice(2)]);
    assert.deepEqual(await ask(nyc, lon, 9n), { exact: true, offset: 6n, duplicatesSkipped: 3, notCopied: 0 }, 'copies 0..8 are v0..v4, v2..v5');
  });

  it('an original MM2 never copied (an aborted record): skipped; the group resumes after its last consumed copy', async () => {
    const { lon, nyc } = await leg(v, [...v.slice(0, 3), ...v.slice(4)]);
    assert.deepEqual(await ask(nyc, lon, 5n), { exact: true, offset: 6n, duplicatesSkipped: 0, notCopied: 1 }, 'copies 0..4 are v0, v1, v2, v4, v5');
  });

  it('everything copied consumed, MM2 behind: resumes at the first original not copied yet', async () => {
    const { lon, nyc } = await leg(v, v.slice(0, 7));
    assert.deepEqual(await ask(nyc, lon, 7n), { exact: true, offset: 7n, duplicatesSkipped: 0, notCopied: 0 });
  });

  it('log starts that hold different records and no sync: not exact, saying why', async () => {
    const { lon, nyc } = await leg(v, v.slice(3));
    const a = await ask(nyc, lon, 4n);
    assert.equal(a.exact, false);
    assert.match((a as { reason: string }).reason, /no offset sync of the reverse flow at or below 4, and the two log starts hold different records/);
    const syncs = OffsetSyncStore.fromLog([{ topic: 'orders', partition: 0, upstreamOffset: 3n, downstreamOffset: 0n }]);
    assert.deepEqual(await ask(nyc, lon, 4n, syncs), { exact: true, offset: 7n, duplicatesSkipped: 0, notCopied: 0 }, 'with the sync: copies 0..3 are v3..v6');
  });

  it('names a copy of the target’s own topic, and only that', () => {
    const policy = replicationPolicyFor({ type: 'default', separator: '.', internalTopicSeparatorEnabled: true }, 'NYC');
    assert.equal(returnLegTopic(policy, 'LON', 'LON.orders'), 'orders');
    assert.equal(returnLegTopic(policy, 'LON', 'orders'), null);
    assert.equal(returnLegTopic(policy, 'LON', 'PAR.orders'), null);
  });
});
