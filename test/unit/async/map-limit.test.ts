import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapLimit } from '../../../src/async/map-limit.js';

describe('mapLimit', () => {
  it('keeps the input order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (x, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      for (let k = 0; k < x; k++) await Promise.resolve();
      inFlight--;
      return `${i}:${x}`;
    });
    assert.deepEqual(out, ['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    assert.equal(peak, 3);
  });
  it('handles no items, and rejects when a call fails', async () => {
    assert.deepEqual(await mapLimit([], 4, async () => 1), []);
    await assert.rejects(
      () =>
        mapLimit([1, 2], 2, async (x) => {
          if (x === 2) throw new Error('boom');
          return x;
        }),
      /boom/,
    );
  });
});
