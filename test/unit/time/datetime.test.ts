import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DATETIME_MS, parseDateTime } from '../../../src/time/datetime.js';

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
    it(`rejects "${s}" (exit 2)`, () =>
      assert.throws(
        () => parseDateTime(s),
        (e: { exitCode: number }) => e.exitCode === 2,
      ));
  }
  it('takes the range from the epoch to the end of year 9999', () => {
    assert.equal(parseDateTime('1970-01-01T00:00:00Z'), 0);
    assert.equal(parseDateTime('9999-12-31T23:59:59.999Z'), MAX_DATETIME_MS);
    assert.equal(parseDateTime(String(MAX_DATETIME_MS)), MAX_DATETIME_MS);
  });
  // Kafka reads negative timestamps as "latest" (-1) and "earliest" (-2); a later one is a typo.
  for (const s of ['99999999999999999999', String(MAX_DATETIME_MS + 1), '1969-12-31T23:59:59Z', '1970-01-01T00:00:00+01:00', '0001-01-01T00:00:00Z', '0099-06-01T00:00:00Z', '9999-12-31T23:59:59.999-01:00']) {
    it(`rejects "${s}" as out of range (exit 2)`, () =>
      assert.throws(
        () => parseDateTime(s),
        (e: { exitCode: number; message: string }) => e.exitCode === 2 && /is out of range/.test(e.message),
      ));
  }
});
