/**
 * FailbackPlan: a serialisable value saying what failing back will do to the old primary: the unreplicated tail per
 * partition (to salvage), the failed-over groups (to delete there), what is deleted (records below the log end, or
 * whole topics), the salvage target, the reverse MM2 flow, and the checks that must pass before anything changes.
 */
import type { GroupState, GroupType } from '../kafka/gateway.js';
import type { PlanHeader } from '../workflow/plan-header.js';

/** Where the tail goes: files, a topic on the new primary, or nowhere (waived, with a reason). */
export type SalvageTarget = { kind: 'dir'; dir: string } | { kind: 'topic'; topic: string } | { kind: 'waived'; reason: string };

/** One partition of the old primary in scope. Offsets are bigints. */
export interface TailPartition {
  topic: string;
  partition: number;
  logStart: bigint;
  logEnd: bigint;
  /** The first offset of the unreplicated tail (= logEnd when the new primary has every record). */
  tailFrom: bigint;
  /** Records in the tail that the new primary has no copy of, by record identity; null when not measured (then the
   * whole range from the log start is the tail). */
  unreplicated: bigint | null;
  firstTimestamp: number | null;
  lastTimestamp: number | null;
  note: string | null;
}

/** A consumer group on the old primary. */
export interface FailbackGroup {
  group: string;
  type: GroupType;
  state: GroupState;
  members: number;
  /** Why it counts as active whatever its state (see GroupInfo.unsure). */
  unsure: string | null;
  /** Why drctl thinks it was failed over (null: it was not, and is kept). */
  failedOver: string | null;
}

/** One topic's cleanup. */
export interface TopicCleanup {
  topic: string;
  partitions: number;
  /** Records deleted: the offsets between log start and log end. */
  records: bigint;
  /** cleanup.policy without `delete`: the broker refuses DeleteRecords, only deleting the topic cleans it. */
  compacted: boolean;
}

/** The reverse MM2 flow. */
export interface ReversePlan {
  flow: string;
  /** drctl restarts the sandbox's MM2 itself; elsewhere the operator deploys the properties (unless on Connect). */
  sandbox: boolean;
  /** MM2 runs on Kafka Connect: drctl stops the old connectors and deploys the reverse flow at this REST URL. */
  connect?: string | null;
  properties: string;
  steps: string[];
}

/** The whole plan: the common header (kind "failback", flow old->new primary, both clusters' ids, the checks that
 * must pass before anything changes) and what failing back does. */
export interface FailbackPlan extends PlanHeader<'failback'> {
  flow: string;
  oldPrimary: string;
  newPrimary: string;
  topics: string[];
  partitions: TailPartition[];
  tail: { partitions: number; offsets: bigint; unreplicated: bigint | null };
  groups: FailbackGroup[];
  cleanup: 'truncate' | 'delete-topics';
  deletions: TopicCleanup[];
  salvage: SalvageTarget | null;
  reverse: ReversePlan;
}

/** The partitions whose tail must be salvaged, as ranges. */
export const tailRanges = (plan: Pick<FailbackPlan, 'partitions'>): { topic: string; partition: number; from: bigint; to: bigint }[] =>
  plan.partitions.filter((p) => p.tailFrom < p.logEnd).map((p) => ({ topic: p.topic, partition: p.partition, from: p.tailFrom, to: p.logEnd }));

/** The groups to delete on the old primary. */
export const failedOverGroups = (plan: Pick<FailbackPlan, 'groups'>): FailbackGroup[] => plan.groups.filter((g) => g.failedOver !== null);
