import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heapKeeper } from '../../../src/agent/heap-keeper.js';

describe('heapKeeper', () => {
  it('collects once the heap grew by the margin, and the garbage is gone after', () => {
    const keeper = heapKeeper(16 * 1024 * 1024);
    assert.equal(keeper.check(), false, 'nothing grew yet');
    // About 40 MB of short-lived strings that outlive no reference.
    let junk: string[] | null = Array.from({ length: 400_000 }, (_, i) => `garbage-${i}-${'x'.repeat(64)}`);
    assert.equal(junk.length, 400_000);
    const grown = process.memoryUsage().heapUsed;
    junk = null;
    assert.equal(keeper.check(), true, 'the heap grew past the margin: collected');
    assert.ok(process.memoryUsage().heapUsed < grown - 16 * 1024 * 1024, 'the garbage was collected');
    assert.equal(keeper.check(), false, 'measured again from what was left');
  });
});
