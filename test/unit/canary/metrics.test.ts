import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { CanaryMetrics } from '../../../src/canary/metrics.js';

const NYC_LON = { source: 'NYC', target: 'LON' };

describe('CanaryMetrics.serve', () => {
  it('serves /metrics, and refuses a port in use as a precondition (exit 3) naming the port', async () => {
    const first = await new CanaryMetrics([NYC_LON]).serve(0);
    const { port } = first.address() as AddressInfo;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /drctl_canary_round_errors_total\{source="NYC",target="LON"\} 0/);
      await assert.rejects(
        () => new CanaryMetrics([NYC_LON]).serve(port),
        (e: { exitCode: number; message: string; hint?: string }) => e.exitCode === 3 && e.message === `port ${port} is in use` && /--metrics-port/.test(e.hint ?? ''),
      );
    } finally {
      await new Promise((r) => first.close(r));
    }
  });
});

describe('CanaryMetrics.add', () => {
  it('counts per partition and observes each latency in the histogram', async () => {
    const m = new CanaryMetrics([NYC_LON]);
    m.add(NYC_LON, [{ partition: 1, sent: 3, received: 2, lost: 1, duplicates: 0, reordered: 0, latenciesMs: [40, 700] }]);
    m.roundFailed(NYC_LON);
    const text = await m.registry.metrics();
    assert.match(text, /^drctl_canary_produced_total\{source="NYC",target="LON",partition="1"\} 3$/m);
    assert.match(text, /^drctl_canary_lost_total\{source="NYC",target="LON",partition="1"\} 1$/m);
    assert.match(text, /^drctl_canary_latency_seconds_bucket\{le="0\.05",source="NYC",target="LON",partition="1"\} 1$/m);
    assert.match(text, /^drctl_canary_latency_seconds_count\{source="NYC",target="LON",partition="1"\} 2$/m);
    assert.match(text, /^drctl_canary_round_errors_total\{source="NYC",target="LON"\} 1$/m);
  });
});

describe('CanaryMetrics with several flows', () => {
  it('labels each flow apart on one registry', async () => {
    const lonNyc = { source: 'LON', target: 'NYC' };
    const m = new CanaryMetrics([NYC_LON, lonNyc]);
    m.add(NYC_LON, [{ partition: 0, sent: 1, received: 1, lost: 0, duplicates: 0, reordered: 0, latenciesMs: [10] }]);
    m.add(lonNyc, [{ partition: 0, sent: 1, received: 0, lost: 1, duplicates: 0, reordered: 0, latenciesMs: [] }]);
    m.roundFailed(lonNyc);
    const text = await m.registry.metrics();
    assert.match(text, /^drctl_canary_lost_total\{source="NYC",target="LON",partition="0"\} 0$/m);
    assert.match(text, /^drctl_canary_lost_total\{source="LON",target="NYC",partition="0"\} 1$/m);
    assert.match(text, /^drctl_canary_round_errors_total\{source="NYC",target="LON"\} 0$/m);
    assert.match(text, /^drctl_canary_round_errors_total\{source="LON",target="NYC"\} 1$/m);
  });
});
