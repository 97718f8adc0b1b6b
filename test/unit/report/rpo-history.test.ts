import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appendRpoSamples, readRpoSamples, rpoTrend, sparkline } from '../../../src/report/rpo-history.js';

describe('RPO history', () => {
  it('appends and reads back samples inside the window', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-hist-'));
    appendRpoSamples(dir, [{ at: '2026-11-25T00:00:00.000Z', flow: 'NYC->LON', records: '0', seconds: 0, by: 'status' }]);
    appendRpoSamples(dir, [{ at: '2026-11-25T01:00:00.000Z', flow: 'NYC->LON', records: '5', seconds: 3, by: 'status' }]);
    assert.deepEqual(
      readRpoSamples(dir, Date.parse('2026-11-25T00:30:00Z')).map((s) => s.records),
      ['5'],
    );
    assert.deepEqual(readRpoSamples(join(dir, 'none'), 0), []);
  });
  it('draws a sparkline scaled to the max, with gaps and unknowns', () => {
    assert.equal(sparkline([0, 7, 14, null, Number.NaN]), '▁▅█ ?');
    assert.equal(sparkline([0, 0]), '▁▁');
  });
  it('summarises one flow: max, median, max records, unknown samples, and a chart over the window', () => {
    const at = (m: number) => new Date(Date.parse('2026-11-25T00:00:00Z') + m * 60_000).toISOString();
    const samples = [
      { at: at(0), flow: 'NYC->LON', records: '0', seconds: 0, by: 's' },
      { at: at(30), flow: 'NYC->LON', records: '58', seconds: 12, by: 's' },
      { at: at(45), flow: 'NYC->LON', records: null, seconds: 40, by: 's' },
      { at: at(50), flow: 'LON->NYC', records: '9', seconds: 99, by: 's' },
      { at: at(59), flow: 'NYC->LON', records: '0', seconds: 0, by: 's' },
    ];
    const t = rpoTrend('NYC->LON', samples, Date.parse(at(0)), Date.parse(at(60)), 4);
    assert.deepEqual([t.samples, t.maxSeconds, t.medianSeconds, t.maxRecords, t.unknown, t.latest?.at], [4, 40, 0, '58', 1, at(59)]);
    assert.equal(t.chart, '▁ ▃█');
  });
});
