import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../../src/time/datetime.js';

describe('parseDateTime', () => {
  const base = Date.UTC(2025, 2, 1, 12, 0, 0, 0);
  const ok: [string, number][] = [
    ['2025-03-01T12:00:00.000', base],
    ['2025-03-01T12:00:00', base],
    ['2025-03-01T12:00:00.5', base + 500],
    ['2025-03-01T12:00:00.000Z', base],
    ['2025-03-01T12:00:00.000+01:00', base - 3_600_000],
    ['2025-03-01T12:00:00-0500', base + 5 * 3_600_000],
    ['2025-03-01T12:00:00+0530', base - 5.5 * 3_600_000],
    ['2025-03-01T12:00:00+05', base - 5 * 3_600_000],
    [String(base), base],
  ];
  for (const [s, ms] of ok) it(`${s} -> ${new Date(ms).toISOString()}`, () => assert.equal(parseDateTime(s), ms));
  for (const s of ['2025-03-01', '2025-03-01 12:00:00', '2025-02-30T00:00:00', '2025-03-01T24:00:00', '12:00', '1700000000', 'yesterday', '2025-03-01T12:00:00+25:00']) {
    it(`rejects "${s}" (exit 2)`, () => assert.throws(() => parseDateTime(s), (e: { exitCode: number }) => e.exitCode === 2));
  }
});
