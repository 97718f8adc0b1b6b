import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tpKey } from '../../../src/kafka/gateway.js';
import { outcomeExitCode } from '../../../src/offsets/execute-reset.js';
import { parseResetCsv, planToCsv } from '../../../src/offsets/reset-csv.js';
import { planOffsetReset, type GroupSnapshot, type ResetScenario, type ResetScope } from '../../../src/offsets/reset-plan.js';
import { planRestore } from '../../../src/offsets/restore-plan.js';

// t: p0 offsets [0,40), p1 [15,40), p2 empty at 0.
const counts = new Map([['t', 3]]);
const k = (p: number) => tpKey({ topic: 't', partition: p });
const offsets = (byTs: (bigint | null)[] = [10n, 20n, null]) => ({
  earliest: new Map([
    [k(0), 0n],
    [k(1), 15n],
    [k(2), 0n],
  ]),
  latest: new Map([
    [k(0), 40n],
    [k(1), 40n],
    [k(2), 0n],
  ]),
  byTimestamp: new Map(byTs.map((o, p) => [k(p), o])),
});
const g: GroupSnapshot = {
  group: 'g',
  type: 'classic',
  state: 'Empty',
  members: 0,
  unsure: null,
  committed: [
    { topic: 't', partition: 0, offset: 12n },
    { topic: 't', partition: 1, offset: 20n },
  ],
};
const all: ResetScope = { allTopics: true, topics: [] };
const topic: ResetScope = { allTopics: false, topics: [{ topic: 't' }] };
const targets = (scope: ResetScope, s: ResetScenario, o = offsets()) => planOffsetReset([g], scope, s, counts, o).groups[0].partitions.map((p) => p.target);

describe('planOffsetReset matches kafka-consumer-groups', () => {
  it('--all-topics covers only committed partitions; --topic all of them', () => {
    assert.deepEqual(targets(all, { kind: 'to-earliest' }), [0n, 15n]);
    assert.deepEqual(targets(topic, { kind: 'to-earliest' }), [0n, 15n, 0n]);
    assert.deepEqual(targets({ allTopics: false, topics: [{ topic: 't', partitions: [2, 0] }] }, { kind: 'to-latest' }), [40n, 0n]);
  });
  it('clamps to-offset and shift-by, and notes it per partition', () => {
    const p = planOffsetReset([g], topic, { kind: 'to-offset', offset: 10n }, counts, offsets()).groups[0].partitions;
    assert.deepEqual(
      p.map((x) => x.target),
      [10n, 15n, 0n],
    );
    assert.match(p[1].note ?? '', /below the log start; set to 15/);
    assert.match(p[2].note ?? '', /above the log end; set to 0/);
    assert.deepEqual(targets(all, { kind: 'shift-by', by: 100n }), [40n, 40n]);
    assert.deepEqual(targets(all, { kind: 'shift-by', by: -8n }), [4n, 15n]);
  });
  it('does not clamp to-current or timestamps; falls back to the log end with a warning', () => {
    const below: GroupSnapshot = { ...g, committed: [{ topic: 't', partition: 1, offset: 3n }] };
    assert.deepEqual(
      planOffsetReset([below], all, { kind: 'to-current' }, counts, offsets()).groups[0].partitions.map((p) => p.target),
      [3n],
    );
    assert.deepEqual(targets(topic, { kind: 'to-current' }), [12n, 20n, 0n]);
    const plan = planOffsetReset([g], topic, { kind: 'to-datetime', timestamp: 0 }, counts, offsets([10n, null, null]));
    assert.deepEqual(
      plan.groups[0].partitions.map((p) => p.target),
      [10n, 40n, 0n],
    );
    assert.equal(plan.warnings.length, 2);
  });
  it('refuses to shift a partition without a committed offset (exit 2), as the tool does', () => {
    assert.throws(
      () => targets(topic, { kind: 'shift-by', by: 1n }),
      (e: { exitCode: number }) => e.exitCode === 2,
    );
  });
  it('refuses active groups and plans the others', () => {
    const plan = planOffsetReset([{ ...g, group: 'live', state: 'Stable', members: 2 }, g], all, { kind: 'to-earliest' }, counts, offsets());
    assert.deepEqual(
      plan.groups.map((x) => [x.group, x.status]),
      [
        ['live', 'refused'],
        ['g', 'planned'],
      ],
    );
    assert.match(plan.groups[0].reason ?? '', /group is active \(Stable, 2 members, classic\)/);
    assert.equal(outcomeExitCode(plan.groups.map((x) => x.status)), 5);
    assert.equal(outcomeExitCode(['refused']), 3);
    assert.equal(outcomeExitCode(['ok', 'ok']), 0);
  });
  it('rejects unknown topics and partitions (exit 2)', () => {
    assert.throws(() => targets({ allTopics: false, topics: [{ topic: 'x' }] }, { kind: 'to-latest' }), /unknown topic "x"/);
    assert.throws(() => targets({ allTopics: false, topics: [{ topic: 't', partitions: [3] }] }, { kind: 'to-latest' }), /has no partition 3/);
  });
});

describe('reset CSV', () => {
  it('reads 3 columns with one group, 4 otherwise, and says which line is bad', () => {
    assert.deepEqual(parseResetCsv('t,0,5\nt,1,7\n', 'f', true), [
      { group: undefined, topic: 't', partition: 0, offset: 5n },
      { group: undefined, topic: 't', partition: 1, offset: 7n },
    ]);
    assert.deepEqual(parseResetCsv('g,t,0,5\r\n', 'f', false), [{ group: 'g', topic: 't', partition: 0, offset: 5n }]);
    assert.throws(() => parseResetCsv('t,0,5\nt,x,1', 'f', true), /f:2: the partition is not a number/);
    assert.throws(() => parseResetCsv('t,0,-5', 'f', true), /f:1: the offset is not a non-negative integer/);
    assert.throws(() => parseResetCsv('\n', 'f', true), /empty/);
  });
  it('from-file plans clamp, and export round-trips', () => {
    const rows = parseResetCsv('t,0,7\nt,1,2\nt,2,99\n', 'f', true);
    const plan = planOffsetReset([g], { allTopics: false, topics: [] }, { kind: 'from-file', rows }, counts, offsets());
    assert.equal(planToCsv(plan), 't,0,7\nt,1,15\nt,2,0\n');
    const two = planOffsetReset([g, { ...g, group: 'h' }], all, { kind: 'to-latest' }, counts, offsets());
    assert.equal(planToCsv(two), 'g,t,0,40\ng,t,1,40\nh,t,0,40\nh,t,1,40\n');
  });
});

describe('planRestore', () => {
  it('puts back saved offsets, flags those outside the log, keeps partitions the backup did not have', () => {
    const backup = {
      id: 'b',
      createdAt: '',
      cluster: 'LON',
      clusterId: 'x',
      reason: null,
      groups: {
        g: [
          { topic: 't', partition: 0, offset: 12n },
          { topic: 't', partition: 1, offset: 3n },
        ],
      },
    };
    const now: GroupSnapshot = {
      ...g,
      committed: [
        { topic: 't', partition: 0, offset: 0n },
        { topic: 't', partition: 1, offset: 15n },
        { topic: 't', partition: 2, offset: 0n },
      ],
    };
    const r = planRestore(backup, [now], offsets());
    assert.deepEqual(
      r.groups[0].partitions.map((p) => [p.partition, p.current, p.target]),
      [
        [0, 0n, 12n],
        [1, 15n, 3n],
      ],
    );
    assert.match(r.groups[0].partitions[1].note ?? '', /below today's log start 15/);
    assert.match(r.warnings[0], /t-2/);
  });
});
