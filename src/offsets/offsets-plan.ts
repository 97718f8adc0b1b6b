/**
 * The saved form of an offset change on one cluster, `offsets reset` or `offsets restore`: the common plan header
 * (kind, the cluster and its id, checks, warnings) and the groups' plans. Built from a pure plan, saved with
 * `--plan-out`, executed with `--plan`; before that, offsetsPlanDrift compares it with the cluster now.
 */
import { activityText, isInactive } from '../groups/activity.js';
import { tpKey } from '../kafka/gateway.js';
import { planHeader, type PlanCheck, type PlanHeader } from '../workflow/plan-header.js';
import type { GroupPlan, GroupSnapshot, ResetScenario } from './reset-plan.js';

/** The two workflows that change offsets on one cluster. */
export type OffsetsPlanKind = 'offsets-reset' | 'offsets-restore';

/** A reset or restore plan. */
export interface OffsetsPlan extends PlanHeader<OffsetsPlanKind> {
  /** The cluster whose offsets change (its id is in `clusters`). */
  cluster: string;
  /** Reset: the scenario; restore: null. */
  scenario: ResetScenario['kind'] | null;
  /** Restore: the backup put back; reset: null. */
  backup: string | null;
  groups: GroupPlan[];
}

/** What a pure planner produced, before it gets its header. */
export interface OffsetsPlanBody {
  scenario: ResetScenario['kind'] | null;
  backup: string | null;
  groups: GroupPlan[];
  warnings: string[];
}

/** The start of planRestore's note on a saved offset outside the partition's log today. */
const OUTSIDE_TODAYS_LOG = /^(above today's log end|below today's log start) /;

/** The checks of an offsets plan: refused groups fail (they are left alone), offsets outside the log warn. */
export function offsetsPlanChecks(groups: readonly GroupPlan[]): PlanCheck[] {
  const refused = groups.filter((g) => g.status === 'refused');
  // Only planRestore keeps an offset outside the log (and says so); a reset clamps, or falls back to the log end.
  const outside = groups.flatMap((g) => (g.status === 'planned' ? g.partitions.filter((p) => p.note !== null && OUTSIDE_TODAYS_LOG.test(p.note)) : []));
  return [
    {
      name: 'groups inactive',
      status: refused.length ? 'fail' : 'pass',
      detail: refused.length ? `${refused.map((g) => `${g.group} (${g.reason})`).join(', ')}: refused, left alone` : `${groups.length} group(s)`,
    },
    {
      name: 'offsets within the log',
      status: outside.length ? 'warn' : 'pass',
      detail: outside.length ? `${outside.length} partition(s) outside today's log: executing refuses the whole plan` : 'every planned offset is within its partition',
    },
  ];
}

/** Give a planner's body its header. */
export function offsetsPlan(kind: OffsetsPlanKind, cluster: string, clusterId: string, body: OffsetsPlanBody): OffsetsPlan {
  return {
    ...planHeader(kind, null, [{ alias: cluster, clusterId, role: 'changed' }], offsetsPlanChecks(body.groups), body.warnings),
    cluster,
    scenario: body.scenario,
    backup: body.backup,
    groups: body.groups,
  };
}

/**
 * What changed on the cluster since the plan: a planned group that is active now, or whose committed offset on a
 * planned partition is neither what the plan saw nor what it sets (the latter is an interrupted run being finished).
 */
export function offsetsPlanDrift(plan: Pick<OffsetsPlan, 'groups' | 'cluster'>, now: readonly GroupSnapshot[]): string[] {
  const byGroup = new Map(now.map((g) => [g.group, g]));
  const drift: string[] = [];
  for (const g of plan.groups.filter((x) => x.status === 'planned')) {
    const s = byGroup.get(g.group);
    if (!s) continue;
    if (!isInactive(s)) {
      drift.push(`${g.group} is now active on ${plan.cluster} (${activityText(s)})`);
      continue;
    }
    // Deleting a group whose offsets were created by the change: whatever offsets it has now go with it.
    if (g.deleteGroup) continue;
    const committed = new Map(s.committed.map((c) => [tpKey(c), c.offset]));
    for (const p of g.partitions) {
      const cur = committed.get(tpKey(p)) ?? null;
      if (cur !== p.current && cur !== p.target) drift.push(`${g.group} ${p.topic}-${p.partition}: committed offset is now ${cur ?? 'none'}, the plan saw ${p.current ?? 'none'}`);
    }
  }
  return drift;
}
