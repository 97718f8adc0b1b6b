/**
 * The rights of the secure sandbox's principals, granted on both clusters (a failback reverses the flow, so each
 * cluster is a source at some point): `drctl` exactly as the README's least-privilege table says, `viewer` its read-only rows, `mm2` what
 * MirrorMaker 2 needs in both directions (sync.topic.acls.enabled is off), `app` what a test application needs.
 */
import type { AclGrant } from '../kafka/acl-admin.js';

const CLUSTER = 'kafka-cluster';

/** drctl: reads everywhere; commits and deletes groups; truncates and deletes topics (failback); its own topics; write fences (ACLs). */
export function drctlGrants(principal = 'drctl'): AclGrant[] {
  return [
    { principal, resourceType: 'CLUSTER', name: CLUSTER, pattern: 'LITERAL', operations: ['DESCRIBE', 'ALTER'] },
    { principal, resourceType: 'TOPIC', name: '*', pattern: 'LITERAL', operations: ['READ', 'DESCRIBE_CONFIGS', 'DELETE'] },
    { principal, resourceType: 'GROUP', name: '*', pattern: 'LITERAL', operations: ['READ', 'DELETE'] },
    { principal, resourceType: 'TOPIC', name: 'drctl-', pattern: 'PREFIXED', operations: ['CREATE', 'WRITE'] },
  ];
}

/** A read-only principal: exactly the README's rows for read-only commands (status, report rpo, translate, plans). */
export function viewerGrants(principal = 'viewer'): AclGrant[] {
  return [
    { principal, resourceType: 'CLUSTER', name: CLUSTER, pattern: 'LITERAL', operations: ['DESCRIBE'] },
    { principal, resourceType: 'TOPIC', name: '*', pattern: 'LITERAL', operations: ['READ', 'DESCRIBE_CONFIGS'] },
    { principal, resourceType: 'GROUP', name: '*', pattern: 'LITERAL', operations: ['DESCRIBE'] },
  ];
}

/** MirrorMaker 2, in either direction, with its Connect internal topics and groups. */
export function mm2Grants(principal = 'mm2'): AclGrant[] {
  return [
    { principal, resourceType: 'CLUSTER', name: CLUSTER, pattern: 'LITERAL', operations: ['DESCRIBE'] },
    { principal, resourceType: 'TOPIC', name: '*', pattern: 'LITERAL', operations: ['READ', 'WRITE', 'CREATE', 'ALTER', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'] },
    { principal, resourceType: 'GROUP', name: '*', pattern: 'LITERAL', operations: ['READ', 'DESCRIBE'] },
  ];
}

/** A test application: produces, consumes, commits in its groups. */
export function appGrants(principal = 'app'): AclGrant[] {
  return [
    { principal, resourceType: 'TOPIC', name: '*', pattern: 'LITERAL', operations: ['READ', 'WRITE', 'CREATE'] },
    { principal, resourceType: 'GROUP', name: '*', pattern: 'LITERAL', operations: ['READ'] },
  ];
}
