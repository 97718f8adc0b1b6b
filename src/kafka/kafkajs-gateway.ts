/**
 * The kafkajs 2.2.4 implementation of ClusterGateway. kafkajs's public admin API joins groups to commit, reads
 * offsets READ_COMMITTED and needs a consumer group to read records, so for those operations this module sends the
 * protocol requests itself through kafkajs's internal Cluster/Broker objects (stable: the version is pinned
 * exactly). Integration tests cover each of them against real brokers.
 */
import { GROUP_PARALLELISM, mapLimit } from '../async/map-limit.js';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import kafkajs from 'kafkajs';
import type { Admin, GroupDescription, Kafka as KafkaClient, Producer, SASLOptions } from 'kafkajs';

/** A classic group as DescribeGroups describes it. */
type ClassicGroup = GroupDescription;
import type { ClusterConfig } from '../config/types.js';
import { DrctlError, isDrctlError } from '../errors.js';
import { translateKafkaError, withDeadline } from './errors.js';
import { GROUP_STATES, tpKey } from './gateway.js';
import { unsureOfType } from './group-types.js';
import { fixRequestQueueTimers } from './request-queue-fix.js';
import { FETCH, fetchRequest, type FetchedPartition } from './fetch-request.js';
import { LIST_OFFSETS, listOffsetsRequest } from './list-offsets-request.js';
import { OFFSET_COMMIT, offsetCommitRequest } from './offset-commit-request.js';
import { brokersRequest, DESCRIBE_QUORUM, describeQuorumRequest, METADATA_BROKERS, topicsRequest } from './cluster-requests.js';
import { API, consumerGroupDescribeRequest, findCoordinatorsRequest, listGroupsRequest, offsetFetchRequest, protocolError, type ConsumerGroupDescription, type RawRequest } from './group-requests.js';
import type {
  AclBinding,
  ClusterGateway,
  ClusterInfo,
  QuorumDescription,
  GroupInfo,
  GroupState,
  GroupType,
  ListedGroup,
  ListedOffset,
  OffsetRead,
  OffsetSpec,
  PartitionReplicas,
  PartitionOffset,
  ProduceRecord,
  ProducedRecord,
  ReadOptions,
  ReadResult,
  TopicInfo,
  TopicPartition,
} from './gateway.js';

const { Kafka, AssignerProtocol, logLevel, Partitioners, ConfigResourceTypes, AclResourceTypes, ResourcePatternTypes, AclOperationTypes, AclPermissionTypes } = kafkajs;

/** ListOffsets timestamps with special meaning. */
const LATEST = -1;
const EARLIEST = -2;
const READ_UNCOMMITTED = 0;

/** Options for a kafkajs gateway. */
export interface KafkajsGatewayOptions {
  /** Upper bound for any one operation, in ms (default 15000). */
  timeoutMs?: number;
  clientId?: string;
}

/* Minimal shapes of the kafkajs internals we use (src/cluster, src/broker). */
interface InternalBroker {
  /** DescribeGroups of groups this broker coordinates (a group-level error throws). */
  describeGroups(req: { groupIds: string[] }): Promise<{ groups: ClassicGroup[] }>;
  listOffsets(req: {
    replicaId: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string; errorCode: number }[] }[] }>;
  deleteRecords(req: { topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<unknown>;
  offsetCommit(req: { groupId: string; groupGenerationId: number; memberId: string; retentionTime?: number; topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<unknown>;
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  /** The versions this broker supports, by API key (from ApiVersions). */
  versions: Record<number, { minVersion: number; maxVersion: number } | undefined>;
  nodeId: number;
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(req: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(req: { groupId: string }): Promise<InternalBroker>;
  refreshMetadataIfNecessary(): Promise<void>;
  /** A Metadata request to any broker (`topics: []`: brokers only, with their racks). */
  metadata(req: { topics: string[] }): Promise<{ clusterId: string; brokers: { nodeId: number; host: string; port: number; rack: string | null }[] }>;
  /** The broker kafkajs connected to first (from the bootstrap list); connected once `connect()` resolved. */
  brokerPool: { seedBroker: InternalBroker };
}

/** Does the broker support `version` of API `key`? */
const supports = (b: InternalBroker, api: { key: number; version: number }): boolean => (b.versions[api.key]?.maxVersion ?? -1) >= api.version;

/** Send a request of our own encoding over kafkajs's connection to this broker. */
function sendRaw<T>(broker: InternalBroker, req: RawRequest<T>): Promise<T> {
  const sym = Object.getOwnPropertySymbols(Object.getPrototypeOf(broker)).find((x) => x.description === 'private:Broker:sendRequest');
  if (!sym) throw new Error('kafkajs internals changed: Broker sendRequest not found (kafkajs must be exactly 2.2.4)');
  return (broker as unknown as Record<symbol, (r: RawRequest<T>) => Promise<T>>)[sym](req);
}

/** A leader or coordinator moved or is loading: refresh metadata and ask again. kafkajs's names for the codes. */
export const RETRIABLE_LEADER_ERRORS = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_LEADER_EPOCH', 'FENCED_LEADER_EPOCH', 'NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS']);

/**
 * While a broker is down: a leader or coordinator moved, or the broker gave up waiting for replicas (a DeleteRecords
 * waits for every live replica's log start, and a killed follower counts as live until it is fenced). Also worth a
 * wait: a group's offsets held by a transaction still open (a stable OffsetFetch answers UNSTABLE_OFFSET_COMMIT).
 */
export const BROKER_DOWN_ERRORS = new Set([...RETRIABLE_LEADER_ERRORS, 'REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS', 'UNSTABLE_OFFSET_COMMIT']);

/** Does the error of kafkajs (or one it wraps, or a partition's error in it) say a broker is down? */
function leaderMoved(e: unknown): boolean {
  // kafkajs wraps the error it gave up on as `originalError` or, for exhausted retries, as `cause`.
  type Err = { type?: string; originalError?: unknown; cause?: unknown; partitions?: { error?: { type?: string } }[] };
  for (let cur = e as Err | undefined, i = 0; cur && i < 5; cur = (cur.originalError ?? cur.cause) as Err | undefined, i++) {
    if (cur.type && BROKER_DOWN_ERRORS.has(cur.type)) return true;
    if (cur.partitions?.some((p) => p.error?.type && BROKER_DOWN_ERRORS.has(p.error.type))) return true;
  }
  return false;
}

/**
 * kafkajs logs to stderr only, so that `--json` on stdout stays one JSON document under DRCTL_DEBUG. drctl's raw
 * requests answer with bigint offsets, which kafkajs logs too: written as decimal strings (JSON has no bigint).
 */
export const stderrLogCreator =
  () =>
  ({ namespace, level, log }: { namespace: string; level: number; log: { message: string } & Record<string, unknown> }) => {
    const { message, ...extra } = log;
    process.stderr.write(`kafkajs ${LEVEL_NAMES[level] ?? level} [${namespace}] ${message} ${JSON.stringify(extra, (k, v) => (/password|secret|token/i.test(k) ? '[redacted]' : typeof v === 'bigint' ? v.toString() : v))}\n`);
  };
/** kafkajs's log levels by number (its logLevel object maps names to numbers only). */
const LEVEL_NAMES: Record<number, string> = Object.fromEntries(Object.entries(logLevel).map(([name, n]) => [n, name]));

/**
 * Build kafkajs client settings (TLS, SASL) from a cluster's config. Its connect, authentication and request
 * timeouts never exceed the operation deadline, so a listener that accepts TCP but never answers costs at most
 * the deadline, not kafkajs's own 10 s per request and retry.
 */
export function clientConfig(c: ClusterConfig, clientId: string, timeoutMs: number) {
  const ssl = c.tls
    ? {
        rejectUnauthorized: c.tls.rejectUnauthorized,
        ca: c.tls.caFile ? [readFileSync(c.tls.caFile, 'utf8')] : undefined,
        cert: c.tls.certFile ? readFileSync(c.tls.certFile, 'utf8') : undefined,
        key: c.tls.keyFile ? readFileSync(c.tls.keyFile, 'utf8') : undefined,
        pfx: c.tls.pfxFile ? readFileSync(c.tls.pfxFile) : undefined,
        passphrase: c.tls.passphrase,
      }
    : undefined;
  return {
    clientId,
    brokers: c.bootstrapServers,
    ssl,
    sasl: c.sasl ? ({ mechanism: c.sasl.mechanism, username: c.sasl.username, password: c.sasl.password } as SASLOptions) : undefined,
    connectionTimeout: Math.min(3000, timeoutMs),
    authenticationTimeout: Math.min(5000, timeoutMs),
    requestTimeout: Math.min(10000, timeoutMs),
    enforceRequestTimeout: true,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: process.env.DRCTL_DEBUG ? logLevel.DEBUG : logLevel.NOTHING,
    logCreator: stderrLogCreator,
  };
}

/** Does any of these brokers accept a TCP connection within a second? (Distinguishes one broker down from all.) */
export function anyBrokerAccepts(brokers: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    let pending = brokers.length;
    if (pending === 0) resolve(false);
    for (const b of brokers) {
      const i = b.lastIndexOf(':');
      const socket = connect({ host: b.slice(0, i), port: Number(b.slice(i + 1)), timeout: 1000 });
      let settled = false;
      const done = (ok: boolean) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        if (ok) resolve(true);
        else if (--pending === 0) resolve(false);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      socket.once('timeout', () => done(false));
    }
  });
}

/** Partitions per Fetch request in readRecordsMany. */
const FETCH_CHUNK = 500;
/** The most bytes readRecordsMany's requests in flight together may ask for (partitions x bytes per partition). */
const FETCH_BYTES_IN_FLIGHT = 128 * 1024 * 1024;

/** The partitions of a kafkajs fetchOffsets answer that have a commit (kafkajs says -1 for the others). */
const committedOf = (topics: { topic: string; partitions: { partition: number; offset: string }[] }[]): PartitionOffset[] =>
  topics.flatMap((t) => t.partitions.filter((p) => BigInt(p.offset) >= 0n).map((p) => ({ topic: t.topic, partition: p.partition, offset: BigInt(p.offset) })));

/** ClusterGateway over kafkajs 2.2.4. */
export class KafkajsGateway implements ClusterGateway {
  readonly alias: string;
  private readonly config: ClusterConfig;
  private readonly timeoutMs: number;
  private readonly kafka: KafkaClient;
  private admin?: Promise<Admin>;
  private cluster?: Promise<InternalCluster>;
  private producer?: Promise<Producer>;
  /** kafkajs's broker pool orphans connections when two metadata refreshes overlap; refreshes run one at a time. */
  private metadataQueue: Promise<unknown> = Promise.resolve();
  /** Bumped whenever the clients are replaced, so that concurrent failures replace them once. */
  private generation = 0;
  /** The node id of each group's coordinator, as FindCoordinator last said (see coordinatorsOf). */
  private readonly coordinatorCache = new Map<string, number>();
  /** Clients replaced while a broker was down, closed with the gateway. */
  private readonly retired: Promise<{ disconnect(): Promise<void> }>[] = [];

  constructor(config: ClusterConfig, options: KafkajsGatewayOptions = {}) {
    this.alias = config.alias;
    this.config = config;
    this.timeoutMs = options.timeoutMs ?? 15000;
    fixRequestQueueTimers();
    this.kafka = new Kafka(clientConfig(config, options.clientId ?? 'drctl', this.timeoutMs));
  }

  /**
   * Run one operation with the deadline and error translation every call gets. While one broker is down (killed,
   * its partitions' leadership and group coordinators about to move) the others still answer: an operation that is
   * safe to repeat (`repeatable`, every one but produce) is tried again on fresh connections, with backoff, until
   * it succeeds or the deadline is near. When no broker of the cluster accepts a connection, it fails at once: a
   * cluster that is down must be seen as down quickly (unplanned failover decisions wait on it).
   */
  private run<T>(op: string, fn: () => Promise<T>, repeatable = true): Promise<T> {
    const t0 = Date.now();
    return withDeadline(
      async () => {
        for (let attempt = 0; ; attempt++) {
          const generation = this.generation;
          try {
            return await fn();
          } catch (e) {
            const err = translateKafkaError(e, this.alias, op, this.config.bootstrapServers, this.config.sasl?.username);
            const backoff = Math.min(250 * 2 ** attempt, 2000);
            if (!repeatable || !(err.kind === 'unreachable' || leaderMoved(e)) || Date.now() - t0 + backoff > this.timeoutMs - 1000 || !(await anyBrokerAccepts(this.config.bootstrapServers))) throw err;
            if (this.generation === generation) this.freshConnections();
            await new Promise((r) => setTimeout(r, backoff));
          }
        }
      },
      this.timeoutMs,
      this.alias,
      op,
    );
  }

  /**
   * Replace the admin and fetch clients (their metadata may name a dead leader or coordinator); the next call
   * reconnects. The old ones are closed by close(), not now: concurrent calls may still be using them.
   */
  private freshConnections(): void {
    this.generation++;
    this.coordinatorCache.clear(); // a coordinator may be the broker that went away
    for (const c of [this.admin, this.cluster]) if (c) this.retired.push(c);
    this.admin = undefined;
    this.cluster = undefined;
  }

  private getAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const a = this.kafka.admin();
      await a.connect();
      return a;
    })();
    this.admin.catch(() => (this.admin = undefined));
    return this.admin;
  }

  /** kafkajs's own Cluster, configured exactly like its admin's (TLS, SASL, retries), with READ_UNCOMMITTED. */
  private getCluster(): Promise<InternalCluster> {
    this.cluster ??= (async () => {
      const sym = Object.getOwnPropertySymbols(this.kafka).find((s) => s.description === 'private:Kafka:createCluster');
      if (!sym) throw new Error('kafkajs internals changed: createCluster not found (kafkajs must be exactly 2.2.4)');
      const create = (this.kafka as unknown as Record<symbol, (o: object) => InternalCluster>)[sym];
      const cluster = create({ metadataMaxAge: 60000, allowAutoTopicCreation: false, isolationLevel: READ_UNCOMMITTED });
      await cluster.connect();
      return cluster;
    })();
    this.cluster.catch(() => (this.cluster = undefined));
    return this.cluster;
  }

  describeCluster(): Promise<ClusterInfo> {
    return this.run('describe cluster', async () => {
      // Metadata for no topic (cluster-requests.ts): kafkajs's asks for every topic and fails on any offline
      // partition, and its admin drops the racks.
      const cluster = await this.getCluster();
      // The seed broker: the pool knows no other broker before a metadata refresh, which is what is avoided here.
      const broker = cluster.brokerPool.seedBroker;
      if (supports(broker, METADATA_BROKERS)) return sendRaw(broker, brokersRequest());
      const m = await cluster.metadata({ topics: [] });
      return { clusterId: m.clusterId, brokers: m.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack || null })) };
    });
  }

  describeQuorum(): Promise<QuorumDescription> {
    return this.run('describe the controller quorum', async () => {
      const broker = (await this.getCluster()).brokerPool.seedBroker;
      if (!supports(broker, DESCRIBE_QUORUM))
        throw new DrctlError('DRCTL_PROTOCOL', `${this.alias}: the brokers do not answer DescribeQuorum v${DESCRIBE_QUORUM.version} (KRaft, Kafka 3.3+)`, { hint: 'check the quorum with kafka-metadata-quorum describe --status' });
      return sendRaw(broker, describeQuorumRequest());
    });
  }

  listTopics(): Promise<TopicInfo[]> {
    return this.run('list topics', async () => {
      // A raw Metadata request (cluster-requests.ts): several thousand partitions decoded to a count each.
      const broker = (await this.getCluster()).brokerPool.seedBroker;
      if (supports(broker, METADATA_BROKERS)) return sendRaw(broker, topicsRequest());
      const { topics } = await (await this.getAdmin()).fetchTopicMetadata();
      return topics.map((t) => ({ name: t.name, partitions: t.partitions.length })).sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  topicReplicas(topics: readonly string[]): Promise<Map<string, PartitionReplicas[]>> {
    return this.run('describe topic partitions', async () => {
      const admin = await this.getAdmin();
      const existing = new Set(await admin.listTopics());
      const wanted = topics.filter((t) => existing.has(t));
      if (wanted.length === 0) return new Map();
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: wanted });
      return new Map(meta.map((t) => [t.name, t.partitions.map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: [...p.replicas], isr: [...p.isr] })).sort((a, b) => a.partition - b.partition)]));
    });
  }

  createTopic(name: string, partitions: number, configs: Record<string, string> = {}): Promise<boolean> {
    return this.run(`create topic ${name}`, async () => {
      const admin = await this.getAdmin();
      // kafkajs's own wait for leaders gives up on the transient "unknown topic" a broker answers right after the
      // creation of a topic with many partitions; wait here until every partition has a leader that answers.
      const created = await admin.createTopics({
        waitForLeaders: false,
        topics: [{ topic: name, numPartitions: partitions, replicationFactor: -1, configEntries: Object.entries(configs).map(([n, v]) => ({ name: n, value: v })) }],
      });
      const tps = Array.from({ length: partitions }, (_, partition) => ({ topic: name, partition }));
      for (let attempt = 0; ; attempt++) {
        try {
          await this.listOffsets(tps, 'latest');
          return created;
        } catch (e) {
          if (!isDrctlError(e) || !(e.code === 'DRCTL_UNKNOWN_TOPIC' || e.retriable) || attempt >= 100) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    });
  }

  deleteTopics(names: readonly string[]): Promise<void> {
    return this.run('delete topics', async () => {
      const admin = await this.getAdmin();
      const existing = new Set(await admin.listTopics());
      const doomed = names.filter((n) => existing.has(n));
      if (doomed.length === 0) return;
      await admin.deleteTopics({ topics: doomed, timeout: this.timeoutMs });
      // The fetch/list-offsets client and the producer keep refreshing metadata for every topic they ever used, and
      // one deleted topic fails every later request of theirs (a produce to a new topic: "This server does not host
      // this topic-partition"): start both afresh.
      const stale = [this.cluster, this.producer];
      this.cluster = undefined;
      this.producer = undefined;
      await Promise.all(stale.map((c) => c?.then((x) => x.disconnect()).catch(() => {})));
      // The controller answers before every broker has dropped the topic: wait until the metadata no longer lists it.
      for (let attempt = 0; attempt < 100; attempt++) {
        const left = new Set(await admin.listTopics());
        if (!doomed.some((n) => left.has(n))) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  }

  topicConfigs(topics: readonly string[], configNames: readonly string[]): Promise<Map<string, Record<string, string>>> {
    return this.run('describe topic configs', async () => {
      if (topics.length === 0) return new Map();
      const res = await (await this.getAdmin()).describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [...configNames] })) });
      return new Map(res.resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue]))]));
    });
  }

  listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<ListedOffset[]> {
    const timestamp = spec === 'earliest' ? EARLIEST : spec === 'latest' ? LATEST : spec.timestamp;
    return this.run('list offsets', async () => {
      const answers = await this.perLeader(partitions, async (broker, topics) => {
        // drctl's own codec for the request kafkajs would send (list-offsets-request.ts); kafkajs's on older brokers.
        if (supports(broker, LIST_OFFSETS)) return (await sendRaw(broker, listOffsetsRequest({ isolationLevel: READ_UNCOMMITTED, timestamp, topics }))).offsets;
        const res = await broker.listOffsets({
          replicaId: -1,
          isolationLevel: READ_UNCOMMITTED, // the high watermark, as kafka-consumer-groups uses
          topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p, timestamp })) })),
        });
        return res.responses.flatMap((r) => r.partitions.map((p) => ({ topic: r.topic, partition: p.partition, offset: BigInt(p.offset) < 0n ? null : BigInt(p.offset) })));
      });
      // Brokers answer in an order of their own (Kafka 4.x: 1, 0, 3, 2 for partitions asked as 0..3), and the
      // answers come per leader: put them back in the order asked, as the port promises.
      const byKey = new Map(answers.map((a) => [tpKey(a), a]));
      return partitions.map((tp) => byKey.get(tpKey(tp)) ?? { topic: tp.topic, partition: tp.partition, offset: null });
    });
  }

  /**
   * Group partitions by leader, send one request per broker in parallel, and retry once after a metadata refresh
   * when leadership moved.
   */
  private async perLeader<T>(partitions: readonly TopicPartition[], send: (broker: InternalBroker, topics: { topic: string; partitions: number[] }[]) => Promise<T[]>): Promise<T[]> {
    if (partitions.length === 0) return [];
    const cluster = await this.getCluster();
    // Partitions by topic in one pass: 20,000 partitions of 500 topics made a filter per topic cost 10 million steps.
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) {
      const list = byTopic.get(p.topic);
      if (list) list.push(p.partition);
      else byTopic.set(p.topic, [p.partition]);
    }
    const topicNames = [...byTopic.keys()];
    return this.retryOnLeaderChange(cluster, async () => {
      await this.serialMetadata(() => cluster.addMultipleTargetTopics(topicNames));
      const byBroker = new Map<string, Map<string, number[]>>();
      for (const [topic, wanted] of byTopic) {
        const leaders = cluster.findLeaderForPartitions(topic, wanted);
        const assigned = new Set(Object.values(leaders).flat());
        const missing = wanted.filter((p) => !assigned.has(p));
        if (missing.length > 0) {
          throw Object.assign(new Error(`no leader for ${topic} partitions ${missing.join(',')}`), { name: 'KafkaJSProtocolError', type: 'UNKNOWN_TOPIC_OR_PARTITION' });
        }
        for (const [nodeId, ps] of Object.entries(leaders)) {
          const m = byBroker.get(nodeId) ?? new Map<string, number[]>();
          m.set(topic, ps);
          byBroker.set(nodeId, m);
        }
      }
      const results = await Promise.all(
        [...byBroker].map(async ([nodeId, m]) =>
          send(
            await cluster.findBroker({ nodeId }),
            [...m].map(([topic, ps]) => ({ topic, partitions: ps })),
          ),
        ),
      );
      return results.flat();
    });
  }

  /** Run `fn`, refreshing metadata and retrying (up to 3 times) when a leader or coordinator moved. */
  private async retryOnLeaderChange<T>(cluster: InternalCluster, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const type = (e as { type?: string }).type;
        if (attempt >= 3 || !type || !RETRIABLE_LEADER_ERRORS.has(type)) throw e;
        await this.serialMetadata(() => cluster.refreshMetadata());
      }
    }
  }

  private serialMetadata<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.metadataQueue.then(fn, fn);
    this.metadataQueue = next.catch(() => undefined);
    return next;
  }

  async committedOffsets(groupId: string, read: OffsetRead = 'stable'): Promise<PartitionOffset[]> {
    // The batched request, for its stable read: kafkajs's OffsetFetch (v4 at most) cannot ask for one.
    return (await this.committedOffsetsMany([groupId], read)).get(groupId) ?? [];
  }

  committedOffsetsMany(groupIds: readonly string[], read: OffsetRead = 'stable'): Promise<Map<string, PartitionOffset[]>> {
    return this.run(`fetch offsets of ${groupIds.length} group(s)`, async () => {
      const out = new Map<string, PartitionOffset[]>();
      const ids = [...new Set(groupIds)];
      if (ids.length === 0) return out;
      const cluster = await this.getCluster();
      await this.retryOnLeaderChange(cluster, async () => {
        const byCoordinator = await this.coordinatorsOf(
          cluster,
          ids.filter((g) => !out.has(g)),
        );
        await Promise.all(
          [...byCoordinator.values()].map(async ({ broker, groups }) => {
            if (!supports(broker, API.offsetFetch)) {
              // Before Kafka 3.0: one group per request, as kafkajs asks (never a stable read: the classic coordinator
              // of those versions reads from its cache, which holds every commit written).
              const admin = await this.getAdmin();
              await mapLimit(groups, GROUP_PARALLELISM, async (groupId) => {
                out.set(groupId, committedOf(await admin.fetchOffsets({ groupId })));
              });
              return;
            }
            for (const g of await sendRaw(broker, offsetFetchRequest(groups, read === 'stable'))) {
              const failed = g.errorCode !== 0 ? g.errorCode : (g.partitions.find((p) => p.errorCode !== 0)?.errorCode ?? 0);
              if (failed !== 0) {
                // A coordinator that moved answers NOT_COORDINATOR: ask FindCoordinator again on the retry.
                this.coordinatorCache.delete(g.groupId);
                throw protocolError(failed, `group ${g.groupId}`);
              }
              out.set(
                g.groupId,
                g.partitions.filter((p) => p.offset >= 0n).map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset })),
              );
            }
          }),
        );
      });
      return out;
    });
  }

  /**
   * The coordinator of each group, by coordinator. Coordinators found before are reused (a long-running agent asks
   * for the same groups every few seconds); one that moved answers NOT_COORDINATOR, which drops it from the cache.
   */
  private async coordinatorsOf(cluster: InternalCluster, groupIds: readonly string[]): Promise<Map<number, { broker: InternalBroker; groups: string[] }>> {
    await this.findCoordinators(
      cluster,
      groupIds.filter((g) => !this.coordinatorCache.has(g)),
    );
    const nodes = await mapLimit(groupIds, GROUP_PARALLELISM, async (groupId) => {
      const cached = this.coordinatorCache.get(groupId);
      if (cached !== undefined) {
        try {
          return await cluster.findBroker({ nodeId: String(cached) });
        } catch {
          this.coordinatorCache.delete(groupId);
        }
      }
      const broker = await cluster.findGroupCoordinator({ groupId });
      this.coordinatorCache.set(groupId, broker.nodeId);
      return broker;
    });
    const byCoordinator = new Map<number, { broker: InternalBroker; groups: string[] }>();
    groupIds.forEach((groupId, i) => {
      const e = byCoordinator.get(nodes[i].nodeId) ?? { broker: nodes[i], groups: [] };
      e.groups.push(groupId);
      byCoordinator.set(nodes[i].nodeId, e);
    });
    return byCoordinator;
  }

  /**
   * Look up the coordinators of `groupIds` in one FindCoordinator v4 request (Kafka 3.0+) and cache them; kafkajs
   * asks one group per request, which for a failover of hundreds of groups was hundreds of round trips. Where the
   * brokers lack v4, nothing is cached and coordinatorsOf asks per group. A coordinator that is loading or not
   * available yet throws its (retriable) error.
   */
  private async findCoordinators(cluster: InternalCluster, groupIds: readonly string[]): Promise<void> {
    if (groupIds.length < 2) return;
    const broker = cluster.brokerPool.seedBroker;
    const found = supports(broker, API.findCoordinator) ? await sendRaw(broker, findCoordinatorsRequest(groupIds)) : null;
    for (const c of found ?? []) {
      if (c.errorCode !== 0) throw protocolError(c.errorCode, `group ${c.key}${c.errorMessage ? `: ${c.errorMessage}` : ''}`);
      this.coordinatorCache.set(c.key, c.nodeId);
    }
  }

  describeGroups(groupIds: readonly string[]): Promise<GroupInfo[]> {
    return this.run('describe groups', async () => {
      if (groupIds.length === 0) return [];
      const ids = [...new Set(groupIds)];
      const listing = await this.listGroupsTyped();
      const listed = new Map(listing.groups.map((g) => [g.groupId, g]));
      // ConsumerGroupDescribe for every group (one request per coordinator): a group may have been created or converted
      // since the listing, and the answer also says whether the brokers run the KIP-848 protocol at all.
      const askConsumer = listing.consumerDescribe ? ids : [];
      // null: the brokers have the API but the consumer protocol is off (Kafka 3.x): they answer UNSUPPORTED_VERSION.
      const answered = await this.consumerGroupDescribe(askConsumer);
      const described = answered ?? new Map<string, ConsumerGroupDescription>();
      const consumerDescribe = listing.consumerDescribe && answered !== null;
      const askClassic = ids.filter((g) => described.get(g)?.errorCode !== 0 && (!listed.has(g) || listed.get(g)!.type === 'classic' || listed.get(g)!.type === null));
      const classic = askClassic.length ? await this.classicDescribe(askClassic) : new Map<string, ClassicGroup>();
      const lacking = [...listing.missing.map((api) => `the brokers lack ${api}`), ...(answered === null ? ['ConsumerGroupDescribe answers UNSUPPORTED_VERSION (the KIP-848 consumer protocol is not enabled on the brokers)'] : [])];
      const note = lacking.length ? `described with DescribeGroups only: ${lacking.join('; ')}` : null;
      return groupIds.map((groupId): GroupInfo => {
        const l = listed.get(groupId);
        const cgd = described.get(groupId);
        if (cgd && cgd.errorCode === 0) return consumerGroupInfo(cgd);
        if (l && l.type !== 'classic' && l.type !== null) {
          const why =
            l.type === 'consumer'
              ? consumerDescribe
                ? `ConsumerGroupDescribe answered ${cgd ? protocolError(cgd.errorCode, cgd.errorMessage).message : 'nothing'}`
                : 'the brokers list it as a KIP-848 group but lack ConsumerGroupDescribe (API 69)'
              : unsureOfType(l.type);
          return { groupId, type: l.type === 'consumer' ? 'unknown' : l.type, state: l.state ?? 'Unknown', members: 0, protocolType: l.protocolType, assignedTopics: null, unsure: why, note };
        }
        const g = classic.get(groupId);
        if (!g) return { groupId, type: 'unknown', state: 'Unknown', members: 0, protocolType: '', assignedTopics: null, unsure: 'DescribeGroups did not answer for it', note };
        const state = normaliseState(g.state);
        const type: GroupType = state === 'Dead' && !l ? 'none' : 'classic';
        return { groupId, type, state, members: g.members.length, protocolType: g.protocolType, assignedTopics: assignedTopics(g.protocolType, g.members), unsure: null, note };
      });
    });
  }

  listGroups(): Promise<ListedGroup[]> {
    return this.run('list groups', async () => (await this.listGroupsTyped()).groups);
  }

  /**
   * Every group of every broker, with type and state from ListGroups v5 where all brokers have it, and which group
   * APIs the brokers lack. A group is listed by its coordinator only, so every broker is asked.
   */
  private async listGroupsTyped(): Promise<{ groups: ListedGroup[]; consumerDescribe: boolean; missing: string[] }> {
    const brokers = await this.allBrokers();
    const v5 = brokers.every((b) => supports(b, API.listGroups));
    const consumerDescribe = brokers.every((b) => supports(b, API.consumerGroupDescribe));
    const missing = [...(v5 ? [] : ['ListGroups v5']), ...(consumerDescribe ? [] : ['ConsumerGroupDescribe (API 69)'])];
    const perBroker = await Promise.all(
      brokers.map(async (b): Promise<ListedGroup[]> => {
        if (!v5) return (await b.listGroups()).groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, type: null, state: null }));
        const r = await sendRaw(b, listGroupsRequest());
        return r.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, type: normaliseType(g.groupType), state: normaliseState(g.groupState) }));
      }),
    );
    return { groups: perBroker.flat(), consumerDescribe, missing };
  }

  /** Every broker of the cluster, connected. */
  private async allBrokers(): Promise<InternalBroker[]> {
    const cluster = await this.getCluster();
    const { brokers } = await this.describeCluster();
    await this.serialMetadata(() => cluster.refreshMetadataIfNecessary());
    return Promise.all(brokers.map((b) => cluster.findBroker({ nodeId: String(b.nodeId) })));
  }

  /**
   * ConsumerGroupDescribe each group at its coordinator; authorization and coordinator errors throw. Null when the
   * brokers answer UNSUPPORTED_VERSION: Kafka 3.x advertises the API but refuses it while the consumer protocol is
   * off (group.coordinator.rebalance.protocols without `consumer`).
   */
  private async consumerGroupDescribe(groupIds: readonly string[]): Promise<Map<string, ConsumerGroupDescription> | null> {
    const out = new Map<string, ConsumerGroupDescription>();
    if (groupIds.length === 0) return out;
    const cluster = await this.getCluster();
    let unsupported = false;
    await this.retryOnLeaderChange(cluster, async () => {
      // Each group's coordinator (the planned wait asks this every half second), then one request per coordinator,
      // all in parallel.
      const byCoordinator = await this.coordinatorsOf(cluster, groupIds);
      const answers = await Promise.all([...byCoordinator.values()].map(({ broker, groups }) => sendRaw(broker, consumerGroupDescribeRequest(groups))));
      for (const d of answers.flat()) {
        if (d.errorCode === UNSUPPORTED_VERSION) unsupported = true;
        // GROUP_ID_NOT_FOUND (69) is an answer: no such group, or not a KIP-848 group.
        else if (d.errorCode !== 0 && d.errorCode !== GROUP_ID_NOT_FOUND) {
          this.coordinatorCache.delete(d.groupId); // NOT_COORDINATOR: ask FindCoordinator again on the retry
          throw protocolError(d.errorCode, d.errorMessage);
        }
        out.set(d.groupId, d);
      }
    });
    return unsupported ? null : out;
  }

  /**
   * DescribeGroups at each group's coordinator (one request per coordinator, coordinators from the cache). A
   * coordinator that moved answers NOT_COORDINATOR: its groups leave the cache and the retry asks again.
   */
  private async classicDescribe(groupIds: readonly string[]): Promise<Map<string, ClassicGroup>> {
    const cluster = await this.getCluster();
    return this.retryOnLeaderChange(cluster, async () => {
      const byCoordinator = await this.coordinatorsOf(cluster, groupIds);
      const answers = await Promise.all(
        [...byCoordinator.values()].map(async ({ broker, groups }) => {
          try {
            return (await broker.describeGroups({ groupIds: groups })).groups;
          } catch (e) {
            for (const g of groups) this.coordinatorCache.delete(g);
            throw e;
          }
        }),
      );
      return new Map(answers.flat().map((g) => [g.groupId, g]));
    });
  }

  commitOffsets(groupId: string, offsets: readonly PartitionOffset[]): Promise<void> {
    return this.run(`commit offsets of group ${groupId}`, async () => {
      if (offsets.length === 0) return;
      const cluster = await this.getCluster();
      const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
      for (const o of offsets) {
        const list = byTopic.get(o.topic);
        if (list) list.push({ partition: o.partition, offset: o.offset });
        else byTopic.set(o.topic, [{ partition: o.partition, offset: o.offset }]);
      }
      const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
      await this.retryOnLeaderChange(cluster, async () => {
        // The coordinator found before (a failover reads every group's offsets first, in one lookup), or asked now.
        const [{ broker: coordinator }] = (await this.coordinatorsOf(cluster, [groupId])).values();
        // Generation -1 and an empty member id: a "simple" commit, as Kafka's AdminClient sends. The group
        // coordinator accepts it only while the group has no members, which is the safety we want.
        try {
          // drctl's own codec for the request kafkajs would send (offset-commit-request.ts); kafkajs's on older brokers.
          if (supports(coordinator, OFFSET_COMMIT)) await sendRaw(coordinator, offsetCommitRequest({ groupId, generationId: -1, memberId: '', topics }));
          else await coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: '', retentionTime: -1, topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, offset: p.offset.toString() })) })) });
        } catch (e) {
          this.coordinatorCache.delete(groupId); // NOT_COORDINATOR: ask again on the retry
          throw e;
        }
      });
    });
  }

  async readRecords(tp: TopicPartition, offset: bigint, options: ReadOptions = {}): Promise<ReadResult> {
    return (await this.readRecordsMany([{ tp, offset }], options)).get(tpKey(tp))!;
  }

  readRecordsMany(reads: readonly { tp: TopicPartition; offset: bigint }[], options: ReadOptions = {}): Promise<Map<string, ReadResult>> {
    const maxBytes = options.maxBytes ?? 1024 * 1024;
    const offsetOf = new Map(reads.map((r) => [tpKey(r.tp), r.offset])); // moved up to the log start where retention deleted the start
    const op = reads.length === 1 ? `read ${reads[0].tp.topic}-${reads[0].tp.partition}` : `read ${reads.length} partitions`;
    return this.run(op, async () => {
      const out = new Map<string, ReadResult>();
      // At most FETCH_CHUNK partitions per request keeps a response within FETCH_CHUNK x maxBytes. Several chunks go
      // out at once, within FETCH_BYTES_IN_FLIGHT: the client decodes one answer while the brokers prepare the next.
      const chunks: TopicPartition[][] = [];
      for (let i = 0; i < reads.length; i += FETCH_CHUNK) chunks.push(reads.slice(i, i + FETCH_CHUNK).map((r) => r.tp));
      const inFlight = Math.max(1, Math.floor(FETCH_BYTES_IN_FLIGHT / (FETCH_CHUNK * maxBytes)));
      await mapLimit(chunks, inFlight, async (chunk) => {
        let parts;
        try {
          parts = await this.fetchChunk(chunk, offsetOf, maxBytes, options);
        } catch (e) {
          if ((e as { type?: string }).type !== 'OFFSET_OUT_OF_RANGE') throw e;
          // Retention (or DeleteRecords) moved a log start past where a read starts: read from the log start, as a
          // consumer with auto.offset.reset=earliest would; the result's logStartOffset says so. A read past the log
          // end has nothing to return.
          const [starts, ends] = await Promise.all([this.listOffsets(chunk, 'earliest'), this.listOffsets(chunk, 'latest')]);
          const endOf = new Map(ends.map((x) => [tpKey(x), x.offset ?? 0n]));
          const readable: TopicPartition[] = [];
          for (const st of starts) {
            const k = tpKey(st);
            const start = st.offset ?? 0n;
            const end = endOf.get(k)!;
            if (offsetOf.get(k)! < start) offsetOf.set(k, start);
            if (offsetOf.get(k)! >= end) out.set(k, { records: [], nextOffset: offsetOf.get(k)!, highWatermark: end, logStartOffset: start });
            else readable.push({ topic: st.topic, partition: st.partition });
          }
          parts = await this.fetchChunk(readable, offsetOf, maxBytes, options);
        }
        for (const { topic, partition, result } of parts) out.set(tpKey({ topic, partition }), result);
      });
      return out;
    });
  }

  /**
   * One Fetch per leader broker for `chunk`, from the offsets in `offsetOf`: drctl's raw Fetch v11 and record
   * decoder (fetch-request.ts). kafkajs's Fetch is not used: its decoder is five times slower, and it leaves the
   * records of aborted transactions in a read_committed answer (its consumer drops them, not its Fetch).
   */
  private fetchChunk(chunk: readonly TopicPartition[], offsetOf: Map<string, bigint>, maxBytes: number, options: ReadOptions): Promise<FetchedPartition[]> {
    const readCommitted = options.isolation === 'read_committed';
    const maxWaitMs = options.maxWaitMs ?? 0;
    return this.perLeader(chunk, async (broker, topics) => {
      const wanted = topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((partition) => ({ partition, offset: offsetOf.get(tpKey({ topic: t.topic, partition }))! })) }));
      if (!supports(broker, FETCH))
        throw new DrctlError('DRCTL_PRECONDITION', `${this.alias}: broker ${broker.nodeId} does not answer Fetch v11: it is older than Kafka 2.3`, { hint: 'drctl reads records from Kafka 2.3 or later (MirrorMaker 2 itself needs 2.4)' });
      return (await sendRaw(broker, fetchRequest({ readCommitted, maxWaitMs, partitionMaxBytes: maxBytes, topics: wanted }))).partitions;
    });
  }

  listAcls(): Promise<AclBinding[] | null> {
    return this.run('describe ACLs', async () => {
      try {
        const res = await (await this.getAdmin()).describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
        return res.resources.flatMap((r) =>
          r.acls.map((a): AclBinding => ({
            resourceType: r.resourceType === AclResourceTypes.TOPIC ? 'topic' : r.resourceType === AclResourceTypes.GROUP ? 'group' : 'other',
            resourceName: r.resourceName,
            patternType: r.resourcePatternType === ResourcePatternTypes.LITERAL ? 'literal' : r.resourcePatternType === ResourcePatternTypes.PREFIXED ? 'prefixed' : 'other',
            principal: a.principal,
            host: a.host,
            operation: a.operation === AclOperationTypes.READ ? 'read' : a.operation === AclOperationTypes.WRITE ? 'write' : a.operation === AclOperationTypes.ALL ? 'all' : 'other',
            permission: a.permissionType === AclPermissionTypes.DENY ? 'deny' : 'allow',
          })),
        );
      } catch (e) {
        // No authorizer configured: there are no ACLs to compare.
        if ((e as { type?: string }).type === 'SECURITY_DISABLED' || /security features are disabled|SECURITY_DISABLED|No Authorizer/i.test((e as Error).message ?? '')) return null;
        throw e;
      }
    });
  }

  setWriteFence(topics: readonly string[], on: boolean): Promise<void> {
    return this.run(on ? 'fence topics (DENY WRITE)' : 'lift the fence of topics', async () => {
      if (topics.length === 0) return;
      const admin = await this.getAdmin();
      const acl = topics.map((t) => ({ resourceType: AclResourceTypes.TOPIC, resourceName: t, resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:*', host: '*', operation: AclOperationTypes.WRITE, permissionType: AclPermissionTypes.DENY }));
      try {
        if (on) await admin.createAcls({ acl });
        else await admin.deleteAcls({ filters: acl });
      } catch (e) {
        if ((e as { type?: string }).type === 'SECURITY_DISABLED' || /security features are disabled|SECURITY_DISABLED|No Authorizer/i.test((e as Error).message ?? ''))
          throw new DrctlError('DRCTL_PRECONDITION', `${this.alias} has no authorizer: a fence needs ACLs`, { hint: 'use --fence check (refuses while the topics are written) or stop the producers yourself' });
        throw e;
      }
    });
  }

  deleteGroup(groupId: string): Promise<void> {
    return this.run(`delete group ${groupId}`, async () => {
      const [r] = await (await this.getAdmin()).deleteGroups([groupId]).catch((e: { groups?: { groupId: string; error?: { type?: string } }[] }) => {
        // kafkajs rejects with the per-group results attached; an already absent group is what we want.
        const g = e.groups?.find((x) => x.groupId === groupId);
        if (g?.error?.type === 'GROUP_ID_NOT_FOUND') return [{ groupId, errorCode: 0 }];
        if (g?.error?.type === 'NON_EMPTY_GROUP') throw new DrctlError('DRCTL_GROUP_ACTIVE', `${this.alias}: delete group ${groupId}: group is active (NON_EMPTY_GROUP)`);
        throw e;
      });
      void r;
    });
  }

  deleteRecords(offsets: readonly PartitionOffset[]): Promise<void> {
    const target = new Map(offsets.map((o) => [`${o.topic}:${o.partition}`, o.offset]));
    return this.run('delete records', async () => {
      await this.perLeader(offsets, async (broker, topics) => {
        await broker.deleteRecords({
          topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((partition) => ({ partition, offset: target.get(`${t.topic}:${partition}`)!.toString() })) })),
        });
        return [];
      });
    });
  }

  produce(topic: string, records: readonly ProduceRecord[]): Promise<ProducedRecord[]> {
    // Not repeated by run(): a send that failed after reaching the broker would be written twice.
    return this.run(
      `produce to ${topic}`,
      async () => {
        this.producer ??= (async () => {
          const p = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
          await p.connect();
          return p;
        })();
        const producer = await this.producer;
        const message = (r: ProduceRecord) => ({ key: r.key ?? null, value: r.value, headers: r.headers, partition: r.partition, timestamp: r.timestamp === undefined ? undefined : String(r.timestamp) });
        const out: ProducedRecord[] = [];
        // With every partition given, one send per chunk: a partition's records keep their order, so each lands at its
        // partition's base offset plus its position among them. Otherwise one send per record keeps the offsets exact.
        const chunk = records.every((r) => r.partition !== undefined) ? PRODUCE_CHUNK : 1;
        for (let i = 0; i < records.length; i += chunk) {
          const part = records.slice(i, i + chunk);
          const meta = await producer.send({ topic, acks: -1, messages: part.map(message) });
          const base = new Map(meta.map((m) => [m.partition, BigInt(m.baseOffset ?? m.offset ?? '-1')]));
          const seen = new Map<number, bigint>();
          for (const r of part) {
            const p = r.partition ?? meta[0].partition;
            const n = seen.get(p) ?? 0n;
            seen.set(p, n + 1n);
            out.push({ topic, partition: p, offset: base.get(p)! + n });
          }
        }
        return out;
      },
      false,
    );
  }

  /**
   * Release connections, waiting at most CLOSE_WAIT_MS: a connection still being opened to a listener that does
   * not answer would otherwise hold the command for kafkajs's own timeouts after its deadline has passed.
   */
  async close(): Promise<void> {
    const closers = [this.admin, this.producer, this.cluster, ...this.retired].map(async (p) => {
      try {
        const c = await p;
        await c?.disconnect();
      } catch {
        /* a connection that never opened has nothing to close */
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(CLOSE_WAIT_MS, this.timeoutMs))));
    await Promise.race([Promise.all(closers), bound]);
    clearTimeout(timer);
  }
}

/** The longest close() waits for connections to close. */
const CLOSE_WAIT_MS = 500;

/** Records per send when the caller chose every partition. */
const PRODUCE_CHUNK = 500;

/** A state name as the broker sends it; 'Unknown' for one drctl does not know. */
function normaliseState(s: string): GroupState {
  return (GROUP_STATES as readonly string[]).includes(s) ? (s as GroupState) : 'Unknown';
}

/** ListGroups v5's group type names (lower case from 3.9.1 and 4.3.1; compared case-insensitively all the same). */
function normaliseType(t: string): GroupType {
  const x = t.toLowerCase();
  return x === 'classic' || x === 'consumer' || x === 'share' || x === 'streams' ? x : 'unknown';
}

/** Kafka's GROUP_ID_NOT_FOUND and UNSUPPORTED_VERSION error codes. */
const GROUP_ID_NOT_FOUND = 69;
const UNSUPPORTED_VERSION = 35;

/** A KIP-848 group as drctl sees it, from its ConsumerGroupDescribe answer. */
function consumerGroupInfo(d: ConsumerGroupDescription): GroupInfo {
  const state = normaliseState(d.groupState);
  return {
    groupId: d.groupId,
    type: 'consumer',
    state,
    members: d.members.length,
    protocolType: 'consumer',
    assignedTopics: [...new Set(d.members.flatMap((m) => m.assignedTopics))].sort(),
    unsure: state === 'Unknown' ? `unknown state "${d.groupState}"` : null,
    note: null,
  };
}

/**
 * The topics a consumer group's members are assigned, decoded from DescribeGroups' member assignments (the consumer
 * protocol's format). Null when any member's assignment is unreadable: another protocol, or a format kafkajs 2.2.4
 * does not know; callers treat that as "may read anything".
 */
function assignedTopics(protocolType: string, members: readonly { memberAssignment: Buffer }[]): string[] | null {
  if (protocolType !== 'consumer') return members.length === 0 ? [] : null;
  const topics = new Set<string>();
  for (const m of members) {
    if (m.memberAssignment.length === 0) continue; // joined, not assigned yet
    try {
      const a = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      if (!a) return null;
      for (const t of Object.keys(a.assignment)) topics.add(t);
    } catch {
      return null;
    }
  }
  return [...topics].sort();
}
