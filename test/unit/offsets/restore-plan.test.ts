import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { executeOffsetPlan } from '../../../src/offsets/execute-reset.js';
import { planRestore } from '../../../src/offsets/restore-plan.js';

const backup = (groups: Record<string, { topic: string; partition: number; offset: bigint }[]>) => ({ id: 'b1', createdAt: '', cluster: 'LON', clusterId: 'fake-LON', reason: null, groups });
const none = { earliest: new Map<string, bigint>(), latest: new Map<string, bigint>() };

describe('planRestore', () => {
  it('puts saved offsets back; a group that had none is deleted, which is the only way back to "no offsets"', async () => {
    const plan = planRestore(
      backup({ had: [{ topic: 't', partition: 0, offset: 4n }], new: [] }),
      [
        { group: 'had', type: 'classic', state: 'Empty', members: 0, unsure: null, committed: [{ topic: 't', partition: 0, offset: 9n }] },
        { group: 'new', type: 'classic', state: 'Empty', members: 0, unsure: null, committed: [{ topic: 't', partition: 0, offset: 9n }] },
      ] as never,
      none,
    );
    assert.deepEqual(
      plan.groups.map((g) => [g.group, g.deleteGroup ?? false, g.partitions.map((p) => [p.current, p.target])]),
      [
        ['had', false, [[9n, 4n]]],
        ['new', true, []],
      ],
    );

    const lon = new FakeGateway('LON');
    await lon.createTopic('t', 1);
    // Offsets 4 and 9 must lie within the log: the executor refuses offsets beyond its end.
    await lon.produce(
      't',
      Array.from({ length: 10 }, (_, i) => ({ value: `r${i}`, partition: 0 })),
    );
    await lon.commitOffsets('had', [{ topic: 't', partition: 0, offset: 9n }]);
    await lon.commitOffsets('new', [{ topic: 't', partition: 0, offset: 9n }]);
    const r = await executeOffsetPlan(lon, 'LON', 'fake-LON', plan.groups, mkdtempSync(join(tmpdir(), 'drctl-restore-')), 'offsets restore b1', null);
    assert.deepEqual(
      r.outcomes.map((o) => [o.group, o.status]),
      [
        ['had', 'ok'],
        ['new', 'ok'],
      ],
    );
    assert.deepEqual(await lon.committedOffsets('had'), [{ topic: 't', partition: 0, offset: 4n }]);
    assert.deepEqual(await lon.committedOffsets('new'), []);
  });
  it('an active group is refused, not deleted', async () => {
    const lon = new FakeGateway('LON');
    await lon.createTopic('t', 1);
    await lon.commitOffsets('new', [{ topic: 't', partition: 0, offset: 9n }]);
    lon.setMembers('new', 1);
    const plan = planRestore(backup({ new: [] }), [{ group: 'new', type: 'classic', state: 'Stable', members: 1, unsure: null, committed: [{ topic: 't', partition: 0, offset: 9n }] }] as never, none);
    assert.equal(plan.groups[0].status, 'refused');
  });
});
