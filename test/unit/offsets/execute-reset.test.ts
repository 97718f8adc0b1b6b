import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDrctlError } from '../../../src/errors.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { executeOffsetPlan } from '../../../src/offsets/execute-reset.js';
import type { GroupPlan } from '../../../src/offsets/reset-plan.js';

/** LON with `orders` (2 partitions): partition 0 holds offsets 10..20 (records below 10 deleted), partition 1 0..5. */
async function lon(): Promise<FakeGateway> {
  const gw = new FakeGateway('LON');
  await gw.createTopic('orders', 2);
  await gw.produce(
    'orders',
    Array.from({ length: 20 }, (_, i) => ({ value: `a${i}`, partition: 0 })),
  );
  await gw.produce(
    'orders',
    Array.from({ length: 5 }, (_, i) => ({ value: `b${i}`, partition: 1 })),
  );
  gw.deleteRecordsBefore({ topic: 'orders', partition: 0 }, 10n);
  await gw.commitOffsets('orders-svc', [{ topic: 'orders', partition: 0, offset: 15n }]);
  await gw.commitOffsets('audit-svc', [{ topic: 'orders', partition: 1, offset: 2n }]);
  return gw;
}

const group = (name: string, targets: [number, bigint][], status: GroupPlan['status'] = 'planned'): GroupPlan => ({
  group: name,
  state: 'Empty',
  status,
  reason: status === 'refused' ? 'group is active' : null,
  partitions: targets.map(([partition, target]) => ({ topic: 'orders', partition, current: null, target, note: null })),
});

describe('executeOffsetPlan: offsets within the log at execution time', () => {
  it('commits offsets at the log start and at the log end (the boundaries are inside)', async () => {
    const gw = await lon();
    const r = await executeOffsetPlan(
      gw,
      'LON',
      'fake-LON',
      [
        group('orders-svc', [
          [0, 10n],
          [1, 5n],
        ]),
      ],
      mkdtempSync(join(tmpdir(), 'drctl-exec-')),
      'offsets reset',
      null,
    );
    assert.deepEqual(
      r.outcomes.map((o) => o.status),
      ['ok'],
    );
    assert.deepEqual(await gw.committedOffsets('orders-svc'), [
      { topic: 'orders', partition: 0, offset: 10n },
      { topic: 'orders', partition: 1, offset: 5n },
    ]);
  });

  const refused: [string, GroupPlan[], RegExp][] = [
    ['an offset below the log start', [group('orders-svc', [[0, 9n]])], /^refusing the whole plan on LON: group orders-svc orders-0: offset 9 is below the log start \(the log holds 10\.\.20\)$/],
    ['an offset above the log end', [group('orders-svc', [[1, 6n]])], /^refusing the whole plan on LON: group orders-svc orders-1: offset 6 is above the log end \(the log holds 0\.\.5\)$/],
    ['a negative offset', [group('orders-svc', [[1, -7n]])], /^refusing the whole plan on LON: group orders-svc orders-1: offset -7 is negative$/],
    [
      'one bad group among good ones',
      [
        group('audit-svc', [[1, 3n]]),
        group('orders-svc', [
          [0, 12n],
          [1, 99n],
        ]),
      ],
      /group orders-svc orders-1: offset 99 is above the log end/,
    ],
    [
      'several bad partitions, counting the rest',
      [
        group('orders-svc', [
          [0, 0n],
          [1, 50n],
        ]),
      ],
      /group orders-svc orders-0: offset 0 is below the log start \(the log holds 10\.\.20\) \(\+1 more\)$/,
    ],
  ];
  for (const [name, plan, re] of refused) {
    it(`refuses the whole plan for ${name} (exit 3), writing nothing: no backup, no journal, no commit`, async () => {
      const gw = await lon();
      const state = mkdtempSync(join(tmpdir(), 'drctl-exec-'));
      await assert.rejects(executeOffsetPlan(gw, 'LON', 'fake-LON', plan, state, 'offsets reset', null), (e: unknown) => isDrctlError(e) && e.code === 'DRCTL_PRECONDITION' && e.exitCode === 3 && re.test(e.message) && /nothing was changed/.test(e.hint ?? ''));
      assert.deepEqual(readdirSync(state), [], 'no backup and no journal entry');
      assert.deepEqual(await gw.committedOffsets('orders-svc'), [{ topic: 'orders', partition: 0, offset: 15n }]);
      assert.deepEqual(await gw.committedOffsets('audit-svc'), [{ topic: 'orders', partition: 1, offset: 2n }]);
    });
  }

  it('checks the log as it is when executing, not as it was when planning', async () => {
    const gw = await lon();
    const plan = [group('orders-svc', [[0, 12n]])];
    gw.deleteRecordsBefore({ topic: 'orders', partition: 0 }, 14n); // retention ran between the plan and its execution
    const state = mkdtempSync(join(tmpdir(), 'drctl-exec-'));
    await assert.rejects(executeOffsetPlan(gw, 'LON', 'fake-LON', plan, state, 'failover NYC->LON', null), /offset 12 is below the log start \(the log holds 14\.\.20\)/);
    assert.equal(existsSync(join(state, 'journal.ndjson')), false);
  });

  it('does not check groups it will not touch (refused ones)', async () => {
    const gw = await lon();
    const r = await executeOffsetPlan(gw, 'LON', 'fake-LON', [group('busy-svc', [[0, 999n]], 'refused'), group('orders-svc', [[0, 11n]])], mkdtempSync(join(tmpdir(), 'drctl-exec-')), 'offsets reset', null);
    assert.deepEqual(
      r.outcomes.map((o) => [o.group, o.status]),
      [
        ['busy-svc', 'refused'],
        ['orders-svc', 'ok'],
      ],
    );
  });
});
