/**
 * Would a principal be allowed to consume as a group on the target? Kafka's authorizer rules, for the two permissions
 * a consumer needs (READ on its group, READ on each topic): an ACL matches when its resource is the literal name, the
 * wildcard `*`, or a prefix of the name (PREFIXED); its principal is the principal or `User:*`; its operation is READ or
 * ALL. Any matching DENY wins; otherwise a matching ALLOW from any host ('*') grants it. Pure.
 */
import type { AclBinding } from '../kafka/gateway.js';

const matchesResource = (a: AclBinding, type: 'topic' | 'group', name: string): boolean =>
  a.resourceType === type && ((a.patternType === 'literal' && (a.resourceName === name || a.resourceName === '*')) || (a.patternType === 'prefixed' && name.startsWith(a.resourceName)));

/** May `principal` READ resource `name` of `type`? */
export function aclAllowsRead(acls: readonly AclBinding[], principal: string, type: 'topic' | 'group', name: string): boolean {
  const relevant = acls.filter((a) => matchesResource(a, type, name) && (a.principal === principal || a.principal === 'User:*') && (a.operation === 'read' || a.operation === 'all'));
  if (relevant.some((a) => a.permission === 'deny')) return false;
  return relevant.some((a) => a.permission === 'allow' && a.host === '*');
}

/** What a group's principal lacks on the target (empty when it can consume `topics` as `group`). */
export function missingReads(acls: readonly AclBinding[], principal: string, group: string, topics: readonly string[]): string[] {
  const out: string[] = [];
  if (!aclAllowsRead(acls, principal, 'group', group)) out.push(`READ on group ${group}`);
  for (const t of topics) if (!aclAllowsRead(acls, principal, 'topic', t)) out.push(`READ on topic ${t}`);
  return out;
}
