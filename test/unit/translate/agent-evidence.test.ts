import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExactCheckpoint } from '../../../src/checkpoints/exact-checkpoints.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { replicationPolicyFor } from '../../../src/mm2/replication-policy.js';
import { preferAgentCheckpoints } from '../../../src/translate/agent-evidence.js';
import type { PartitionTranslation, TranslateInputs } from '../../../src/translate/translation-types.js';

const NOW = 100_000;
const cp = (partition: number, upstream: bigint, downstream: bigint, seenAt = NOW - 4000, ratePerSecond: number | null = 2.5): ExactCheckpoint => ({ group: 'g', topic: 'orders', partition, upstream, downstream, seenAt, ratePerSecond });
const mm2 = (partition: number, upstream: bigint, downstream: bigint): PartitionTranslation => ({
  group: 'g',
  sourceTopic: 'orders',
  topic: 'NYC.orders',
  partition,
  upstream,
  downstream,
  method: 'checkpoints',
  checkpointAgeSeconds: 1,
  conservative: null,
  expectedDuplicates: null,
  note: null,
});

function inputs(agent: ExactCheckpoint[], topics = ['NYC.orders']): TranslateInputs {
  return {
    source: null,
    target: new FakeGateway('LON'),
    sourceAlias: 'NYC',
    policy: replicationPolicyFor({ type: 'default', separator: '.', internalTopicSeparatorEnabled: true }, 'NYC'),
    checkpoints: null,
    syncs: null,
    committed: null,
    targetTopics: new Set(topics),
    now: NOW,
    agentCheckpoints: { exists: true, warnings: [], groups: new Map([['g', new Map(agent.map((c) => [`${c.topic}:${c.partition}`, c]))]]) },
  };
}

describe('preferAgentCheckpoints: the best evidence per partition once the source is gone', () => {
  it("the agent's checkpoint of the same or a newer commit wins, with a duplicate estimate from the group's rate", () => {
    const rows = preferAgentCheckpoints('g', [mm2(0, 170n, 102n), mm2(1, 150n, 102n)], inputs([cp(0, 170n, 170n), cp(1, 160n, 160n)]));
    assert.deepEqual(
      rows.map((r) => [r.partition, r.method, r.downstream, r.conservative, r.expectedDuplicates]),
      [
        [0, 'agent', 170n, 102n, 10n],
        [1, 'agent', 160n, 102n, 10n],
      ],
    );
    assert.match(rows[0].note!, /an estimate: 2\.5\/s for 4 s/);
  });
  it('the estimate never exceeds the records the target holds after the checkpoint', () => {
    const inp = { ...inputs([cp(0, 170n, 170n)]), agentTargetEnds: new Map([['NYC.orders:0', 173n]]) };
    const [r] = preferAgentCheckpoints('g', [], inp);
    assert.equal(r.expectedDuplicates, 3n);
    assert.match(r.note!, /at most 3 duplicate\(s\) \(the records LON holds after it\)/);
  });
  it("MM2 saw a later commit: the agent's exact pair is used when it is further on, predicting the records between the commits", () => {
    const [r] = preferAgentCheckpoints('g', [mm2(0, 170n, 102n)], inputs([cp(0, 166n, 166n)]));
    assert.deepEqual([r.method, r.upstream, r.downstream, r.expectedDuplicates], ['agent', 170n, 166n, 4n]);
  });
  it("MM2's translation of a later commit that is further on than the agent's pair is kept", () => {
    const [r] = preferAgentCheckpoints('g', [mm2(0, 170n, 169n)], inputs([cp(0, 120n, 120n)]));
    assert.deepEqual([r.method, r.downstream], ['checkpoints', 169n]);
  });
  it('a partition MM2 never checkpointed gets the agent checkpoint; one without a remote topic is left out; no rate, no estimate', () => {
    const rows = preferAgentCheckpoints('g', [], inputs([cp(0, 5n, 5n, NOW, null)]));
    assert.deepEqual(
      rows.map((r) => [r.method, r.downstream, r.expectedDuplicates]),
      [['agent', 5n, null]],
    );
    assert.deepEqual(preferAgentCheckpoints('g', [], inputs([cp(0, 5n, 5n)], [])), []);
  });
});
