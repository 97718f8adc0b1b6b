/**
 * ClusterGateway: drctl's one port to a Kafka cluster. Domain types only (offsets are bigint, no kafkajs types),
 * so planners can run on the in-memory fake and the kafkajs implementation can be swapped out.
 */

/** A topic partition. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** A partition with an offset. */
export interface PartitionOffset extends TopicPartition {
  offset: bigint;
}

/** Which offset to look up: the log start, the high watermark, or the first offset at/after a time (ms). */
export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

/** One ListOffsets answer. `offset` is null only for a timestamp with no record at or after it. */
export interface ListedOffset extends TopicPartition {
  offset: bigint | null;
}

/** Identity and membership of a cluster. */
export interface ClusterInfo {
  clusterId: string;
  brokers: { nodeId: number; host: string; port: number }[];
}

/** A topic and its partition count. */
export interface TopicInfo {
  name: string;
  partitions: number;
}

/** Group states as the broker reports them ('Unknown' covers anything else it may add). */
export type GroupState = 'Empty' | 'Stable' | 'PreparingRebalance' | 'CompletingRebalance' | 'Dead' | 'Unknown';

/** A consumer group's state and member count. `Dead` also means "no such group". */
export interface GroupInfo {
  groupId: string;
  state: GroupState;
  members: number;
  protocolType: string;
  /** The topics assigned to its members (consumer protocol), or null when the assignment cannot be read. */
  assignedTopics: string[] | null;
}

/** A record header; values are raw bytes (null allowed). */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** A record as read from a partition. */
export interface KafkaRecord {
  offset: bigint;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** What one read returned: data records (control records removed) and where to continue. */
export interface ReadResult {
  records: KafkaRecord[];
  /** The offset after the last batch returned (skips over control records and transaction markers). */
  nextOffset: bigint;
  highWatermark: bigint;
  logStartOffset: bigint;
}

/** One ACL binding, as the cluster describes it. */
export interface AclBinding {
  resourceType: 'topic' | 'group' | 'other';
  resourceName: string;
  patternType: 'literal' | 'prefixed' | 'other';
  principal: string;
  host: string;
  operation: 'read' | 'all' | 'other';
  permission: 'allow' | 'deny';
}

/** Options for reading a partition. */
export interface ReadOptions {
  maxBytes?: number;
  /** How long the broker may wait for data when the partition has none at `offset`. */
  maxWaitMs?: number;
  /** READ_UNCOMMITTED (default) returns aborted transactional records too; READ_COMMITTED stops at the LSO. */
  isolation?: 'read_uncommitted' | 'read_committed';
}

/** A record to produce. */
export interface ProduceRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  /** Header values; an array repeats the key, in order. */
  headers?: Record<string, Buffer | string | (Buffer | string)[]>;
  timestamp?: number;
  partition?: number;
}

/** Where a produced record landed. */
export interface ProducedRecord extends TopicPartition {
  offset: bigint;
}

/** drctl's port to one cluster. Every method translates failures into DrctlErrors. */
export interface ClusterGateway {
  /** The alias this gateway talks to (for messages). */
  readonly alias: string;
  /** Cluster id and brokers; also the reachability probe. */
  describeCluster(): Promise<ClusterInfo>;
  /** All topics (internal ones included) with their partition counts. */
  listTopics(): Promise<TopicInfo[]>;
  /** Create a topic unless it exists; true when it was created. */
  createTopic(name: string, partitions: number, configs?: Record<string, string>): Promise<boolean>;
  /** The effective value of `configNames` (defaults included) for each topic. */
  topicConfigs(topics: readonly string[], configNames: readonly string[]): Promise<Map<string, Record<string, string>>>;
  /** Offsets for many partitions at once: one ListOffsets request per leader broker and spec. */
  listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<ListedOffset[]>;
  /** A group's committed offsets (partitions without a commit are left out). */
  committedOffsets(groupId: string): Promise<PartitionOffset[]>;
  /** State and member count of many groups; unknown groups come back as Dead with 0 members. */
  describeGroups(groupIds: readonly string[]): Promise<GroupInfo[]>;
  /** All group ids the brokers know, with their protocol type. */
  listGroups(): Promise<{ groupId: string; protocolType: string }[]>;
  /**
   * Commit offsets as an admin (generation -1, empty member id), never joining the group.
   * The broker refuses it for a group with members; that surfaces as DRCTL_GROUP_ACTIVE (exit 3).
   */
  commitOffsets(groupId: string, offsets: readonly PartitionOffset[]): Promise<void>;
  /** Read records of one partition from an offset with a fetch to its leader; no consumer group is involved. */
  readRecords(tp: TopicPartition, offset: bigint, options?: ReadOptions): Promise<ReadResult>;
  /** Every ACL binding on the cluster, or null when no authorizer is configured (SECURITY_DISABLED). */
  listAcls(): Promise<AclBinding[] | null>;
  /** Delete an inactive group and its committed offsets (refused as DRCTL_GROUP_ACTIVE while it has members). */
  deleteGroup(groupId: string): Promise<void>;
  /**
   * One read for each of many partitions, in one Fetch request per leader broker (`options.maxBytes` is per
   * partition). A partition the broker left out of a full response comes back with no records: read it again alone.
   */
  readRecordsMany(reads: readonly { tp: TopicPartition; offset: bigint }[], options?: ReadOptions): Promise<Map<string, ReadResult>>;
  /** Delete records below the given offsets (DeleteRecords): the log start moves up. Destructive; callers guard it. */
  deleteRecords(offsets: readonly PartitionOffset[]): Promise<void>;
  /** Delete whole topics (absent ones are skipped) and wait until the brokers no longer list them. Destructive; callers guard it. */
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Produce records (acks=all) and return where each landed, in input order. */
  produce(topic: string, records: readonly ProduceRecord[]): Promise<ProducedRecord[]>;
  /** Release connections. */
  close(): Promise<void>;
}

/** A map key for a topic partition. */
export const tpKey = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;
