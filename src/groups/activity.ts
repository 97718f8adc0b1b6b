/**
 * Is a consumer group active? The one rule every safety check uses (readiness, failover, offsets reset and restore,
 * failback): a group may be changed only when the broker says it is Empty or Dead *and* drctl is sure of it. A group
 * whose type or state could not be established, or that is not a group drctl moves (share, streams), counts as
 * active: unknown is active.
 */
import type { GroupInfo } from '../kafka/gateway.js';

/** The facts about a group that decide whether it is active. */
export type GroupActivity = Pick<GroupInfo, 'state' | 'members' | 'type' | 'unsure'>;

/** Is the group inactive, so that its offsets may be changed (or the group deleted)? */
export const isInactive = (g: GroupActivity): boolean => g.unsure === null && (g.state === 'Empty' || g.state === 'Dead');

/** The group's protocol as operators know it: "classic", "consumer (KIP-848)", "share", "streams", "-" for none. */
export function protocolLabel(type: GroupInfo['type']): string {
  return type === 'consumer' ? 'consumer (KIP-848)' : type === 'none' ? '-' : type;
}

/** Does drctl know the member count of a group of this type? Share and streams groups are not described member by member. */
export const membersKnown = (type: GroupInfo['type']): boolean => type !== 'share' && type !== 'streams' && type !== 'unknown';

/** "Stable, 2 members, consumer (KIP-848)" — and, for a group counted as active though unsure, why. */
export function activityText(g: GroupActivity): string {
  if (g.type === 'none') return 'no such group';
  const members = membersKnown(g.type) ? `, ${g.members} member${g.members === 1 ? '' : 's'}` : '';
  const base = `${g.state}${members}, ${protocolLabel(g.type)}`;
  return g.unsure ? `${base}; counted as active: ${g.unsure}` : base;
}
