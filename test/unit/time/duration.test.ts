import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration } from '../../../src/time/duration.js';

describe('parseDuration', () => {
  const ok: [string, number][] = [['500ms', 500], ['30s', 30000], ['15m', 900000], ['2h', 7200000], ['1d', 86400000], ['PT15M', 900000], ['P1DT2H', 93600000], ['PT0.5S', 500], ['1.5s', 1500]];
  for (const [s, ms] of ok) it(`${s} = ${ms} ms`, () => assert.equal(parseDuration(s), ms));
  for (const s of ['', '15', 'm', '1w', 'P', 'PT', '-1s', '1 h']) it(`rejects "${s}" as a usage error`, () => assert.throws(() => parseDuration(s), (e: { exitCode: number }) => e.exitCode === 2));
});
