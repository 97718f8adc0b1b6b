import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from '../../../src/config/load.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { collectStatus } from '../../../src/status/status.js';

const config = validate({ clusters: { NYC: { bootstrap: 'n:1', clusterId: 'fake-NYC' }, LON: { bootstrap: 'l:1', clusterId: 'expected-LON' } }, flows: ['NYC->LON'] }, 'drctl.yaml', '/', {});

describe('collectStatus', () => {
  it('reports heartbeat and checkpoint ages, remote topics, and a cluster id mismatch', async () => {
    const now = 1_000_000;
    const nyc = new FakeGateway('NYC');
    const lon = new FakeGateway('LON', { clusterId: 'other' });
    for (const t of ['NYC.heartbeats', 'NYC.checkpoints.internal', 'NYC.orders', 'NYC.payments', 'heartbeats', 'local']) await lon.createTopic(t, 1);
    await lon.produce('NYC.heartbeats', [
      { value: 'hb', timestamp: now - 2500 },
      { value: 'hb', timestamp: now - 1500 },
    ]);
    await lon.produce('NYC.checkpoints.internal', [{ value: 'cp', timestamp: now - 4000 }]);
    const s = await collectStatus(config, { NYC: nyc, LON: lon }, () => now);
    const [f] = s.flows;
    assert.equal(f.heartbeatAgeSeconds, 1.5);
    assert.equal(f.checkpointAgeSeconds, 4);
    assert.equal(f.remoteTopics, 2);
    assert.equal(s.clusters.find((c) => c.alias === 'LON')?.clusterIdMatches, false);
    assert.equal(s.ok, false);
  });
  it('marks an unreachable cluster and the flows into it', async () => {
    const lon = new FakeGateway('LON', { clusterId: 'expected-LON' });
    lon.unreachable = true;
    const s = await collectStatus(config, { NYC: new FakeGateway('NYC'), LON: lon });
    assert.equal(s.ok, false);
    assert.equal(s.clusters.find((c) => c.alias === 'LON')?.reachable, false);
    assert.match(s.flows[0].error ?? '', /LON is unreachable/);
  });
});

describe('collectStatus with several flows (issue 19)', () => {
  it('active-active: one verdict per flow, and overall NO-GO naming the flow that is', async () => {
    const both = validate({ clusters: { NYC: { bootstrap: 'n:1' }, LON: { bootstrap: 'l:1' } }, flows: ['NYC->LON', 'LON->NYC'] }, 'drctl.yaml', '/', { DRCTL_STATE_DIR: '/nonexistent/drctl-state' });
    const now = 1_000_000;
    const nyc = new FakeGateway('NYC');
    const lon = new FakeGateway('LON');
    // NYC->LON mirrors (a fresh NYC.heartbeats on LON); LON->NYC has never run (no LON.heartbeats on NYC).
    await lon.createTopic('NYC.heartbeats', 1);
    await lon.produce('NYC.heartbeats', [{ value: 'hb', timestamp: now - 1000 }]);
    const s = await collectStatus(both, { NYC: nyc, LON: lon }, () => now);
    assert.deepEqual(
      s.readiness.map((v) => [v.flow, v.go]),
      [
        ['NYC->LON', true],
        ['LON->NYC', false],
      ],
    );
    assert.equal(s.ready, false);
    assert.deepEqual(s.overall, { verdict: 'NO-GO', noGo: ['LON->NYC'] });
    await nyc.createTopic('LON.heartbeats', 1);
    await nyc.produce('LON.heartbeats', [{ value: 'hb', timestamp: now - 1000 }]);
    assert.deepEqual((await collectStatus(both, { NYC: nyc, LON: lon }, () => now)).overall, { verdict: 'GO', noGo: [] });
  });
});
