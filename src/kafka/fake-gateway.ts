/**
 * An in-memory ClusterGateway with the behaviour of a real cluster that matters to drctl's planners: logs with a
 * log start offset, committed offsets, group membership (an admin commit to a group with members is refused as
 * DRCTL_GROUP_ACTIVE), and scriptable unreachability. For unit tests of pure logic only.
 */
import { DrctlError } from '../errors.js';
import {
  type AclBinding,
  tpKey,
  type ClusterGateway,
  type ClusterInfo,
  type PartitionReplicas,
  type GroupInfo,
  type GroupType,
  type ListedGroup,
  type KafkaRecord,
  type ListedOffset,
  type OffsetRead,
  type OffsetSpec,
  type PartitionOffset,
  type ProduceRecord,
  type ProducedRecord,
  type ReadOptions,
  type ReadResult,
  type QuorumDescription,
  type TopicInfo,
  type TopicPartition,
} from './gateway.js';
import { unsureOfType } from './group-types.js';

interface FakePartition {
  logStart: bigint;
  records: KafkaRecord[]; // records[i].offset ascending; may have gaps (compaction, markers)
  nextOffset: bigint;
}

interface FakeGroup {
  offsets: Map<string, PartitionOffset>;
  members: number;
  state: GroupInfo['state'];
  /** Its protocol (default classic). */
  type?: GroupType;
  /** What its members are assigned (null: unreadable); by default the topics it committed on. */
  assigned?: string[] | null;
}

/** The protocol type ListGroups reports for a group of this type. */
const protocolTypeOf = (t: GroupType): string => (t === 'share' ? 'share' : t === 'streams' ? 'streams' : 'consumer');

const toBuf = (v: Buffer | string | null | undefined): Buffer | null => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));

/** In-memory cluster for unit tests. */
export class FakeGateway implements ClusterGateway {
  readonly alias: string;
  clusterId: string;
  /** Set to make every call fail as an unreachable cluster would. */
  unreachable = false;
  private readonly topics = new Map<string, FakePartition[]>();
  private readonly groups = new Map<string, FakeGroup>();
  private now: () => number;

  constructor(alias: string, options: { clusterId?: string; now?: () => number } = {}) {
    this.alias = alias;
    this.clusterId = options.clusterId ?? `fake-${alias}`;
    this.now = options.now ?? Date.now;
  }

  private check(): void {
    if (this.unreachable) throw new DrctlError('DRCTL_UNREACHABLE', `${this.alias}: cluster unreachable`, { retriable: true });
  }

  private partition(tp: TopicPartition): FakePartition {
    const p = this.topics.get(tp.topic)?.[tp.partition];
    if (!p) throw new DrctlError('DRCTL_UNKNOWN_TOPIC', `${this.alias}: unknown topic or partition ${tp.topic}-${tp.partition}`);
    return p;
  }

  async describeCluster(): Promise<ClusterInfo> {
    this.check();
    return { clusterId: this.clusterId, brokers: [{ nodeId: 1, host: 'fake', port: 9092, rack: null }] };
  }

  /** One combined broker and controller: node 1 leads a quorum of one. */
  async describeQuorum(): Promise<QuorumDescription> {
    this.check();
    return { leaderId: 1, leaderEpoch: 1, voters: [1], observers: [] };
  }

  /** One node leads every partition of the fake cluster. */
  async topicReplicas(topics: readonly string[]): Promise<Map<string, PartitionReplicas[]>> {
    this.check();
    return new Map(topics.filter((t) => this.topics.has(t)).map((t) => [t, this.topics.get(t)!.map((_, partition) => ({ partition, leader: 1, replicas: [1], isr: [1] }))]));
  }

  async listTopics(): Promise<TopicInfo[]> {
    this.check();
    return [...this.topics].map(([name, ps]) => ({ name, partitions: ps.length })).sort((a, b) => a.name.localeCompare(b.name));
  }

  private readonly configs = new Map<string, Record<string, string>>();

  async deleteTopics(names: readonly string[]): Promise<void> {
    this.check();
    for (const n of names) {
      this.topics.delete(n);
      this.configs.delete(n);
    }
  }

  async topicConfigs(topics: readonly string[], configNames: readonly string[]): Promise<Map<string, Record<string, string>>> {
    this.check();
    const defaults: Record<string, string> = { 'retention.ms': '604800000', 'cleanup.policy': 'delete' };
    return new Map(
      topics.map((t) => {
        this.partition({ topic: t, partition: 0 });
        const all = { ...defaults, ...(this.configs.get(t) ?? {}) };
        return [t, Object.fromEntries(configNames.filter((n) => n in all).map((n) => [n, all[n]]))];
      }),
    );
  }

  async createTopic(name: string, partitions: number, configs: Record<string, string> = {}): Promise<boolean> {
    this.check();
    if (this.topics.has(name)) return false;
    this.configs.set(name, configs);
    this.topics.set(
      name,
      Array.from({ length: partitions }, () => ({ logStart: 0n, records: [], nextOffset: 0n })),
    );
    return true;
  }

  async listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<ListedOffset[]> {
    this.check();
    return partitions.map((tp) => {
      const p = this.partition(tp);
      if (spec === 'earliest') return { ...tp, offset: p.logStart };
      if (spec === 'latest') return { ...tp, offset: p.nextOffset };
      const hit = p.records.find((r) => r.offset >= p.logStart && r.timestamp >= spec.timestamp);
      return { ...tp, offset: hit ? hit.offset : null };
    });
  }

  async committedOffsets(groupId: string, _read?: OffsetRead): Promise<PartitionOffset[]> {
    this.check();
    return [...(this.groups.get(groupId)?.offsets.values() ?? [])];
  }

  async committedOffsetsMany(groupIds: readonly string[], _read?: OffsetRead): Promise<Map<string, PartitionOffset[]>> {
    return new Map(await Promise.all(groupIds.map(async (g) => [g, await this.committedOffsets(g)] as const)));
  }

  async describeGroups(groupIds: readonly string[]): Promise<GroupInfo[]> {
    this.check();
    return groupIds.map((groupId): GroupInfo => {
      const g = this.groups.get(groupId);
      if (!g) return { groupId, type: 'none', state: 'Dead', members: 0, protocolType: '', assignedTopics: [], unsure: null, note: null };
      const type = g.type ?? 'classic';
      const assignedTopics = g.members === 0 ? [] : g.assigned !== undefined ? g.assigned : [...new Set([...g.offsets.values()].map((o) => o.topic))].sort();
      return { groupId, type, state: g.state, members: g.members, protocolType: protocolTypeOf(type), assignedTopics, unsure: unsureOfType(type), note: null };
    });
  }

  async listGroups(): Promise<ListedGroup[]> {
    this.check();
    return [...this.groups].map(([groupId, g]) => ({ groupId, protocolType: protocolTypeOf(g.type ?? 'classic'), type: g.type ?? 'classic', state: g.state }));
  }

  /** Test helper: make a group run on another protocol (consumer = KIP-848, share, streams). */
  setGroupType(groupId: string, type: GroupType): void {
    const g: FakeGroup = this.groups.get(groupId) ?? { offsets: new Map(), members: 0, state: 'Empty' as const };
    g.type = type;
    this.groups.set(groupId, g);
  }

  async commitOffsets(groupId: string, offsets: readonly PartitionOffset[]): Promise<void> {
    this.check();
    const g = this.groups.get(groupId) ?? { offsets: new Map(), members: 0, state: 'Empty' as const };
    if (g.members > 0) {
      throw new DrctlError('DRCTL_GROUP_ACTIVE', `${this.alias}: commit offsets of group ${groupId}: group is active (the broker refused the commit: UNKNOWN_MEMBER_ID)`);
    }
    for (const o of offsets) {
      this.partition(o);
      g.offsets.set(tpKey(o), { topic: o.topic, partition: o.partition, offset: o.offset });
    }
    g.state = 'Empty';
    this.groups.set(groupId, g);
  }

  /** ACLs on this fake cluster; null means no authorizer (the default). */
  acls: AclBinding[] | null = null;

  async listAcls(): Promise<AclBinding[] | null> {
    this.check();
    return this.acls;
  }

  /** Topics fenced against writes (a produce to them is refused). */
  readonly fenced = new Set<string>();

  async setWriteFence(topics: readonly string[], on: boolean): Promise<void> {
    this.check();
    if (this.acls === null) throw new DrctlError('DRCTL_PRECONDITION', `${this.alias} has no authorizer: a fence needs ACLs`);
    for (const t of topics) {
      if (on) this.fenced.add(t);
      else this.fenced.delete(t);
    }
  }

  async deleteGroup(groupId: string): Promise<void> {
    this.check();
    const g = this.groups.get(groupId);
    if (g && g.members > 0) throw new DrctlError('DRCTL_GROUP_ACTIVE', `${this.alias}: delete group ${groupId}: group is active (NON_EMPTY_GROUP)`);
    this.groups.delete(groupId);
  }

  /** Test helper: give a group live members (state Stable) or none (Empty); `assigned`: the topics they read
   * (default: those it committed on; null: unreadable). */
  setMembers(groupId: string, members: number, assigned?: string[] | null): void {
    const g: FakeGroup = this.groups.get(groupId) ?? { offsets: new Map(), members: 0, state: 'Empty' as const };
    g.members = members;
    g.assigned = assigned;
    g.state = members > 0 ? 'Stable' : 'Empty';
    this.groups.set(groupId, g);
  }

  async readRecordsMany(reads: readonly { tp: TopicPartition; offset: bigint }[], options: ReadOptions = {}): Promise<Map<string, ReadResult>> {
    const out = new Map<string, ReadResult>();
    for (const r of reads) out.set(tpKey(r.tp), await this.readRecords(r.tp, r.offset, options));
    return out;
  }

  async readRecords(tp: TopicPartition, offset: bigint, options: ReadOptions = {}): Promise<ReadResult> {
    this.check();
    const p = this.partition(tp);
    const maxRecords = Math.max(1, Math.floor((options.maxBytes ?? 1024 * 1024) / 64));
    const records = p.records.filter((r) => r.offset >= offset && r.offset >= p.logStart).slice(0, maxRecords);
    const nextOffset = records.length === maxRecords ? records[records.length - 1].offset + 1n : p.nextOffset > offset ? p.nextOffset : offset;
    return { records, nextOffset, highWatermark: p.nextOffset, logStartOffset: p.logStart };
  }

  async produce(topic: string, records: readonly ProduceRecord[]): Promise<ProducedRecord[]> {
    this.check();
    const ps = this.topics.get(topic);
    if (!ps) throw new DrctlError('DRCTL_UNKNOWN_TOPIC', `${this.alias}: unknown topic ${topic}`);
    if (this.fenced.has(topic)) throw new DrctlError('DRCTL_NOT_AUTHORIZED', `${this.alias}: not authorized to write to ${topic} (TOPIC_AUTHORIZATION_FAILED)`);
    return records.map((r, i) => {
      const partition = r.partition ?? i % ps.length;
      const p = this.partition({ topic, partition });
      const offset = p.nextOffset;
      p.records.push({
        offset,
        timestamp: r.timestamp ?? this.now(),
        key: toBuf(r.key),
        value: toBuf(r.value),
        headers: Object.entries(r.headers ?? {}).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((x) => ({ key, value: toBuf(x) }))),
      });
      p.nextOffset = offset + 1n;
      return { topic, partition, offset };
    });
  }

  /** Test helper: skip offsets as a transaction marker or compaction would leave a gap. */
  skipOffsets(tp: TopicPartition, count: bigint): void {
    this.partition(tp).nextOffset += count;
  }

  /** Test helper: DeleteRecords up to `offset`. */
  deleteRecordsBefore(tp: TopicPartition, offset: bigint): void {
    this.partition(tp).logStart = offset;
  }

  async deleteRecords(offsets: readonly PartitionOffset[]): Promise<void> {
    this.check();
    for (const o of offsets) this.deleteRecordsBefore(o, o.offset);
  }

  async close(): Promise<void> {}
}
