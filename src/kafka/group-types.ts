/** What a group's type alone says about whether drctl may treat it as an inactive consumer group. */
import type { GroupType } from './gateway.js';

/**
 * Why a group of this type never counts as inactive, or null for the types drctl moves (classic and KIP-848
 * consumer groups, and no group at all). Share groups (KIP-932) and streams groups (KIP-1071) keep their progress
 * in other state than committed offsets, so moving or deleting their offsets is not a failover of them.
 */
export function unsureOfType(type: GroupType): string | null {
  if (type === 'share' || type === 'streams') return `a ${type} group: drctl does not move ${type} groups, so it never counts one as inactive`;
  if (type === 'unknown') return 'its group type is unknown';
  return null;
}
