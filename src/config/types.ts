/** The validated, resolved shape of drctl's configuration (drctl.yaml, optionally merged with an MM2 file). */

/** SASL settings for one cluster; `password` is already resolved from an env var or file and is never printed. */
export interface SaslConfig {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

/** TLS settings for one cluster: PEM file paths (read at connect time) and server verification. */
export interface TlsConfig {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** A PKCS12 file with the client's key and certificate chain (mutual TLS), and its passphrase. */
  pfxFile?: string;
  passphrase?: string;
  rejectUnauthorized: boolean;
}

/** One Kafka cluster, by its MM2 alias. */
export interface ClusterConfig {
  alias: string;
  bootstrapServers: string[];
  /** When set, drctl refuses to act on a cluster whose id differs (wrong cluster behind an address). */
  clusterId?: string;
  tls?: TlsConfig;
  sasl?: SaslConfig;
}

/** One replication direction, with MM2's topic and group filters (regex lists, full match). */
export interface FlowConfig {
  source: string;
  target: string;
  topics: string[];
  topicsExclude: string[];
  groups: string[];
  groupsExclude: string[];
}

/** MM2's replication policy: how remote topics are named. */
export type ReplicationPolicyConfig = ({ type: 'default'; separator: string; internalTopicSeparatorEnabled: boolean } | { type: 'identity'; sourceAlias?: string }) & {
  /** Which Kafka's internal-topic rules MM2 applies: 4.x (KIP-1074, the default) or 3.x. */
  internalTopicRules?: InternalTopicRules;
};

/** Internal-topic detection differs between Kafka 3.x and 4.x (KIP-1074). */
export type InternalTopicRules = 'kafka4' | 'kafka3';

/** Where MM2 writes its offset syncs for a flow (`offset-syncs.topic.location`). */
export type OffsetSyncsLocation = 'source' | 'target';

/** RPO and RTO objectives, in seconds. */
export interface Objectives {
  rpoSeconds?: number;
  rtoSeconds?: number;
}

/** The whole configuration after validation. */
export interface DrctlConfig {
  /** The file it came from (for messages), or the MM2 file when only that was given. */
  source: string;
  clusters: Record<string, ClusterConfig>;
  flows: FlowConfig[];
  replicationPolicy: ReplicationPolicyConfig;
  offsetSyncsLocation: OffsetSyncsLocation;
  objectives: Objectives;
  /**
   * Where a flow's MM2 runs on Kafka Connect (by flow name, `NYC->LON`): status checks its connectors there, failback
   * reverses them there. `attachedTo`: the cluster the workers are attached to (default: the flow's target).
   */
  connect?: Record<string, { url: string; username?: string; attachedTo?: string }>;
  /** MM2 settings drctl applies over its own when it generates or deploys MM2 (mirror config, mirror deploy). */
  mirrorSettings?: Record<string, string>;
  stateDir: string;
  /** A command run after a failover to switch clients over (e.g. a DNS update); gets DRCTL_FROM / DRCTL_TO. */
  switchCommand?: string;
  /** How long the switch command may run before it is killed and the failover reports it failed (default 30 s). */
  switchTimeoutMs?: number;
  /** The principal each group's consumers authenticate as (key "*": every other group), for readiness ACL checks. */
  groupPrincipals?: Record<string, string>;
}

/** The MM2 defaults for the topic and group filters (Kafka 4.x). */
export const MM2_DEFAULT_FILTERS = {
  topics: ['.*'],
  topicsExclude: ['mm2.*\\.internal', '.*\\.replica', '__.*'],
  groups: ['.*'],
  groupsExclude: ['console-consumer-.*', 'connect-.*', '__.*'],
} as const;
