/**
 * FailoverPlan: a serialisable value saying, per group and target partition, which offset the group gets on the
 * target, how it was translated, the duplicates expected and the records at risk, plus the preflight checks. Built
 * purely from translations and target-side facts; rendered, confirmed (or saved with --plan-out), then executed.
 */
import type { GroupState } from '../kafka/gateway.js';
import type { PartitionTranslation } from '../translate/translate-groups.js';
import type { TopicRpo } from '../report/rpo.js';
import type { PlanHeader } from '../workflow/plan-header.js';

/** One target partition of a group's failover. */
export interface FailoverPartition {
  sourceTopic: string;
  topic: string;
  partition: number;
  upstream: bigint | null;
  currentTarget: bigint | null;
  newOffset: bigint;
  method: 'exact' | 'checkpoints' | 'syncs' | 'agent' | 'fallback';
  expectedDuplicates: bigint | null;
  /** Records the group consumed on the source that the target does not have (unknown when the source is down). */
  recordsAtRisk: bigint | null;
  note: string | null;
}

/** One group's failover. */
export interface FailoverGroupPlan {
  group: string;
  targetState: GroupState;
  status: 'planned' | 'refused';
  reason: string | null;
  partitions: FailoverPartition[];
}

/** The whole plan: the common header (kind "failover", the target's cluster id as `target`, the source's when it
 * answered, the preflight checks) and the groups. */
export interface FailoverPlan extends PlanHeader<'failover'> {
  flow: string;
  source: string;
  target: string;
  mode: 'planned' | 'unplanned';
  groups: FailoverGroupPlan[];
  /** Per source topic, what the target does not have when the plan was made (see failover-rpo). */
  rpo: TopicRpo[];
}

/** Where a partition with no translation resumes (unplanned mode). */
export type Fallback = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'timestamp'; timestamp: number } | { kind: 'checkpoint-time'; skewMs: number };

/** Build one group's partitions from translations; untranslated ones take the fallback offsets given. */
export function groupPartitions(rows: PartitionTranslation[], current: Map<string, bigint>, fallback: Map<string, { offset: bigint; why: string }>): FailoverPartition[] {
  return rows.map((r) => {
    const key = `${r.topic}:${r.partition}`;
    const currentTarget = current.get(key) ?? null;
    if (r.downstream === null) {
      const fb = fallback.get(key);
      if (!fb) throw new Error(`no fallback for ${key}`);
      return {
        sourceTopic: r.sourceTopic,
        topic: r.topic,
        partition: r.partition,
        upstream: r.upstream,
        currentTarget,
        newOffset: fb.offset,
        method: 'fallback',
        expectedDuplicates: null,
        recordsAtRisk: null,
        note: `${r.note ?? 'no translation'}; fallback: ${fb.why}`,
      };
    }
    const atRisk = r.note && /(\d+) consumed record\(s\) not on the target/.exec(r.note);
    return {
      sourceTopic: r.sourceTopic,
      topic: r.topic,
      partition: r.partition,
      upstream: r.upstream,
      currentTarget,
      newOffset: r.downstream,
      method: r.method === 'none' ? 'fallback' : r.method,
      expectedDuplicates: r.method === 'exact' ? 0n : r.expectedDuplicates,
      recordsAtRisk: r.method === 'exact' ? (atRisk ? BigInt(atRisk[1]) : 0n) : null,
      note: r.note,
    };
  });
}
