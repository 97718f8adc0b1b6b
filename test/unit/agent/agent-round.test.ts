import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentRound, type AgentFlowState } from '../../../src/agent/agent-round.js';
import { ReadCache } from '../../../src/agent/read-cache.js';
import { readExactCheckpoints } from '../../../src/checkpoints/exact-checkpoints.js';
import { defaultFlowFilters } from '../../../src/config/resolve-flow.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { replicationPolicyFor } from '../../../src/mm2/replication-policy.js';

const flow = { source: 'NYC', target: 'LON', ...defaultFlowFilters() };
const policy = replicationPolicyFor({ type: 'default', separator: '.', internalTopicSeparatorEnabled: true }, 'NYC');

/** NYC's `orders` (one partition, `n` records) copied to LON's NYC.orders after `prefix` records of its own. */
async function mirrored(n: number, copied = n) {
  const nyc = new FakeGateway('NYC');
  const lon = new FakeGateway('LON');
  await nyc.createTopic('orders', 1);
  await lon.createTopic('NYC.orders', 1);
  const recs = Array.from({ length: n }, (_, i) => ({ value: `v${i}`, timestamp: 1000 + i, partition: 0 }));
  await nyc.produce('orders', recs);
  // MM2 restarted once: records 2..4 are on the target twice.
  await lon.produce('NYC.orders', [...recs.slice(0, 5), ...recs.slice(2, copied)]);
  return { nyc, lon };
}

describe('agentRound: exact checkpoints, incrementally', () => {
  it("writes the target offset of the group's next record, then only for partitions whose commit moved", async () => {
    const { nyc, lon } = await mirrored(20);
    const state: AgentFlowState = { known: new Map(), syncs: null, topicReady: false };
    let now = 10_000;
    await nyc.commitOffsets('svc', [{ topic: 'orders', partition: 0, offset: 8n }]);
    const first = await agentRound(flow, policy, nyc, lon, state, () => now);
    assert.deepEqual([first.groups, first.partitions, first.translated, first.written, first.notExact], [1, 1, 1, 1, 0]);
    // v8 sits at 11 on LON (three duplicates before it).
    let cp = (await readExactCheckpoints(lon, 'NYC', 5000)).groups.get('svc')!.get('orders:0')!;
    assert.deepEqual([cp.upstream, cp.downstream, cp.ratePerSecond], [8n, 11n, null]);
    assert.equal((await lon.readRecords({ topic: 'NYC.orders', partition: 0 }, 11n)).records[0].value?.toString(), 'v8');

    now += 1000;
    const idle = await agentRound(flow, policy, nyc, lon, state, () => now);
    assert.deepEqual([idle.translated, idle.written], [0, 0], 'nothing moved: nothing read, nothing written');

    now += 2000;
    await nyc.commitOffsets('svc', [{ topic: 'orders', partition: 0, offset: 14n }]);
    const moved = await agentRound(flow, policy, nyc, lon, state, () => now);
    assert.deepEqual([moved.translated, moved.written], [1, 1]);
    cp = (await readExactCheckpoints(lon, 'NYC', 5000)).groups.get('svc')!.get('orders:0')!;
    assert.deepEqual([cp.upstream, cp.downstream, cp.ratePerSecond, cp.seenAt], [14n, 17n, 2, now], '6 records in 3 s');
  });

  it('a group ahead of MM2 is answered again once MM2 has copied its next record', async () => {
    const { nyc, lon } = await mirrored(20, 10);
    const state: AgentFlowState = { known: new Map(), syncs: null, topicReady: false };
    await nyc.commitOffsets('svc', [{ topic: 'orders', partition: 0, offset: 12n }]);
    await agentRound(flow, policy, nyc, lon, state);
    assert.equal([...state.known.values()][0].complete, false);
    await lon.produce(
      'NYC.orders',
      Array.from({ length: 10 }, (_, i) => ({ value: `v${10 + i}`, timestamp: 1010 + i, partition: 0 })),
    );
    const again = await agentRound(flow, policy, nyc, lon, state);
    assert.deepEqual([again.translated, again.written], [1, 1]);
    const cp = [...state.known.values()][0];
    assert.deepEqual([cp.downstream, cp.complete], [15n, true]);
  });

  it('with its read cache: the same answers, and a commit moving within records already read costs no fetch', async () => {
    const { nyc, lon } = await mirrored(20);
    const cache = new ReadCache();
    const state: AgentFlowState = { known: new Map(), syncs: null, topicReady: false, cache };
    await nyc.commitOffsets('svc', [{ topic: 'orders', partition: 0, offset: 8n }]);
    await agentRound(flow, policy, nyc, lon, state);
    assert.deepEqual([[...state.known.values()][0].upstream, [...state.known.values()][0].downstream], [8n, 11n]);
    const fetched = cache.stats.fetched;
    await nyc.commitOffsets('svc', [{ topic: 'orders', partition: 0, offset: 14n }]);
    const moved = await agentRound(flow, policy, nyc, lon, state);
    assert.deepEqual([moved.translated, moved.written], [1, 1]);
    const cp = (await readExactCheckpoints(lon, 'NYC', 5000)).groups.get('svc')!.get('orders:0')!;
    assert.deepEqual([cp.upstream, cp.downstream], [14n, 17n], 'as without the cache (the first test)');
    assert.equal(cache.stats.fetched, fetched, 'read from memory');
    assert.ok(cache.stats.hits > 0);
  });

  it('forgets the groups deleted on the source', async () => {
    const { nyc, lon } = await mirrored(20);
    const state: AgentFlowState = { known: new Map(), syncs: null, topicReady: false };
    await nyc.commitOffsets('svc', [{ topic: 'orders', partition: 0, offset: 8n }]);
    await nyc.commitOffsets('old', [{ topic: 'orders', partition: 0, offset: 5n }]);
    await agentRound(flow, policy, nyc, lon, state);
    assert.deepEqual([...new Set([...state.known.values()].map((k) => k.group))].sort(), ['old', 'svc']);
    await nyc.deleteGroup('old');
    await agentRound(flow, policy, nyc, lon, state);
    assert.deepEqual(
      [...state.known.values()].map((k) => k.group),
      ['svc'],
    );
  });
});
