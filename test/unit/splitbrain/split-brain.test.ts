import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appendJournal, readJournal, type JournalEntry } from '../../../src/journal/journal.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { activeWatch, BASELINE_STEP, checkSplitBrain, describeWrites, writesAfter } from '../../../src/splitbrain/split-brain.js';

const failover = (at: string, flow: string, watch: { topic: string; partition: number; end: string | null }[]): JournalEntry => ({ at, user: 'u', type: 'failover', command: 'failover', flow, watch });

describe('split-brain watch', () => {
  it("the newest failover of the flow is watched, with the agent's baselines for ends it did not know; a completed failback ends it", () => {
    const entries: JournalEntry[] = [
      failover('t1', 'NYC->LON', [{ topic: 'old', partition: 0, end: '5' }]),
      failover('t2', 'NYC->LON', [
        { topic: 'orders', partition: 0, end: '10' },
        { topic: 'orders', partition: 1, end: null },
      ]),
      failover('t3', 'LON->PAR', [{ topic: 'x', partition: 0, end: '1' }]),
      { at: 't4', user: 'u', type: 'step', command: 'agent', flow: 'NYC->LON', step: BASELINE_STEP, watch: [{ topic: 'orders', partition: 1, end: '7' }] },
    ];
    const w = activeWatch(entries, 'NYC->LON')!;
    assert.deepEqual(w, {
      flow: 'NYC->LON',
      since: 't2',
      partitions: [
        { topic: 'orders', partition: 0, end: '10' },
        { topic: 'orders', partition: 1, end: '7' },
      ],
    });
    const writes = writesAfter(
      w,
      new Map([
        ['orders:0', 10n],
        ['orders:1', 9n],
      ]),
    );
    assert.deepEqual(writes, [{ topic: 'orders', partition: 1, from: 7n, to: 9n }]);
    assert.equal(describeWrites('NYC', w, writes), 'split brain: NYC took writes after the failover of t2: orders-1 offsets 7..8');
    const back = [...entries, { at: 't5', user: 'u', type: 'run-summary', command: 'failback', flow: 'NYC->LON', status: 'complete' }];
    assert.equal(activeWatch(back, 'NYC->LON'), null);
    assert.equal(activeWatch([...entries, { ...back[4], status: 'pending' }], 'NYC->LON')?.since, 't2', 'an unfinished failback does not');
  });

  it('checkSplitBrain establishes a missing baseline once (journaled), then sees the writes after it; deleted topics drop out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-sb-'));
    const nyc = new FakeGateway('NYC');
    await nyc.createTopic('orders', 1);
    await nyc.produce('orders', [{ value: 'a', partition: 0 }]);
    appendJournal(dir, {
      type: 'failover',
      command: 'failover',
      cluster: 'LON',
      reason: null,
      flow: 'NYC->LON',
      mode: 'unplanned',
      backup: 'b',
      outcomes: [],
      rto: { steps: [], totalMs: 0 },
      rpo: [],
      switchCommand: { ran: false, exitCode: null, timedOut: false },
      watch: [
        { topic: 'orders', partition: 0, end: null },
        { topic: 'gone', partition: 0, end: '3' },
      ],
    });
    assert.deepEqual(await checkSplitBrain(dir, 'NYC->LON', nyc), { watch: { flow: 'NYC->LON', since: readJournal(dir)[0].at, partitions: [{ topic: 'orders', partition: 0, end: null }] }, writes: [], unknown: 1 });
    await checkSplitBrain(dir, 'NYC->LON', nyc, true);
    assert.equal(readJournal(dir).filter((e) => e.step === BASELINE_STEP).length, 1);
    await nyc.produce('orders', [{ value: 'b', partition: 0 }]);
    const r = (await checkSplitBrain(dir, 'NYC->LON', nyc, true))!;
    assert.deepEqual([r.writes, r.unknown], [[{ topic: 'orders', partition: 0, from: 1n, to: 2n }], 0]);
    assert.equal(readJournal(dir).filter((e) => e.step === BASELINE_STEP).length, 1, 'the baseline is journaled once');
  });
});
