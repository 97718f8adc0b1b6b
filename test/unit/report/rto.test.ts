import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JournalEntry } from '../../../src/journal/journal.js';
import { rtoReport, rtoRuns, spread } from '../../../src/report/rto.js';

const run = (at: string, totalMs: number, flow = 'NYC->LON'): JournalEntry => ({
  at,
  user: 'u',
  command: 'failover',
  flow,
  mode: 'planned',
  reason: 'drill',
  outcomes: [{ group: 'g' }, { group: 'h' }],
  rto: {
    totalMs,
    steps: [
      { step: 'translate', ms: totalMs / 4 },
      { step: 'commit and verify', ms: totalMs / 2 },
    ],
  },
});

describe('RTO from the journal', () => {
  it('keeps only failovers with timings, per flow, oldest first', () => {
    const entries = [run('t1', 4000), { at: 't2', user: 'u', command: 'offsets reset' }, run('t3', 8000, 'LON->NYC'), run('t4', 2000)];
    assert.deepEqual(
      rtoRuns(entries).map((r) => r.at),
      ['t1', 't3', 't4'],
    );
    assert.deepEqual(
      rtoRuns(entries, 'NYC->LON').map((r) => [r.at, r.groups, r.totalMs]),
      [
        ['t1', 2, 4000],
        ['t4', 2, 2000],
      ],
    );
  });
  it('min, median and max, per step and in total; the verdict uses the latest run', () => {
    assert.deepEqual(spread([5, 1, 3, 2]), { min: 1, median: 2, max: 5 });
    assert.equal(spread([]), null);
    const r = rtoReport(rtoRuns([run('t1', 4000), run('t2', 12000), run('t3', 2000)]), 5);
    assert.deepEqual(r.total, { min: 2000, median: 4000, max: 12000 });
    assert.deepEqual(
      r.steps.find((s) => s.step === 'commit and verify'),
      { step: 'commit and verify', min: 1000, median: 2000, max: 6000 },
    );
    assert.equal(r.ok, true);
    assert.equal(r.overObjective, 1);
    assert.match(r.verdict, /latest run 2\.00 s <= objective 5 s; 1 of 3 run\(s\) over it/);
    const slow = rtoReport(rtoRuns([run('t1', 9000)]), 5);
    assert.equal(slow.ok, false);
  });
  it('with no history, judges the estimate; with no objective, always ok', () => {
    const est = rtoReport([], 1, { totalMs: 1500, basis: 'measured' });
    assert.equal(est.ok, false);
    assert.match(est.verdict, /^estimate 1\.50 s > objective 1 s$/);
    assert.equal(rtoReport([], null).ok, true);
  });
});
