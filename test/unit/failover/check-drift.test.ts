import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FailoverPlan } from '../../../src/failover/failover-plan.js';
import { checkDrift } from '../../../src/failover/run-failover.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { encodeCheckpoint } from '../../../src/mm2/codecs.js';
import { planHeader } from '../../../src/workflow/plan-header.js';

async function setup() {
  const lon = new FakeGateway('LON');
  await lon.createTopic('NYC.t', 2);
  const plan: FailoverPlan = {
    ...planHeader('failover', 'NYC->LON', [{ alias: 'LON', clusterId: lon.clusterId, role: 'target' }]),
    flow: 'NYC->LON',
    source: 'NYC',
    target: 'LON',
    mode: 'planned',
    rpo: [],
    groups: [
      {
        group: 'g',
        targetState: 'Empty',
        status: 'planned',
        reason: null,
        partitions: [0, 1].map((partition) => ({ sourceTopic: 't', topic: 'NYC.t', partition, upstream: 10n, currentTarget: null, newOffset: 7n, method: 'exact' as const, expectedDuplicates: 0n, recordsAtRisk: 0n, note: null })),
      },
    ],
  };
  return { lon, plan };
}

describe('checkDrift', () => {
  it('accepts an untouched target, and one where an interrupted run already committed the planned offsets', async () => {
    const { lon, plan } = await setup();
    await checkDrift(plan, lon);
    await lon.commitOffsets('g', [{ topic: 'NYC.t', partition: 0, offset: 7n }]);
    await checkDrift(plan, lon);
  });
  it('refuses offsets moved elsewhere, an active group, and another cluster', async () => {
    const { lon, plan } = await setup();
    await lon.commitOffsets('g', [{ topic: 'NYC.t', partition: 1, offset: 3n }]);
    await assert.rejects(() => checkDrift(plan, lon), /NYC\.t-1: target offset is now 3, the plan saw none/);
    const fresh = await setup();
    fresh.lon.setMembers('g', 1);
    await assert.rejects(() => checkDrift(fresh.plan, fresh.lon), /g is now \w+ on LON/);
    await assert.rejects(
      () => checkDrift({ ...fresh.plan, clusters: [{ alias: 'LON', clusterId: 'other', role: 'target' }] }, fresh.lon),
      (e: { exitCode: number }) => e.exitCode === 3,
    );
  });
  it('a saved planned plan: refuses new commits on the source; a source that went down is not drift', async () => {
    const { lon, plan } = await setup();
    const nyc = new FakeGateway('NYC');
    await nyc.createTopic('t', 2);
    await nyc.commitOffsets('g', [
      { topic: 't', partition: 0, offset: 10n },
      { topic: 't', partition: 1, offset: 10n },
    ]);
    const from = { source: nyc, checkpointsTopic: 'NYC.checkpoints.internal', timeoutMs: 1000 };
    await checkDrift(plan, lon, from);
    await nyc.commitOffsets('g', [{ topic: 't', partition: 1, offset: 12n }]);
    await assert.rejects(() => checkDrift(plan, lon, from), /g t-1: committed offset on NYC is now 12, the plan translated 10/);
    nyc.unreachable = true;
    await checkDrift(plan, lon, from);
  });
  it('a saved unplanned plan: refuses a checkpoint that moved', async () => {
    const { lon, plan } = await setup();
    const unplanned: FailoverPlan = { ...plan, mode: 'unplanned', groups: plan.groups.map((g) => ({ ...g, partitions: g.partitions.map((p) => ({ ...p, method: 'checkpoints' as const })) })) };
    await lon.createTopic('NYC.checkpoints.internal', 1);
    const put = (partition: number, upstream: bigint) => {
      const { key, value } = encodeCheckpoint({ group: 'g', topic: 'NYC.t', partition, upstreamOffset: upstream, downstreamOffset: 5n, metadata: '' });
      return lon.produce('NYC.checkpoints.internal', [{ key, value, partition: 0 }]);
    };
    await put(0, 10n);
    await put(1, 10n);
    const from = { source: null, checkpointsTopic: 'NYC.checkpoints.internal', timeoutMs: 1000 };
    await checkDrift(unplanned, lon, from);
    await put(0, 14n);
    await assert.rejects(() => checkDrift(unplanned, lon, from), /g t-0: checkpoint is now 14, the plan translated 10/);
  });
});
