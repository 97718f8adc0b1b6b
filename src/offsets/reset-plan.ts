/**
 * planOffsetReset: every `kafka-consumer-groups --reset-offsets` scenario, computed exactly as the Java tool does
 * (reference Part 1 §1.5), as a pure function of a snapshot of the cluster:
 * - to-offset, shift-by and from-file are clamped to [log start, log end]; the other scenarios are not;
 * - to-datetime and by-duration fall back to the log end when no record is at or after the time, with a warning;
 * - to-current keeps the committed offset, or the log end where there is none;
 * - --all-topics covers only partitions with a committed offset; --topic t all of t's partitions; t:0,2 those.
 * Groups that are not inactive (Empty, Dead) are refused, never planned.
 */
import { usageError } from '../errors.js';
import { activityText, isInactive } from '../groups/activity.js';
import { tpKey, type GroupState, type GroupType, type PartitionOffset, type TopicPartition } from '../kafka/gateway.js';

/** A reset scenario (one per run). Times are epoch ms, already resolved (by-duration: now minus the duration). */
export type ResetScenario =
  | { kind: 'to-datetime'; timestamp: number }
  | { kind: 'by-duration'; timestamp: number }
  | { kind: 'to-earliest' }
  | { kind: 'to-latest' }
  | { kind: 'to-current' }
  | { kind: 'shift-by'; by: bigint }
  | { kind: 'to-offset'; offset: bigint }
  | { kind: 'from-file'; rows: ResetFileRow[] };

/** A row of a kafka-consumer-groups reset CSV; `group` is undefined in the 3-column form. */
export interface ResetFileRow {
  group?: string;
  topic: string;
  partition: number;
  offset: bigint;
}

/** Which partitions: --all-topics, or --topic t / t:0,2 (repeatable). */
export interface ResetScope {
  allTopics: boolean;
  topics: { topic: string; partitions?: number[] }[];
}

/** A group as the planner needs it. */
export interface GroupSnapshot {
  group: string;
  type: GroupType;
  state: GroupState;
  members: number;
  /** Why it counts as active whatever its state (see GroupInfo.unsure). */
  unsure: string | null;
  committed: PartitionOffset[];
}

/** Offsets of the partitions in scope (keys are tpKey). */
export interface OffsetsSnapshot {
  earliest: Map<string, bigint>;
  latest: Map<string, bigint>;
  /** First offset at or after the scenario's timestamp; null when there is none. */
  byTimestamp: Map<string, bigint | null>;
}

/** One partition of a plan. */
export interface PlannedPartition extends TopicPartition {
  current: bigint | null;
  target: bigint;
  /** Why the target differs from what was asked (clamped, fallback), if it does. */
  note: string | null;
}

/** One group of a plan. */
export interface GroupPlan {
  group: string;
  state: GroupState;
  status: 'planned' | 'refused';
  reason: string | null;
  partitions: PlannedPartition[];
  /** Restore only: the group had no offsets before, so undoing means deleting the group (and its offsets). */
  deleteGroup?: boolean;
}

/** The plan (a value: rendered, confirmed, then executed). */
export interface OffsetResetPlan {
  scenario: ResetScenario['kind'];
  groups: GroupPlan[];
  warnings: string[];
}

/** The plan entry for a group drctl will not touch because it is active. */
export const refusedGroup = (g: GroupSnapshot): GroupPlan => ({
  group: g.group,
  state: g.state,
  status: 'refused',
  reason: `group is active (${activityText(g)})`,
  partitions: [],
});

/** The partitions a group's plan covers (also tells the snapshot which offsets to read). */
export function partitionsInScope(g: GroupSnapshot, scope: ResetScope, scenario: ResetScenario, partitionCounts: Map<string, number>): TopicPartition[] {
  if (scenario.kind === 'from-file') {
    return scenario.rows.filter((r) => r.group === undefined || r.group === g.group).map((r) => ({ topic: r.topic, partition: r.partition }));
  }
  if (scope.allTopics) return g.committed.map((c) => ({ topic: c.topic, partition: c.partition }));
  return scope.topics.flatMap((t) => {
    const count = partitionCounts.get(t.topic);
    if (count === undefined) throw usageError(`unknown topic "${t.topic}"`, 'check the topic name on the cluster being reset');
    const parts = t.partitions ?? Array.from({ length: count }, (_, p) => p);
    for (const p of parts) if (p < 0 || p >= count) throw usageError(`topic ${t.topic} has no partition ${p} (it has ${count})`);
    return parts.map((partition) => ({ topic: t.topic, partition }));
  });
}

const clamp = (want: bigint, lo: bigint, hi: bigint): { target: bigint; note: string | null } =>
  want > hi ? { target: hi, note: `requested ${want} is above the log end; set to ${hi}` } : want < lo ? { target: lo, note: `requested ${want} is below the log start; set to ${lo}` } : { target: want, note: null };

/** Compute the plan. Throws a usage error (exit 2) for input the Java tool also rejects. */
export function planOffsetReset(groups: GroupSnapshot[], scope: ResetScope, scenario: ResetScenario, partitionCounts: Map<string, number>, offsets: OffsetsSnapshot): OffsetResetPlan {
  const warnings: string[] = [];
  const plans = groups.map((g): GroupPlan => {
    if (!isInactive(g)) return refusedGroup(g);
    const committed = new Map(g.committed.map((c) => [tpKey(c), c.offset]));
    const tps = partitionsInScope(g, scope, scenario, partitionCounts);
    if (scenario.kind === 'from-file' && tps.length === 0) warnings.push(`no reset plan for group ${g.group} in the file`);
    const partitions = tps.map((tp): PlannedPartition => {
      const k = tpKey(tp);
      const lo = offsets.earliest.get(k);
      const hi = offsets.latest.get(k);
      if (lo === undefined || hi === undefined) throw usageError(`no offsets known for ${tp.topic}-${tp.partition}`, 'does the topic partition exist?');
      const current = committed.get(k) ?? null;
      const row = (target: bigint, note: string | null = null): PlannedPartition => ({ ...tp, current, target, note });
      switch (scenario.kind) {
        case 'to-earliest':
          return row(lo);
        case 'to-latest':
          return row(hi);
        case 'to-current':
          return current === null ? row(hi, 'no committed offset: the log end is used') : row(current);
        case 'to-offset': {
          const c = clamp(scenario.offset, lo, hi);
          return row(c.target, c.note);
        }
        case 'shift-by': {
          if (current === null) throw usageError(`cannot shift ${tp.topic}-${tp.partition} of group ${g.group}: it has no committed offset`, 'narrow the scope with --topic t:PARTITIONS, or use another scenario');
          const c = clamp(current + scenario.by, lo, hi);
          return row(c.target, c.note);
        }
        case 'to-datetime':
        case 'by-duration': {
          const at = offsets.byTimestamp.get(k);
          if (at === undefined) throw usageError(`no timestamp lookup for ${tp.topic}-${tp.partition}`);
          if (at === null) {
            const note = `no record at or after ${new Date(scenario.timestamp).toISOString()}: falling back to the log end`;
            warnings.push(`${g.group} ${tp.topic}-${tp.partition}: ${note}`);
            return row(hi, note);
          }
          return row(at);
        }
        case 'from-file': {
          const r = scenario.rows.find((x) => (x.group === undefined || x.group === g.group) && x.topic === tp.topic && x.partition === tp.partition)!;
          const c = clamp(r.offset, lo, hi);
          return row(c.target, c.note);
        }
      }
    });
    partitions.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
    return { group: g.group, state: g.state, status: 'planned', reason: null, partitions };
  });
  return { scenario: scenario.kind, groups: plans, warnings };
}
