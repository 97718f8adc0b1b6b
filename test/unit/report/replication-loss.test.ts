import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicationPathLoss } from '../../../src/report/rpo.js';
import { replicationPathLosses } from '../../../src/report/rpo-report.js';

describe('loss on the replication path', () => {
  it("records between MM2's position and the source's log start are lost; a position past the end means re-created", () => {
    assert.deepEqual(replicationPathLoss(15n, 20n, 10n), { lostBeforeCopy: 5n, recreated: false });
    assert.deepEqual(replicationPathLoss(15n, 20n, 15n), { lostBeforeCopy: 0n, recreated: false });
    assert.deepEqual(replicationPathLoss(0n, 3n, 40n), { lostBeforeCopy: null, recreated: true });
    assert.deepEqual(replicationPathLoss(15n, 20n, null), { lostBeforeCopy: null, recreated: false });
  });
  it('one line per partition that lost records, naming the offsets', () => {
    assert.deepEqual(
      replicationPathLosses('NYC', [
        { topic: 'orders', partition: 0, sourceEnd: 20n, mm2CopiedBelow: 10n, lostBeforeCopy: 5n, recreated: false },
        { topic: 'orders', partition: 1, sourceEnd: 20n, mm2CopiedBelow: 20n, lostBeforeCopy: 0n, recreated: false },
        { topic: 'audit', partition: 0, sourceEnd: 3n, mm2CopiedBelow: 40n, lostBeforeCopy: null, recreated: true },
      ]),
      [
        'NYC orders-0: 5 record(s) deleted (retention or DeleteRecords) before MM2 copied them: offsets 10..14 are lost to the target',
        'NYC audit-0: MM2 had copied below 40, but the partition now ends at 3: the topic was re-created (or truncated) under the same name',
      ],
    );
  });
});
