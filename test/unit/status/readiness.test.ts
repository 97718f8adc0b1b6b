import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DrctlConfig } from '../../../src/config/types.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { encodeCheckpoint } from '../../../src/mm2/codecs.js';
import { DEFAULT_READINESS, flowVerdict, groupVerdicts, overallText, overallVerdict } from '../../../src/status/readiness.js';

const config = {
  clusters: {},
  flows: [],
  objectives: {},
  stateDir: '/tmp',
  offsetSyncsLocation: 'target',
  replicationPolicy: { class: 'DefaultReplicationPolicy', separator: '.', internalTopicRules: 'kafka4' },
} as unknown as DrctlConfig;
const flow = { source: 'NYC', target: 'LON', topics: ['.*'], topicsExclude: [], groups: ['.*'], groupsExclude: [] } as unknown as DrctlConfig['flows'][number];

describe('readiness', () => {
  it('flow: NO-GO when the target is unreachable or the heartbeat is old or missing', () => {
    assert.deepEqual(flowVerdict('NYC->LON', 'LON', true, 1, DEFAULT_READINESS).reasons, []);
    assert.match(flowVerdict('NYC->LON', 'LON', false, null, DEFAULT_READINESS).reasons[0], /target LON is unreachable/);
    assert.match(flowVerdict('NYC->LON', 'LON', true, 45, DEFAULT_READINESS).reasons[0], /mirror has stalled: newest heartbeat 45 s old \(limit 30 s\)/);
    assert.match(flowVerdict('NYC->LON', 'LON', true, null, DEFAULT_READINESS).reasons[0], /never run/);
  });
  it('group: NO-GO for fewer partitions on the target, and for a partition with no checkpoint; GO when all is in place', async () => {
    const nyc = new FakeGateway('NYC');
    const lon = new FakeGateway('LON');
    await nyc.createTopic('t', 3);
    await lon.createTopic('NYC.t', 2);
    await nyc.createTopic('u', 1);
    await lon.createTopic('NYC.u', 1);
    await lon.createTopic('NYC.checkpoints.internal', 1);
    const { key, value } = encodeCheckpoint({ group: 'ok', topic: 'NYC.u', partition: 0, upstreamOffset: 5n, downstreamOffset: 5n, metadata: '' });
    await lon.produce('NYC.checkpoints.internal', [{ key, value, partition: 0 }]);
    await nyc.commitOffsets('drifted', [{ topic: 't', partition: 0, offset: 0n }]);
    await nyc.commitOffsets('ok', [{ topic: 'u', partition: 0, offset: 5n }]);
    const [drifted, ok] = await groupVerdicts(config, flow, nyc, lon, ['drifted', 'ok'], DEFAULT_READINESS, 1000);
    assert.equal(drifted.go, false);
    assert.ok(
      drifted.reasons.some((r) => r === 'NYC.t has 2 partitions on LON, t has 3 on NYC: consumers would miss partitions'),
      drifted.reasons.join('\n'),
    );
    assert.ok(drifted.reasons.some((r) => r.startsWith('no checkpoint for t-0')));
    assert.deepEqual([ok.go, ok.reasons], [true, []]);
  });
});

describe('overallVerdict', () => {
  const v = (flow: string, group: string | null, go: boolean) => ({ flow, group, go, reasons: go ? [] : ['x'], skipped: [] });
  it('GO only when every flow and group is, else NO-GO naming each one that is not, in order', () => {
    assert.deepEqual(overallVerdict([v('NYC->AGG', null, true), v('LON->AGG', null, true)]), { verdict: 'GO', noGo: [] });
    const hub = overallVerdict([v('NYC->AGG', null, true), v('NYC->AGG', 'orders-svc', false), v('LON->AGG', null, false), v('LON->AGG', 'billing', true)]);
    assert.deepEqual(hub, { verdict: 'NO-GO', noGo: ['NYC->AGG group orders-svc', 'LON->AGG'] });
    assert.equal(overallText(hub), 'overall: NO-GO: NYC->AGG group orders-svc, LON->AGG');
    assert.equal(overallText(overallVerdict([v('NYC->LON', null, true)])), 'overall: GO');
    assert.deepEqual(overallVerdict([]), { verdict: 'GO', noGo: [] }, 'nothing to judge: GO, as `ready` is true');
  });
});
