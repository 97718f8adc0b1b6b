import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Gauge, Registry } from 'prom-client';
import { serveMetrics, type Health } from '../../../src/metrics/metrics-server.js';

describe('serveMetrics', () => {
  it('serves the registry on /metrics and the health on /healthz (503 with the reason when unhealthy)', async () => {
    const registry = new Registry();
    new Gauge({ name: 'drctl_test_value', help: 'a test gauge', registers: [registry] }).set(7);
    let health: Health = { ok: true, detail: 'last round 1 s ago' };
    const server = await serveMetrics(registry, 0, '127.0.0.1', () => health);
    const { port } = server.address() as AddressInfo;
    try {
      const m = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(m.status, 200);
      assert.match(await m.text(), /^drctl_test_value 7$/m);
      assert.deepEqual([(await fetch(`http://127.0.0.1:${port}/healthz`)).status], [200]);
      health = { ok: false, detail: 'no round for 30 s' };
      const bad = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(bad.status, 503);
      assert.deepEqual(await bad.json(), health);
      assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
