/**
 * The text of the sandbox's config files: a KRaft combined broker+controller per cluster, MirrorMaker 2 in
 * dedicated mode (NYC->LON, offset syncs on the target, fast intervals), quiet logging, and the drctl.yaml that
 * points drctl at the sandbox. Pure functions, unit-tested.
 */
import { randomBytes } from 'node:crypto';

/** A KRaft cluster id like `kafka-storage random-uuid` prints: 16 random bytes, base64url, never starting with "-". */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && !/^A+$/.test(id)) return id;
  }
}

/** One sandbox cluster's settings. */
export interface BrokerSpec {
  alias: string;
  port: number;
  controllerPort: number;
  dataDir: string;
  /** Run Kafka's StandardAuthorizer. Every sandbox client is User:ANONYMOUS, a super user, so nothing is refused,
   * but ACLs can be created and described (readiness compares them). */
  authorizer?: boolean;
}

/** server.properties for a single-node combined broker+controller with a static quorum. */
export function brokerProperties(b: BrokerSpec): string {
  return [
    `# drctl sandbox: cluster ${b.alias}`,
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${b.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${b.port},CONTROLLER://127.0.0.1:${b.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${b.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${b.dataDir}`,
    'num.partitions=1',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=5',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.segment.bytes=16777216',
    'log.cleaner.backoff.ms=1000', // compaction within seconds, so tests can await it
    ...(b.authorizer ? ['authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'super.users=User:ANONYMOUS'] : []),
    '',
  ].join('\n');
}

/** Options for the sandbox's MirrorMaker 2. */
export interface MirrorSpec {
  source: { alias: string; port: number };
  target: { alias: string; port: number };
  /** MM2's own consumer-group offset sync (off by default: drctl moves groups itself). */
  syncGroupOffsets: boolean;
}

/**
 * mm2.properties for dedicated mode. The reverse herder (LON->NYC, disabled) keeps emitting heartbeats into NYC,
 * which is what makes `NYC.heartbeats` appear on LON for heartbeat-based flow checks.
 */
export function mirrorProperties(m: MirrorSpec): string {
  const s = m.source.alias;
  const t = m.target.alias;
  return [
    `# drctl sandbox: MirrorMaker 2, ${s}->${t}`,
    `clusters = ${s}, ${t}`,
    `${s}.bootstrap.servers = 127.0.0.1:${m.source.port}`,
    `${t}.bootstrap.servers = 127.0.0.1:${m.target.port}`,
    `${s}->${t}.enabled = true`,
    `${s}->${t}.topics = .*`,
    `${t}->${s}.enabled = false`,
    'groups = .*',
    'replication.factor = 1',
    'checkpoints.topic.replication.factor = 1',
    'heartbeats.topic.replication.factor = 1',
    'offset-syncs.topic.replication.factor = 1',
    'config.storage.replication.factor = 1',
    'offset.storage.replication.factor = 1',
    'status.storage.replication.factor = 1',
    'offset-syncs.topic.location = target',
    'emit.checkpoints.interval.seconds = 1',
    'emit.heartbeats.interval.seconds = 1',
    'refresh.topics.interval.seconds = 2',
    'refresh.groups.interval.seconds = 2',
    'offset.lag.max = 10',
    `sync.group.offsets.enabled = ${m.syncGroupOffsets}`,
    'sync.group.offsets.interval.seconds = 1',
    // Without it MM2 copies records of aborted (and still open) transactions as plain records, which consumers on the
    // target would then read: Kafka's docs recommend it for any source with transactional producers.
    `${s}.consumer.isolation.level = read_committed`,
    `${s}.offset.flush.interval.ms = 1000`,
    `${t}.offset.flush.interval.ms = 1000`,
    'sync.topic.acls.enabled = false',
    '',
  ].join('\n');
}

/** log4j2 (Kafka 4.x) and log4j 1 / reload4j (3.x) configs: warnings and errors to stderr, i.e. the log file. */
export const LOG4J2_PROPERTIES = [
  'status = error',
  'appender.console.type = Console',
  'appender.console.name = STDERR',
  'appender.console.target = SYSTEM_ERR',
  'appender.console.layout.type = PatternLayout',
  'appender.console.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = warn',
  'rootLogger.appenderRef.stderr.ref = STDERR',
  'logger.kafka.name = kafka.server.KafkaRaftServer',
  'logger.kafka.level = info',
  '',
].join('\n');

export const LOG4J1_PROPERTIES = [
  'log4j.rootLogger=WARN, stderr',
  'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stderr.Target=System.err',
  'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
  '',
].join('\n');

/** The drctl.yaml that makes every drctl command work against the running sandbox with no flags. */
export function sandboxDrctlYaml(clusters: { alias: string; port: number; clusterId: string }[], flow: { source: string; target: string }): string {
  return [
    '# Written by `drctl sandbox up`; removed by `drctl sandbox down`.',
    'clusters:',
    ...clusters.flatMap((c) => [`  ${c.alias}:`, `    bootstrap: 127.0.0.1:${c.port}`, `    clusterId: ${c.clusterId}`]),
    'flows:',
    `  - "${flow.source}->${flow.target}"`,
    'replicationPolicy:',
    '  type: default',
    '  separator: "."',
    'offsetSyncs:',
    '  location: target',
    'objectives:',
    '  rpoSeconds: 30',
    '  rtoSeconds: 300',
    '',
  ].join('\n');
}
