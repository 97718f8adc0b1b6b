import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { CanaryMetrics } from '../../../src/canary/metrics.js';

describe('CanaryMetrics.serve', () => {
  it('serves /metrics, and refuses a port in use as a precondition (exit 3) naming the port', async () => {
    const first = await new CanaryMetrics('NYC', 'LON').serve(0);
    const { port } = first.address() as AddressInfo;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /drctl_canary_round_errors_total\{source="NYC",target="LON"\} 0/);
      await assert.rejects(
        () => new CanaryMetrics('NYC', 'LON').serve(port),
        (e: { exitCode: number; message: string; hint?: string }) => e.exitCode === 3 && e.message === `port ${port} is in use` && /--metrics-port/.test(e.hint ?? ''),
      );
    } finally {
      await new Promise((r) => first.close(r));
    }
  });
});
