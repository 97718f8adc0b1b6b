/**
 * The text of the sandbox's config files: a KRaft combined broker+controller per cluster, MirrorMaker 2 in
 * dedicated mode (NYC->LON, offset syncs on the target, fast intervals), quiet logging, and the drctl.yaml that
 * points drctl at the sandbox. Pure functions, unit-tested.
 */
import { randomBytes } from 'node:crypto';
import { defaultFlowFilters } from '../config/resolve-flow.js';
import { renderMirrorProperties } from '../mm2/mirror-config.js';
import { SANDBOX_SASL_USER, securedListenerProperties, type SecuredListeners } from './secured-listeners.js';
import { flowEndsName, type FlowEnds } from './topology.js';

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
  /** SASL_PLAINTEXT and SSL listeners beside PLAINTEXT (see secured-listeners.ts). */
  secured?: SecuredListeners;
}

/** server.properties for a single-node combined broker+controller with a static quorum. */
export function brokerProperties(b: BrokerSpec): string {
  return [
    `# drctl sandbox: cluster ${b.alias}`,
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${b.controllerPort}`,
    ...(b.secured
      ? securedListenerProperties(b.secured, `PLAINTEXT://127.0.0.1:${b.port}`, `CONTROLLER://127.0.0.1:${b.controllerPort}`)
      : [`listeners=PLAINTEXT://127.0.0.1:${b.port},CONTROLLER://127.0.0.1:${b.controllerPort}`, `advertised.listeners=PLAINTEXT://127.0.0.1:${b.port}`, 'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT']),
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
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
    ...(b.authorizer ? ['authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer', `super.users=User:ANONYMOUS;User:${SANDBOX_SASL_USER}`] : []),
    '',
  ].join('\n');
}

/** Options for the sandbox's MirrorMaker 2. */
export interface MirrorSpec {
  source: { alias: string; port: number };
  target: { alias: string; port: number };
  /** Further flows between the same two clusters (active-active: the reverse direction). */
  alsoFlows?: readonly FlowEnds[];
  /** MM2's own consumer-group offset sync (off by default: drctl moves groups itself). */
  syncGroupOffsets: boolean;
  /**
   * MM2's defaults for what decides a translation's precision, as operators run it: offset syncs on the source and
   * `offset.lag.max` 100 (the sandbox otherwise keeps syncs on the target, every 10 offsets). Intervals stay short.
   */
  mm2Defaults?: boolean;
}

/**
 * mm2.properties for dedicated mode: drctl's generic MM2 config for the flow (see mirror-config.ts) with the
 * sandbox's replication factors of 1 and intervals of a second or two, so tests see syncs and checkpoints quickly.
 * The opposite herder (disabled) keeps emitting heartbeats into the source, which is what makes
 * `<target>.heartbeats` appear there.
 */
export function mirrorProperties(m: MirrorSpec): string {
  const s = m.source.alias;
  const t = m.target.alias;
  return renderMirrorProperties({
    title: `drctl sandbox: MirrorMaker 2, ${[{ source: s, target: t }, ...(m.alsoFlows ?? [])].map(flowEndsName).join(' and ')}`,
    clusters: [m.source, m.target].map((c) => ({ alias: c.alias, bootstrapServers: [`127.0.0.1:${c.port}`] })),
    flow: { source: s, target: t, ...defaultFlowFilters() },
    alsoFlows: (m.alsoFlows ?? []).map((f) => ({ ...f, ...defaultFlowFilters() })),
    replicationPolicy: { type: 'default', separator: '.', internalTopicSeparatorEnabled: true },
    offsetSyncsLocation: m.mm2Defaults ? 'source' : 'target',
    syncGroupOffsets: m.syncGroupOffsets,
    tuning: Object.fromEntries(Object.entries(sandboxMirrorTuning(s, t, 1)).filter(([k]) => !(m.mm2Defaults && k === 'offset.lag.max'))),
  });
}

/** The sandbox MM2's replication factors (`rf` for every topic it creates) and its intervals of a second or two. */
export function sandboxMirrorTuning(source: string, target: string, rf: number): Record<string, string> {
  const factors = [
    'replication.factor',
    'checkpoints.topic.replication.factor',
    'heartbeats.topic.replication.factor',
    'offset-syncs.topic.replication.factor',
    'config.storage.replication.factor',
    'offset.storage.replication.factor',
    'status.storage.replication.factor',
  ];
  return {
    ...Object.fromEntries(factors.map((k) => [k, String(rf)])),
    // One task: two small clusters on two cores; more tasks would only compete for them.
    'tasks.max': '1',
    'emit.checkpoints.interval.seconds': '1',
    'emit.heartbeats.interval.seconds': '1',
    'refresh.topics.interval.seconds': '2',
    'refresh.groups.interval.seconds': '2',
    'offset.lag.max': '10',
    'sync.group.offsets.interval.seconds': '1',
    [`${source}.offset.flush.interval.ms`]: '1000',
    [`${target}.offset.flush.interval.ms`]: '1000',
    'sync.topic.acls.enabled': 'false',
  };
}

/**
 * log4j2 (Kafka 4.x) and log4j 1 / reload4j (3.x) configs: warnings and errors to stderr, i.e. the log file. MM2's
 * own classes and Connect's distributed herder log at INFO too: when checkpoints are late, the log then shows which
 * groups each task checkpoints, when its stores loaded, and every rebalance and task restart.
 */
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
  'logger.mirror.name = org.apache.kafka.connect.mirror',
  'logger.mirror.level = info',
  'logger.herder.name = org.apache.kafka.connect.runtime.distributed',
  'logger.herder.level = info',
  '',
].join('\n');

export const LOG4J1_PROPERTIES = [
  'log4j.rootLogger=WARN, stderr',
  'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stderr.Target=System.err',
  'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.org.apache.kafka.connect.mirror=INFO',
  'log4j.logger.org.apache.kafka.connect.runtime.distributed=INFO',
  '',
].join('\n');

/** The drctl.yaml that makes every drctl command work against the running sandbox with no flags. */
export function sandboxDrctlYaml(
  clusters: { alias: string; port: number; clusterId: string }[],
  flows: readonly FlowEnds[],
  offsetSyncsLocation: 'source' | 'target' = 'target',
  mirrorSettings?: Record<string, string>,
  connectUrl?: string,
  connectAttachedTo = flows[0].target,
): string {
  const flow = flows[0];
  return [
    '# Written by `drctl sandbox up`; removed by `drctl sandbox down`.',
    'clusters:',
    ...clusters.flatMap((c) => [`  ${c.alias}:`, `    bootstrap: 127.0.0.1:${c.port}`, `    clusterId: ${c.clusterId}`]),
    ...(mirrorSettings ? ['# What the sandbox deploys MM2 on Connect with (drctl mirror deploy applies the same).', 'mirrorSettings:', ...Object.entries(mirrorSettings).map(([k, v]) => `  ${k}: "${v}"`)] : []),
    ...(connectUrl ? ["# Where the flow's MM2 runs on Connect: drctl status checks its connectors there.", 'connect:', `  "${flow.source}->${flow.target}": { url: "${connectUrl}", attachedTo: ${connectAttachedTo} }`] : []),
    ...sandboxYamlFlow(flows, offsetSyncsLocation),
  ].join('\n');
}

/** The sandbox's settings for MM2 on Connect: replication factor 1, intervals of a second or two, two tasks. */
export function sandboxConnectSettings(mm2Defaults: boolean): Record<string, string> {
  return {
    'tasks.max': '2',
    'replication.factor': '1',
    'offset-syncs.topic.replication.factor': '1',
    'checkpoints.topic.replication.factor': '1',
    'heartbeats.topic.replication.factor': '1',
    'emit.checkpoints.interval.seconds': '1',
    'emit.heartbeats.interval.seconds': '1',
    'refresh.topics.interval.seconds': '2',
    'refresh.groups.interval.seconds': '2',
    ...(mm2Defaults ? {} : { 'offset.lag.max': '10' }),
    'sync.topic.acls.enabled': 'false',
  };
}

/** The part of a sandbox drctl.yaml after its clusters: the flows, MM2's policy and offset-sync location, objectives. */
export function sandboxYamlFlow(flows: readonly FlowEnds[], offsetSyncsLocation: 'source' | 'target' = 'target'): string[] {
  return ['flows:', ...flows.map((f) => `  - "${flowEndsName(f)}"`), 'replicationPolicy:', '  type: default', '  separator: "."', 'offsetSyncs:', `  location: ${offsetSyncsLocation}`, 'objectives:', '  rpoSeconds: 30', '  rtoSeconds: 300', ''];
}
