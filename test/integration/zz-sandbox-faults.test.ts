import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCheckpoints } from '../../src/mm2/checkpoint-reader.js';
import { eventually, randomName, runCli, sandboxGateway } from '../helpers/sandbox.js';

// Runs last (files run one at a time, in name order) and leaves the sandbox as it found it.
describe('drctl sandbox stop/start: faults on demand', () => {
  it('kill -9 of LON makes status exit 4; start brings it back with its data', async () => {
    const before = JSON.parse((await runCli(['status', '--json'])).stdout);
    const stop = await runCli(['sandbox', 'stop', 'LON', '--kill', '--json']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(JSON.parse(stop.stdout).components.find((c: { component: string }) => c.component === 'LON').running, false);

    const down = await runCli(['status', '--json', '--timeout', '3s']);
    assert.equal(down.code, 4);
    assert.equal(JSON.parse(down.stdout).clusters.find((c: { alias: string }) => c.alias === 'LON').reachable, false);

    const start = await runCli(['sandbox', 'start', 'LON']);
    assert.equal(start.code, 0, start.stderr);
    const up = JSON.parse((await runCli(['status', '--json'])).stdout);
    const lon = up.clusters.find((c: { alias: string }) => c.alias === 'LON');
    assert.equal(lon.clusterId, before.clusters.find((c: { alias: string }) => c.alias === 'LON').clusterId, 'same cluster, data kept');
    assert.ok(up.flows[0].remoteTopics >= before.flows[0].remoteTopics, 'remote topics survived the restart');
  });

  it('stopping the mirror ages the heartbeat; starting it makes it fresh again', async () => {
    const stop = await runCli(['sandbox', 'stop', 'mirror']);
    assert.equal(stop.code, 0, stop.stderr);
    const stale = await eventually(async () => {
      const s = JSON.parse((await runCli(['status', '--json'])).stdout);
      return s.flows[0].heartbeatAgeSeconds > 3 ? s.flows[0].heartbeatAgeSeconds : undefined;
    }, 30_000, 'the heartbeat to age');
    assert.ok(stale > 3);
    const start = await runCli(['sandbox', 'start', 'mirror']);
    assert.equal(start.code, 0, start.stderr);
    const fresh = JSON.parse((await runCli(['status', '--json'])).stdout);
    assert.ok(fresh.flows[0].heartbeatAgeSeconds < 10, `heartbeat age ${fresh.flows[0].heartbeatAgeSeconds}`);
  });
});

describe('offsets translate with the source down', () => {
  it('auto falls back to checkpoints (refined by syncs on the target) and says so', async () => {
    const nyc = sandboxGateway('NYC');
    const lon = sandboxGateway('LON');
    const topic = randomName('unplanned');
    const group = randomName('unplanned-svc');
    try {
      await nyc.createTopic(topic, 2);
      await nyc.produce(topic, Array.from({ length: 400 }, (_, i) => ({ value: `u${i}`, partition: i % 2 })));
      await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 150n }, { topic, partition: 1, offset: 200n }]);
      await eventually(async () => {
        const cps = (await readCheckpoints(lon, 'NYC.checkpoints.internal', 10_000)).groups.get(group);
        return cps?.get(`NYC.${topic}:0`)?.upstreamOffset === 150n && cps?.get(`NYC.${topic}:1`)?.upstreamOffset === 200n;
      }, 60_000, 'checkpoints');
    } finally {
      await Promise.all([nyc.close(), lon.close()]);
    }
    const planned = JSON.parse((await runCli(['offsets', 'translate', '--group', group, '--json'])).stdout);
    assert.equal((await runCli(['sandbox', 'stop', 'NYC', '--kill'])).code, 0);
    try {
      const r = await runCli(['offsets', 'translate', '--group', group, '--json', '--timeout', '3s']);
      assert.equal(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout);
      assert.equal(s.sourceReachable, false);
      assert.match(s.warnings.join('\n'), /source NYC is unreachable/);
      for (const p of s.partitions) {
        assert.ok(['checkpoints', 'syncs'].includes(p.method), p.method);
        const exact = planned.partitions.find((x: { partition: number }) => x.partition === p.partition);
        assert.equal(exact.method, 'exact');
        assert.ok(BigInt(p.downstream) <= BigInt(exact.downstream), `partition ${p.partition}: ${p.downstream} must not pass exact ${exact.downstream}`);
      }
      const exactOnly = await runCli(['offsets', 'translate', '--group', group, '--method', 'exact', '--timeout', '3s']);
      assert.equal(exactOnly.code, 4, 'exact needs the source');
    } finally {
      assert.equal((await runCli(['sandbox', 'start', 'NYC'])).code, 0);
    }
  });
});
