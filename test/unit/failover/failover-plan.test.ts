import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupPartitions } from '../../../src/failover/failover-plan.js';
import type { PartitionTranslation } from '../../../src/translate/translate-groups.js';

const row = (partition: number, over: Partial<PartitionTranslation>): PartitionTranslation => ({
  group: 'g',
  sourceTopic: 'orders',
  topic: 'NYC.orders',
  partition,
  upstream: 10n,
  downstream: 10n,
  method: 'exact',
  checkpointAgeSeconds: null,
  conservative: 8n,
  expectedDuplicates: 2n,
  note: null,
  ...over,
});

describe('groupPartitions', () => {
  it('keeps exact translations (0 duplicates), counts records at risk, and applies fallbacks with the reason', () => {
    const parts = groupPartitions(
      [row(0, {}), row(1, { downstream: 7n, note: '3 consumed record(s) not on the target yet' }), row(2, { downstream: null, method: 'none', note: 'no checkpoint for this partition' }), row(3, { method: 'checkpoints', expectedDuplicates: null })],
      new Map([['NYC.orders:0', 4n]]),
      new Map([['NYC.orders:2', { offset: 55n, why: 'the log end' }]]),
    );
    assert.deepEqual(
      parts.map((p) => [p.partition, p.currentTarget, p.newOffset, p.method, p.expectedDuplicates, p.recordsAtRisk]),
      [
        [0, 4n, 10n, 'exact', 0n, 0n],
        [1, null, 7n, 'exact', 0n, 3n],
        [2, null, 55n, 'fallback', null, null],
        [3, null, 10n, 'checkpoints', null, null],
      ],
    );
    assert.match(parts[2].note ?? '', /no checkpoint for this partition; fallback: the log end/);
  });
});
