import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityText, isInactive } from '../../../src/groups/activity.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { planOffsetReset } from '../../../src/offsets/reset-plan.js';

describe('group activity', () => {
  it('Empty or Dead is inactive only when drctl is sure of the group', () => {
    assert.equal(isInactive({ type: 'classic', state: 'Empty', members: 0, unsure: null }), true);
    assert.equal(isInactive({ type: 'consumer', state: 'Empty', members: 0, unsure: null }), true);
    assert.equal(isInactive({ type: 'none', state: 'Dead', members: 0, unsure: null }), true);
    assert.equal(isInactive({ type: 'consumer', state: 'Reconciling', members: 2, unsure: null }), false);
    assert.equal(isInactive({ type: 'consumer', state: 'Assigning', members: 1, unsure: null }), false);
    assert.equal(isInactive({ type: 'unknown', state: 'Empty', members: 0, unsure: 'ConsumerGroupDescribe answered GROUP_AUTHORIZATION_FAILED' }), false);
    assert.equal(isInactive({ type: 'share', state: 'Empty', members: 0, unsure: 'a share group' }), false);
  });

  it('says the protocol, and why an unsure group counts as active', () => {
    assert.equal(activityText({ type: 'consumer', state: 'Stable', members: 1, unsure: null }), 'Stable, 1 member, consumer (KIP-848)');
    assert.equal(activityText({ type: 'share', state: 'Empty', members: 0, unsure: 'a share group: not moved' }), 'Empty, share; counted as active: a share group: not moved');
  });

  it('a share or streams group is never planned, even Empty; an empty KIP-848 group is', async () => {
    const lon = new FakeGateway('LON');
    for (const [g, type] of [
      ['sg', 'share'],
      ['st', 'streams'],
      ['kip848', 'consumer'],
    ] as const)
      lon.setGroupType(g, type);
    const states = await lon.describeGroups(['sg', 'st', 'kip848']);
    const plan = planOffsetReset(
      states.map((s) => ({ group: s.groupId, type: s.type, state: s.state, members: s.members, unsure: s.unsure, committed: [] })),
      { allTopics: true, topics: [] },
      { kind: 'to-earliest' },
      new Map(),
      { earliest: new Map(), latest: new Map(), byTimestamp: new Map() },
    );
    assert.deepEqual(
      plan.groups.map((g) => [g.group, g.status]),
      [
        ['sg', 'refused'],
        ['st', 'refused'],
        ['kip848', 'planned'],
      ],
    );
    assert.match(plan.groups[0].reason ?? '', /share group/);
  });
});
