/**
 * planRestore: put back the offsets a backup saved. Pure: the same GroupPlan shape as a reset, so the same
 * rendering, executor and journal apply. A restored offset outside today's log range is kept but flagged, so a dry
 * run shows it; executing such a plan is refused whole (see log-bounds.ts).
 */
import { tpKey, type PartitionOffset } from '../kafka/gateway.js';
import type { OffsetBackup } from '../journal/backup-schema.js';
import { isInactive } from '../groups/activity.js';
import { refusedGroup, type GroupPlan, type GroupSnapshot, type OffsetsSnapshot } from './reset-plan.js';

/** The restore plan and its warnings. */
export function planRestore(backup: OffsetBackup, groups: GroupSnapshot[], offsets: Pick<OffsetsSnapshot, 'earliest' | 'latest'>): { groups: GroupPlan[]; warnings: string[] } {
  const warnings: string[] = [];
  const plans = groups.map((g): GroupPlan => {
    if (!isInactive(g)) return refusedGroup(g);
    const saved: PartitionOffset[] = backup.groups[g.group] ?? [];
    // No offsets before the change: the state to go back to is "no such group", which only deleting it restores.
    if (saved.length === 0 && g.committed.length > 0) return { group: g.group, state: g.state, status: 'planned', reason: `had no offsets before: delete the group and its ${g.committed.length} offset(s)`, partitions: [], deleteGroup: true };
    const now = new Map(g.committed.map((c) => [tpKey(c), c.offset]));
    const savedKeys = new Set(saved.map(tpKey));
    const extra = g.committed.filter((c) => !savedKeys.has(tpKey(c)));
    if (extra.length) warnings.push(`${g.group}: ${extra.length} partition(s) had no offset in the backup and keep their current offsets (${extra.map((c) => `${c.topic}-${c.partition}`).join(', ')})`);
    const partitions = saved.map((s) => {
      const lo = offsets.earliest.get(tpKey(s));
      const hi = offsets.latest.get(tpKey(s));
      const note = hi !== undefined && s.offset > hi ? `above today's log end ${hi}` : lo !== undefined && s.offset < lo ? `below today's log start ${lo}: those records are gone` : null;
      return { topic: s.topic, partition: s.partition, current: now.get(tpKey(s)) ?? null, target: s.offset, note };
    });
    return { group: g.group, state: g.state, status: 'planned', reason: null, partitions };
  });
  return { groups: plans, warnings };
}
