import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultFlowFilters } from '../../../src/config/resolve-flow.js';
import type { DrctlConfig } from '../../../src/config/types.js';
import { isDrctlError } from '../../../src/errors.js';
import { loadFailbackPlan } from '../../../src/failback/plan-file.js';
import { planFailback } from '../../../src/failback/plan-failback.js';
import { checkFailbackDrift } from '../../../src/failback/run-failback.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { writeJsonFile } from '../../../src/schema/json-file.js';

const T0 = 1_700_000_000_000;

/** NYC `orders` (1 partition, 6 records) of which LON has the first 4: a tail of 2 to salvage. */
async function planned() {
  const dir = mkdtempSync(join(tmpdir(), 'drctl-fb-plan-'));
  const config: DrctlConfig = {
    source: 'test',
    clusters: { NYC: { alias: 'NYC', bootstrapServers: ['nyc:9092'] }, LON: { alias: 'LON', bootstrapServers: ['lon:9092'] } },
    flows: [{ source: 'NYC', target: 'LON', ...defaultFlowFilters() }],
    replicationPolicy: { type: 'default', separator: '.', internalTopicSeparatorEnabled: true },
    offsetSyncsLocation: 'target',
    objectives: {},
    stateDir: dir,
  };
  const nyc = new FakeGateway('NYC', { now: () => T0 });
  const lon = new FakeGateway('LON', { now: () => T0 });
  await nyc.createTopic('orders', 1);
  await lon.createTopic('NYC.orders', 1);
  for (let i = 0; i < 6; i++) {
    const r = { key: `k${i}`, value: `v${i}`, timestamp: T0 - 600_000 + i, partition: 0 };
    await nyc.produce('orders', [r]);
    if (i < 4) await lon.produce('NYC.orders', [r]);
  }
  const plan = await planFailback(config, { oldPrimary: 'NYC', newPrimary: 'LON', cleanup: 'truncate', salvage: { kind: 'dir', dir: join(dir, 'salvage') }, quietPeriodMs: 60_000, allowActiveGroups: false, sandbox: false, timeoutMs: 1000 }, nyc, lon, T0);
  const file = join(dir, 'plan.json');
  writeJsonFile(file, plan);
  return { plan, file, nyc, lon };
}

describe('saved failback plans', () => {
  it('round-trip: the file holds offsets as strings and loads back to the same plan', async () => {
    const { plan, file } = await planned();
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).partitions[0].tailFrom, '4');
    assert.deepEqual(loadFailbackPlan(file), plan);
  });

  it('an edited or damaged file is refused (exit 2) naming the field', async () => {
    const { file } = await planned();
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.partitions[0].tailFrom = '9';
    writeFileSync(file, JSON.stringify(json));
    assert.throws(
      () => loadFailbackPlan(file),
      (e) => isDrctlError(e) && e.exitCode === 2 && /partitions\[0\]/.test(e.message) && /logStart <= tailFrom <= logEnd/.test(e.message),
    );
    json.partitions[0].tailFrom = '4';
    json.salvage = { kind: 'dir' };
    writeFileSync(file, JSON.stringify(json));
    assert.throws(
      () => loadFailbackPlan(file),
      (e) => isDrctlError(e) && e.exitCode === 2 && /salvage/.test(e.message),
    );
  });

  it('executing it is refused (exit 3) when the old primary changed since, or the clusters are others', async () => {
    const { plan, nyc, lon } = await planned();
    await checkFailbackDrift(plan, nyc, lon);
    await nyc.produce('orders', [{ value: 'late', partition: 0 }]);
    await assert.rejects(checkFailbackDrift(plan, nyc, lon), (e) => isDrctlError(e) && e.exitCode === 3 && /orders-0 ends at 7, the plan saw 6/.test(e.message));
    const other = new FakeGateway('NYC', { clusterId: 'another' });
    await assert.rejects(checkFailbackDrift(plan, other, lon), (e) => isDrctlError(e) && e.code === 'DRCTL_CLUSTER_ID_MISMATCH');
  });
});
