import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { account, quantile } from '../../../src/canary/accounting.js';

describe('canary accounting', () => {
  it('latency, loss, duplicates and reordering per partition', () => {
    const sent = [1, 2, 3].flatMap((seq) => [0, 1].map((partition) => ({ seq, partition, ackedAt: seq * 1000 })));
    const seen = [
      { seq: 1, partition: 0, seenAt: 1100 },
      { seq: 2, partition: 0, seenAt: 2050 },
      { seq: 2, partition: 0, seenAt: 2060 },
      { seq: 3, partition: 0, seenAt: 3300 },
      { seq: 2, partition: 1, seenAt: 2500 },
      { seq: 1, partition: 1, seenAt: 2600 },
      { seq: 99, partition: 1, seenAt: 1 },
    ];
    const [p0, p1] = account(sent, seen);
    assert.deepEqual(p0, { partition: 0, sent: 3, received: 3, lost: 0, duplicates: 1, reordered: 0, latenciesMs: [100, 50, 300] });
    assert.deepEqual(p1, { partition: 1, sent: 3, received: 2, lost: 1, duplicates: 0, reordered: 1, latenciesMs: [500, 1600] });
  });
  it('a record first seen after the timeout is lost, and a later copy of it a duplicate', () => {
    const [p0] = account(
      [{ seq: 1, partition: 0, ackedAt: 0 }],
      [
        { seq: 1, partition: 0, seenAt: 5000 },
        { seq: 1, partition: 0, seenAt: 6000 },
      ],
      3000,
    );
    assert.deepEqual([p0.received, p0.lost, p0.duplicates, p0.latenciesMs], [0, 1, 1, []]);
  });
  it('quantiles by nearest rank', () => {
    assert.equal(quantile([5, 1, 3, 2, 4], 0.5), 3);
    assert.equal(quantile([5, 1, 3, 2, 4], 0.99), 5);
    assert.equal(quantile([], 0.5), null);
  });
});
