import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupInfo } from '../../../src/kafka/gateway.js';
import { planFailoverFrom, type FailoverSnapshot } from '../../../src/failover/run-failover.js';

const info = (groupId: string, state: GroupInfo['state'], members = 0, note: string | null = null): GroupInfo => ({ groupId, type: 'classic', state, members, protocolType: 'consumer', assignedTopics: [], unsure: null, note });

/** A planned failover of three groups: `moved` translated exactly, `busy` active on LON, `idle` with nothing to translate. */
const snapshot = (): FailoverSnapshot => ({
  flow: { source: 'NYC', target: 'LON' },
  mode: 'planned',
  clusters: [
    { alias: 'NYC', clusterId: 'nyc-id', role: 'source' },
    { alias: 'LON', clusterId: 'lon-id', role: 'target' },
  ],
  expectedTargetId: 'lon-id',
  sourceProblem: null,
  heartbeat: { topic: 'NYC.heartbeats', ageSeconds: 1.5 },
  groups: ['moved', 'busy', 'idle'],
  targetStates: new Map([
    ['moved', info('moved', 'Empty', 0, 'described with DescribeGroups only')],
    ['busy', info('busy', 'Stable', 2)],
    ['idle', info('idle', 'Dead')],
  ]),
  translations: new Map([['moved', [{ group: 'moved', sourceTopic: 'orders', topic: 'NYC.orders', partition: 0, upstream: 40n, downstream: 38n, method: 'exact', checkpointAgeSeconds: 3, conservative: 30n, expectedDuplicates: 8n, note: null }]]]),
  rpo: [{ topic: 'orders', records: 0n, seconds: 0, exact: true, note: 'the target holds every record of the source' }],
  targetOffsets: new Map([['moved', new Map([['NYC.orders:0', 12n]])]]),
  fallbacks: new Map([['moved', new Map()]]),
  warnings: ['a translation note'],
});

describe('planFailoverFrom: the failover plan as a pure function of a snapshot', () => {
  it('makes the checks, refuses the active group, warns about the group with nothing to translate, plans the rest', () => {
    const plan = planFailoverFrom(snapshot(), Date.UTC(2026, 11, 1, 10, 0, 0));
    assert.equal(plan.kind, 'failover');
    assert.equal(plan.createdAt, '2026-12-01T10:00:00.000Z');
    assert.deepEqual(
      plan.checks.map((c) => [c.name, c.status]),
      [
        ['target reachable', 'pass'],
        ['source reachable', 'pass'],
        ['MM2 flow alive', 'pass'],
        ['groups inactive on target', 'fail'],
        ['checkpoints fresh', 'pass'],
      ],
    );
    assert.match(plan.checks[3].detail, /^active on LON: busy \(Stable, 2 members/);
    assert.deepEqual(
      plan.groups.map((g) => [g.group, g.status]),
      [
        ['moved', 'planned'],
        ['busy', 'refused'],
      ],
    );
    assert.deepEqual(
      plan.groups[0].partitions.map((p) => [p.currentTarget, p.newOffset, p.method, p.expectedDuplicates]),
      [[12n, 38n, 'exact', 0n]],
    );
    assert.deepEqual(plan.warnings, ['LON: groups described with DescribeGroups only', 'a translation note', 'group idle: nothing to translate (no committed offsets on NYC, no checkpoints on LON)']);
  });

  it('is pure: the same snapshot and time give the same plan, and the snapshot is not changed', () => {
    const snap = snapshot();
    const before = structuredClone(snap);
    assert.deepEqual(planFailoverFrom(snap, 0), planFailoverFrom(snap, 0));
    assert.deepEqual(snap, before);
  });

  it('says an unreachable source and a stale heartbeat as warnings, never as passes', () => {
    const plan = planFailoverFrom({ ...snapshot(), mode: 'unplanned', sourceProblem: 'NYC: connection refused', heartbeat: { topic: 'NYC.heartbeats', ageSeconds: null } }, 0);
    assert.deepEqual(
      plan.checks.slice(1, 3).map((c) => [c.name, c.status, c.detail]),
      [
        ['source reachable', 'warn', 'NYC: connection refused: unplanned failover from what LON holds, by explicit choice'],
        ['MM2 flow alive', 'warn', 'no NYC.heartbeats on LON'],
      ],
    );
  });
});
