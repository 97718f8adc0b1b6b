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
  /** `rack`: the broker's broker.rack (null when it has none). */
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
}

/** The KRaft controller quorum: its leader and the node ids of its voters and observers. */
export interface QuorumDescription {
  leaderId: number;
  leaderEpoch: number;
  voters: number[];
  observers: number[];
}

/** A topic and its partition count. */
export interface TopicInfo {
  name: string;
  partitions: number;
}

/** Where one partition's replicas live: its leader (-1 while it has none), replicas and in-sync replicas, by node id. */
export interface PartitionReplicas {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/**
 * Group states as the broker reports them: classic groups (Empty, PreparingRebalance, CompletingRebalance, Stable,
 * Dead), consumer-protocol groups (KIP-848: Empty, Assigning, Reconciling, Stable, Dead), streams groups (also
 * NotReady). 'Unknown' covers anything else a broker may add.
 */
export const GROUP_STATES = ['Empty', 'Stable', 'PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling', 'NotReady', 'Dead', 'Unknown'] as const;
/** One of GROUP_STATES. */
export type GroupState = (typeof GROUP_STATES)[number];

/**
 * The group protocol a group runs on, as ListGroups v5 reports it: `classic` (DescribeGroups), `consumer`
 * (KIP-848, ConsumerGroupDescribe), `share` (KIP-932), `streams` (KIP-1071); `none` for a group that does not exist;
 * `unknown` when drctl could not establish it.
 */
export const GROUP_TYPES = ['classic', 'consumer', 'share', 'streams', 'none', 'unknown'] as const;
/** One of GROUP_TYPES. */
export type GroupType = (typeof GROUP_TYPES)[number];

/** A consumer group's protocol, state and members. `Dead` also means "no such group". */
export interface GroupInfo {
  groupId: string;
  type: GroupType;
  state: GroupState;
  members: number;
  protocolType: string;
  /** The topics assigned to its members (current and target assignment), or null when it cannot be read. */
  assignedTopics: string[] | null;
  /**
   * Why drctl cannot vouch that the group is inactive, whatever its state says: its type or state could not be
   * established, or it is not a group drctl moves (share, streams). Such a group counts as active. null otherwise.
   */
  unsure: string | null;
  /** How it was described when that limits what is known (e.g. an API the brokers lack); null otherwise. */
  note: string | null;
}

/** One group as ListGroups reports it. `type` is null on brokers without ListGroups v5 (before Kafka 3.8). */
export interface ListedGroup {
  groupId: string;
  protocolType: string;
  type: GroupType | null;
  state: GroupState | null;
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
  operation: 'read' | 'write' | 'all' | 'other';
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

/**
 * How a group's committed offsets are read. `stable` (what offsets are acted on): the coordinator answers from every
 * commit written, waiting until it is replicated, and refuses (retriably) while an open transaction holds offsets
 * for the group; a coordinator elected a moment ago would otherwise answer from a stale high watermark, even "no
 * offsets". `committed` (watching live groups, which may commit in transactions all the time): what is replicated
 * now, as kafka-consumer-groups reads it.
 */
export type OffsetRead = 'stable' | 'committed';

/** drctl's port to one cluster. Every method translates failures into DrctlErrors. */
export interface ClusterGateway {
  /** The alias this gateway talks to (for messages). */
  readonly alias: string;
  /** Cluster id and brokers; also the reachability probe. */
  describeCluster(): Promise<ClusterInfo>;
  /** The KRaft controller quorum: leader and voters (DescribeQuorum, forwarded by a broker to the controllers). */
  describeQuorum(): Promise<QuorumDescription>;
  /** All topics (internal ones included) with their partition counts. */
  listTopics(): Promise<TopicInfo[]>;
  /** Each partition's leader, replicas and ISR (Metadata), per topic; topics the cluster lacks are left out. */
  topicReplicas(topics: readonly string[]): Promise<Map<string, PartitionReplicas[]>>;
  /** Create a topic unless it exists; true when it was created. */
  createTopic(name: string, partitions: number, configs?: Record<string, string>): Promise<boolean>;
  /** The effective value of `configNames` (defaults included) for each topic. */
  topicConfigs(topics: readonly string[], configNames: readonly string[]): Promise<Map<string, Record<string, string>>>;
  /** Offsets for many partitions at once, in the order of `partitions`: one ListOffsets request per leader broker and spec. */
  listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<ListedOffset[]>;
  /**
   * A group's committed offsets (partitions without a commit are left out). Stable by default (see OffsetReads).
   */
  committedOffsets(groupId: string, read?: OffsetRead): Promise<PartitionOffset[]>;
  /**
   * The committed offsets of many groups (as committedOffsets, by group): one OffsetFetch per coordinator where the
   * brokers batch groups (Kafka 3.0+), one per group otherwise.
   */
  committedOffsetsMany(groupIds: readonly string[], read?: OffsetRead): Promise<Map<string, PartitionOffset[]>>;
  /**
   * Type, state and members of many groups, each from the API of its protocol (DescribeGroups for classic groups,
   * ConsumerGroupDescribe for KIP-848 groups); unknown groups come back as Dead with 0 members and type `none`.
   */
  describeGroups(groupIds: readonly string[]): Promise<GroupInfo[]>;
  /** Every group the brokers know (all types), with its protocol type, and its group type and state where known. */
  listGroups(): Promise<ListedGroup[]>;
  /**
   * Commit offsets as an admin (generation -1, empty member id), never joining the group.
   * The broker refuses it for a group with members; that surfaces as DRCTL_GROUP_ACTIVE (exit 3).
   */
  commitOffsets(groupId: string, offsets: readonly PartitionOffset[]): Promise<void>;
  /** Read records of one partition from an offset with a fetch to its leader; no consumer group is involved. */
  readRecords(tp: TopicPartition, offset: bigint, options?: ReadOptions): Promise<ReadResult>;
  /** Every ACL binding on the cluster, or null when no authorizer is configured (SECURITY_DISABLED). */
  listAcls(): Promise<AclBinding[] | null>;
  /**
   * Fence topics against writes (`on`) or lift the fence: a DENY WRITE ACL for every principal (`User:*`, any host)
   * on each topic, by name. Super users are not fenced (Kafka never denies them). Needs an authorizer and ALTER on
   * the cluster; without an authorizer it fails as a precondition. Adding or removing a fence twice is harmless.
   */
  setWriteFence(topics: readonly string[], on: boolean): Promise<void>;
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
