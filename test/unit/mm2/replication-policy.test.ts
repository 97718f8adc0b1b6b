import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefaultReplicationPolicy, IdentityReplicationPolicy, javaSplit, replicationPolicyFor } from '../../../src/mm2/replication-policy.js';

describe('DefaultReplicationPolicy (Java split semantics)', () => {
  const p = new DefaultReplicationPolicy();
  const table: [string, string | null, string | null, string][] = [
    ['orders', null, null, 'orders'],
    ['A.orders', 'A', 'orders', 'orders'],
    ['B.A.orders', 'B', 'A.orders', 'orders'],
    ['A.', null, null, 'A.'],
    ['A..', null, null, 'A..'],
    ['.x', '', 'x', 'x'],
    ['A..x', 'A', '.x', 'x'],
    ['..', null, null, '..'],
    ['A...', null, null, 'A...'],
    ['A.b.', 'A', 'b.', 'b.'],
  ];
  for (const [topic, source, upstream, original] of table) {
    it(`${topic}: source ${source}, upstream ${upstream}, original ${original}`, () => {
      assert.equal(p.topicSource(topic), source);
      assert.equal(p.upstreamTopic(topic), upstream);
      assert.equal(p.originalTopic(topic), original);
    });
  }
  it('topicSource is the first part of javaSplit when it has two parts or more, for a multi-character separator too', () => {
    for (const sep of ['.', '__', '-x-']) {
      const q = new DefaultReplicationPolicy(sep);
      for (const topic of ['orders', `A${sep}orders`, `A${sep}`, `A${sep}${sep}`, `${sep}x`, `A${sep}${sep}x`, `${sep}${sep}`, `A${sep.slice(0, -1)}b`, `A${sep}b${sep}`, `A${sep}${sep.slice(0, -1)}`]) {
        const parts = javaSplit(topic, sep);
        assert.equal(q.topicSource(topic), parts.length < 2 ? null : parts[0], `${sep} ${topic}`);
      }
    }
  });
  it('names internal topics, honouring the internal-separator flag', () => {
    assert.equal(p.checkpointsTopic('NYC'), 'NYC.checkpoints.internal');
    assert.equal(p.offsetSyncsTopic('LON'), 'mm2-offset-syncs.LON.internal');
    const u = new DefaultReplicationPolicy('_', true);
    assert.equal(u.formatRemoteTopic('NYC', 'orders'), 'NYC_orders');
    assert.equal(u.checkpointsTopic('NYC'), 'NYC_checkpoints_internal');
    assert.equal(new DefaultReplicationPolicy('_', false).checkpointsTopic('NYC'), 'NYC.checkpoints.internal');
  });
  it('detects heartbeats and (4.x) internal topics', () => {
    assert.ok(p.isHeartbeatsTopic('heartbeats') && p.isHeartbeatsTopic('NYC.heartbeats') && p.isHeartbeatsTopic('LON.NYC.heartbeats'));
    assert.ok(p.isInternalTopic('mm2-offsets.NYC.internal') && p.isInternalTopic('NYC.checkpoints.internal') && p.isInternalTopic('__consumer_offsets'));
    assert.ok(!p.isInternalTopic('orders.internal'), 'KIP-1074: a user topic ending in .internal is not internal');
  });
  it('javaSplit drops trailing empty strings only', () => assert.deepEqual(javaSplit('.a..b..', '.'), ['', 'a', '', 'b']));
});

describe('IdentityReplicationPolicy', () => {
  const p = new IdentityReplicationPolicy('NYC');
  it('keeps topic names but prefixes heartbeats', () => {
    assert.equal(p.formatRemoteTopic('NYC', 'orders'), 'orders');
    assert.equal(p.formatRemoteTopic('NYC', 'heartbeats'), 'NYC.heartbeats');
    assert.equal(p.topicSource('orders'), 'NYC');
    assert.equal(p.upstreamTopic('orders'), 'orders');
    assert.equal(p.originalTopic('orders'), 'orders');
  });
  it('takes the source alias from the flow when the config has none', () => {
    assert.equal(replicationPolicyFor({ type: 'identity' }, 'LON').topicSource('x'), 'LON');
  });
});

describe('internal-topic rules: Kafka 4.x (KIP-1074) and 3.x', () => {
  const k4 = new DefaultReplicationPolicy('.', true, 'kafka4');
  const k3 = new DefaultReplicationPolicy('.', true, 'kafka3');
  const table: [string, boolean, boolean][] = [
    ['mm2-offsets.NYC.internal', true, true],
    ['NYC.checkpoints.internal', true, true],
    ['__consumer_offsets', true, true],
    ['.hidden', true, true],
    ['orders.internal', false, true],
    ['orders-internal', false, true],
    ['orders', false, false],
  ];
  for (const [topic, in4, in3] of table) {
    it(`${topic}: internal on 4.x ${in4}, on 3.x ${in3}`, () => {
      assert.equal(k4.isInternalTopic(topic), in4);
      assert.equal(k3.isInternalTopic(topic), in3);
    });
  }
  it('is chosen in drctl.yaml', () => assert.equal(replicationPolicyFor({ type: 'default', separator: '.', internalTopicSeparatorEnabled: true, internalTopicRules: 'kafka3' }).isInternalTopic('x.internal'), true));
});
