import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, runCli } from '../helpers/sandbox.js';

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
