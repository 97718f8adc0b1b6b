import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FailoverPlan } from '../../../src/failover/failover-plan.js';
import { checkDrift } from '../../../src/failover/run-failover.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';

async function setup() {
  const lon = new FakeGateway('LON');
  await lon.createTopic('NYC.t', 2);
  const plan: FailoverPlan = {
    version: 1, createdAt: new Date().toISOString(), flow: 'NYC->LON', source: 'NYC', target: 'LON', targetClusterId: lon.clusterId, mode: 'planned', preflight: [], rpo: [], warnings: [],
    groups: [{ group: 'g', targetState: 'Empty', status: 'planned', reason: null, partitions: [0, 1].map((partition) => ({ sourceTopic: 't', topic: 'NYC.t', partition, upstream: 10n, currentTarget: null, newOffset: 7n, method: 'exact' as const, expectedDuplicates: 0n, recordsAtRisk: 0n, note: null })) }],
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
    await assert.rejects(() => checkDrift({ ...fresh.plan, targetClusterId: 'other' }, fresh.lon), (e: { exitCode: number }) => e.exitCode === 3);
  });
});
