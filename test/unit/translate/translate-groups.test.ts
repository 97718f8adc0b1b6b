import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefaultReplicationPolicy } from '../../../src/mm2/replication-policy.js';
import { OffsetSyncStore } from '../../../src/mm2/offset-sync-store.js';
import { toResetCsv, translateGroup, type TranslateInputs } from '../../../src/translate/translate-groups.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';

const checkpoints = (entries: [number, bigint, bigint][]) => ({
  topic: 'NYC.checkpoints.internal',
  exists: true,
  warnings: [],
  groups: new Map([['g', new Map(entries.map(([p, up, down]) => [`NYC.orders:${p}`, { group: 'g', topic: 'NYC.orders', partition: p, upstreamOffset: up, downstreamOffset: down, metadata: '', emittedAt: 1000 }]))]]),
});
/** LON with the remote topic (translations are checked against its log start). */
function lon(): FakeGateway {
  const g = new FakeGateway('LON');
  void g.createTopic('NYC.orders', 2);
  return g;
}
const inputs = (over: Partial<TranslateInputs>): TranslateInputs => ({
  source: null,
  target: lon(),
  sourceAlias: 'NYC',
  policy: new DefaultReplicationPolicy(),
  checkpoints: checkpoints([
    [0, 100n, 40n],
    [1, 7n, 7n],
  ]),
  syncs: null,
  committed: null,
  targetTopics: new Set(['NYC.orders']),
  now: 3500,
  ...over,
});

describe('translateGroup without the source', () => {
  it('checkpoints: upstream, downstream and age per partition, with source topic names', async () => {
    const rows = await translateGroup('g', 'checkpoints', inputs({}));
    assert.deepEqual(
      rows.map((r) => [r.sourceTopic, r.topic, r.partition, r.upstream, r.downstream, r.method, r.checkpointAgeSeconds]),
      [
        ['orders', 'NYC.orders', 0, 100n, 40n, 'checkpoints', 2.5],
        ['orders', 'NYC.orders', 1, 7n, 7n, 'checkpoints', 2.5],
      ],
    );
  });
  it('auto refines checkpoints with syncs on the target, never backwards', async () => {
    const syncs = OffsetSyncStore.fromLog([
      { topic: 'orders', partition: 0, upstreamOffset: 95n, downstreamOffset: 90n },
      { topic: 'orders', partition: 1, upstreamOffset: 2n, downstreamOffset: 2n },
    ]);
    const rows = await translateGroup('g', 'auto', inputs({ syncs }));
    assert.equal(rows[0].downstream, 91n);
    assert.equal(rows[0].method, 'syncs');
    assert.equal(rows[0].conservative, 40n);
    assert.equal(rows[1].downstream, 7n, 'the checkpoint is kept when syncs would go backwards');
    assert.equal(rows[1].method, 'checkpoints');
  });
  it('refuses syncs and exact without the source (exit 4)', async () => {
    await assert.rejects(
      () => translateGroup('g', 'exact', inputs({})),
      (e: { exitCode: number }) => e.exitCode === 4,
    );
  });
  it('exports kafka-consumer-groups CSV: 3 columns for one group, 4 for several, untranslated left out', () => {
    const row = { group: 'g', sourceTopic: 'orders', topic: 'NYC.orders', partition: 0, upstream: 1n, downstream: 5n, method: 'exact' as const, checkpointAgeSeconds: null, conservative: null, expectedDuplicates: null, note: null };
    assert.equal(toResetCsv([row, { ...row, partition: 1, downstream: null }]), 'NYC.orders,0,5\n');
    assert.equal(toResetCsv([row, { ...row, group: 'h' }]), 'g,NYC.orders,0,5\nh,NYC.orders,0,5\n');
  });
});

describe('translations below the target log start', () => {
  it('are stale: answered with the log start, and said so on the partition', async () => {
    const target = lon();
    await target.produce(
      'NYC.orders',
      Array.from({ length: 60 }, (_, i) => ({ value: `x${i}`, partition: 0 })),
    );
    target.deleteRecordsBefore({ topic: 'NYC.orders', partition: 0 }, 50n);
    const rows = await translateGroup('g', 'checkpoints', inputs({ target }));
    assert.equal(rows[0].downstream, 50n, 'checkpoint 40 is below the log start 50');
    assert.match(rows[0].note ?? '', /checkpoint 40 is below LON's log start 50 \(stale: retention deleted 10 offset\(s\) there\)/);
    assert.equal(rows[1].downstream, 7n, 'partition 1 keeps its log start 0');
    assert.equal(rows[1].note, null);
  });
});
