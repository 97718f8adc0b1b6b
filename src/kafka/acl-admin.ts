/**
 * Granting ACLs, for the secure sandbox, which sets up its principals' rights as an administrator would. Not part of
 * the gateway: drctl itself never changes ACLs.
 */
import kafkajs from 'kafkajs';
import type { ClusterConfig } from '../config/types.js';
import { translateKafkaError, withDeadline } from './errors.js';
import { clientConfig } from './kafkajs-gateway.js';

const { Kafka, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

/** The operations an ACL grants, as Kafka names them. */
export const ACL_OPERATIONS = ['READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE'] as const;

/** One ALLOW rule: a principal may do `operations` on a resource (a name, a prefix, or `*`). */
export interface AclGrant {
  principal: string;
  resourceType: 'TOPIC' | 'GROUP' | 'CLUSTER';
  /** `kafka-cluster` for CLUSTER; `*` for every topic or group. */
  name: string;
  pattern: 'LITERAL' | 'PREFIXED';
  operations: readonly (typeof ACL_OPERATIONS)[number][];
}

/** Create `grants` on the cluster as `admin` (a super user); creating an existing ACL again is harmless. */
export async function grantAcls(admin: ClusterConfig, grants: readonly AclGrant[], timeoutMs: number): Promise<void> {
  const client = new Kafka(clientConfig(admin, 'drctl-sandbox-acls', timeoutMs)).admin();
  await withDeadline(
    async () => {
      try {
        await client.connect();
        await client.createAcls({
          acl: grants.flatMap((g) =>
            g.operations.map((op) => ({
              resourceType: AclResourceTypes[g.resourceType],
              resourceName: g.name,
              resourcePatternType: ResourcePatternTypes[g.pattern],
              principal: `User:${g.principal}`,
              host: '*',
              operation: AclOperationTypes[op],
              permissionType: AclPermissionTypes.ALLOW,
            })),
          ),
        });
      } catch (e) {
        throw translateKafkaError(e, admin.alias, 'create ACLs', admin.bootstrapServers);
      } finally {
        await client.disconnect().catch(() => {});
      }
    },
    timeoutMs,
    admin.alias,
    'create ACLs',
  );
}
