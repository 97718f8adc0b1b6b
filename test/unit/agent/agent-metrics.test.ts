import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentMetrics } from '../../../src/agent/agent-metrics.js';
import type { AgentFlowState, KnownCheckpoint } from '../../../src/agent/agent-round.js';

const known = (group: string, partition: number, confirmedAt: number): [string, KnownCheckpoint] => [`${group}/${partition}`, { group, topic: 'orders', partition, upstream: 1n, downstream: 1n, seenAt: 0, ratePerSecond: null, complete: true, confirmedAt }];

describe('AgentMetrics', () => {
  it("a group's staleness is the time since its least recently confirmed partition; health needs a recent round", async () => {
    let now = 100_000;
    const m = new AgentMetrics(['NYC->LON'], 15_000, () => now);
    assert.deepEqual(m.health(['NYC->LON']).ok, false, 'no round yet');
    const state: AgentFlowState = { known: new Map([known('svc', 0, 95_000), known('svc', 1, 99_000), known('other', 0, 99_500)]), syncs: null, topicReady: true };
    m.roundDone({ flow: 'NYC->LON', groups: 2, partitions: 3, translated: 1, written: 1, notExact: 0, ms: 250, warnings: [] }, state);
    m.rpo({
      flow: 'NYC->LON',
      topics: [
        { topic: 'orders', records: 7n, seconds: 1.5, exact: true, note: '' },
        { topic: 'gone', records: null, seconds: null, exact: false, note: '' },
      ],
    } as never);
    now = 101_000;
    const text = await m.registry.metrics();
    assert.match(text, /^drctl_agent_checkpoint_staleness_seconds\{flow="NYC->LON",group="svc"\} 6$/m);
    assert.match(text, /^drctl_agent_checkpoint_staleness_seconds\{flow="NYC->LON",group="other"\} 1\.5$/m);
    assert.match(text, /^drctl_agent_rounds_total\{flow="NYC->LON"\} 1$/m);
    assert.match(text, /^drctl_agent_checkpoints_written_total\{flow="NYC->LON"\} 1$/m);
    assert.match(text, /^drctl_rpo_records\{flow="NYC->LON",topic="orders"\} 7$/m);
    assert.doesNotMatch(text, /topic="gone"/, 'an unknown RPO has no series');
    assert.equal(m.health(['NYC->LON']).ok, true);
    now = 120_000;
    assert.deepEqual(m.health(['NYC->LON']), { ok: false, detail: 'no completed round within 15 s: NYC->LON' });
  });
});
