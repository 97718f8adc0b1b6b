import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultFlowFilters } from '../../../src/config/resolve-flow.js';
import { activeFence, withSourceFence, type FenceRequest } from '../../../src/fence/fence.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';

const flow = { source: 'NYC', target: 'LON', ...defaultFlowFilters() };

async function setup() {
  const nyc = new FakeGateway('NYC');
  nyc.acls = [];
  await nyc.createTopic('orders', 2);
  await nyc.createTopic('other', 1);
  await nyc.commitOffsets('svc', [{ topic: 'orders', partition: 0, offset: 0n }]);
  const dir = mkdtempSync(join(tmpdir(), 'drctl-fence-'));
  const req = (mode: FenceRequest['mode']): FenceRequest => ({ mode, flow, groups: ['svc'], allGroups: false, stateDir: dir, reason: 'test', waitTimeoutMs: 3000, progress: () => {} });
  return { nyc, dir, req };
}

describe('withSourceFence', () => {
  it('acl: fences the topics the groups read, keeps the fence when groups moved, journals it', async () => {
    const { nyc, dir, req } = await setup();
    let fencedDuringRun = false;
    const r = await withSourceFence(
      req('acl'),
      nyc,
      async () => ((fencedDuringRun = nyc.fenced.has('orders')), 'moved'),
      () => true,
    );
    assert.deepEqual([r.fenced, fencedDuringRun, [...nyc.fenced]], [['orders'], true, ['orders']]);
    await assert.rejects(() => nyc.produce('orders', [{ value: 'x', partition: 0 }]), /not authorized/);
    await nyc.produce('other', [{ value: 'x', partition: 0 }]);
    assert.deepEqual(activeFence(dir, 'NYC'), ['orders']);
  });
  it('acl: lifts the fence again when nothing moved or the run failed', async () => {
    const { nyc, dir, req } = await setup();
    assert.deepEqual(
      (
        await withSourceFence(
          req('acl'),
          nyc,
          async () => 'refused',
          () => false,
        )
      ).fenced,
      [],
    );
    assert.deepEqual([...nyc.fenced], []);
    await assert.rejects(
      () =>
        withSourceFence(
          req('acl'),
          nyc,
          async () => {
            throw new Error('boom');
          },
          () => true,
        ),
      /boom/,
    );
    assert.deepEqual([[...nyc.fenced], activeFence(dir, 'NYC')], [[], []]);
  });
  it('acl without an authorizer is a precondition; check refuses while the topics are written', async () => {
    const { nyc, req } = await setup();
    nyc.acls = null;
    await assert.rejects(
      () =>
        withSourceFence(
          req('acl'),
          nyc,
          async () => 1,
          () => true,
        ),
      /has no authorizer/,
    );
    const writer = setInterval(() => void nyc.produce('orders', [{ value: 'w', partition: 1 }]), 50);
    try {
      await assert.rejects(
        () =>
          withSourceFence(
            req('check'),
            nyc,
            async () => 1,
            () => true,
          ),
        (e: { exitCode: number; message: string }) => e.exitCode === 3 && /^NYC is still being written: orders-1 \+\d+ in 2 s/.test(e.message),
      );
    } finally {
      clearInterval(writer);
    }
    assert.equal(
      (
        await withSourceFence(
          req('check'),
          nyc,
          async () => 7,
          () => true,
        )
      ).value,
      7,
    );
  });
});
