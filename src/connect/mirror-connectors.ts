/**
 * MirrorMaker 2 as three connectors on a Kafka Connect cluster attached to the flow's target, from drctl's config:
 * the same choices as `drctl mirror config` (filters, replication policy, offset-sync location, read_committed on the
 * source, no MM2 group-offset sync, the settings `mirror doctor` recommends), expressed with the connectors'
 * `source.cluster.` / `target.cluster.` prefixes. Names follow Strimzi: `NYC->LON.MirrorSourceConnector`, ….
 *
 * A Connect cluster writes what its source connectors return through its worker's producer, to the cluster it is
 * attached to (normally the flow's target). A connector whose records belong on another cluster gets its producer
 * pointed there (`producer.override.*`, which needs the workers' `connector.client.config.override.policy` to allow
 * it, Kafka's default since 3.0). That is always the heartbeat connector: heartbeats must start on the source to
 * travel with its data (the source connector copies the source's `heartbeats` to `NYC.heartbeats` on the target), so
 * it runs with the aliases swapped, as dedicated MM2's reverse herder does. And it is every connector of a flow that
 * runs on a Connect cluster attached to its source: failback reversing a flow on the Connect cluster that ran it.
 */
import type { ClusterConfig, FlowConfig, OffsetSyncsLocation, ReplicationPolicyConfig } from '../config/types.js';
import { clientSecurity } from '../mm2/mirror-config.js';

/**
 * A cluster as the connectors reach it: from drctl's config, or (`client`) the client settings MM2 already uses for
 * it, unprefixed (bootstrap.servers, security.protocol, sasl.*, ssl.*), which then replace what the config says.
 */
export type ConnectorCluster = Pick<ClusterConfig, 'alias' | 'bootstrapServers' | 'tls' | 'sasl'> & { client?: Record<string, string> };

/** What the connector configs are made from. */
export interface MirrorConnectorsInput {
  source: ConnectorCluster;
  target: ConnectorCluster;
  flow: FlowConfig;
  replicationPolicy: ReplicationPolicyConfig;
  offsetSyncsLocation: OffsetSyncsLocation;
  /** Settings that override the generated ones on every connector where they apply (the sandbox: RF 1, fast intervals). */
  tuning?: Record<string, string>;
  /** The alias of the cluster the Connect workers are attached to: the flow's target unless said. */
  attachedTo?: string;
}

/** The three connectors of a flow, by role. */
export type MirrorRole = 'source' | 'checkpoint' | 'heartbeat';

/** One connector to deploy. */
export interface MirrorConnector {
  role: MirrorRole;
  name: string;
  config: Record<string, string>;
}

const CLASS: Record<MirrorRole, string> = {
  source: 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
  checkpoint: 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
  heartbeat: 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector',
};
/** The converter MM2's connectors need for keys, values and headers (Connect's default header converter base64s them). */
export const BYTES_CONVERTER = 'org.apache.kafka.connect.converters.ByteArrayConverter';

/** Settings per role that a tuning map may override (keys a connector does not read are left out of it). */
const ROLE_KEYS: Record<MirrorRole, readonly string[]> = {
  source: ['tasks.max', 'replication.factor', 'offset-syncs.topic.replication.factor', 'refresh.topics.interval.seconds', 'offset.lag.max', 'sync.topic.acls.enabled', 'sync.topic.configs.enabled'],
  checkpoint: ['tasks.max', 'checkpoints.topic.replication.factor', 'emit.checkpoints.interval.seconds', 'refresh.groups.interval.seconds', 'sync.group.offsets.interval.seconds'],
  heartbeat: ['heartbeats.topic.replication.factor', 'emit.heartbeats.interval.seconds'],
};

/** The Connect name of a flow's connector. */
export const mirrorConnectorName = (flow: { source: string; target: string }, role: MirrorRole): string => `${flow.source}->${flow.target}.${CLASS[role].split('.').pop()}`;

/** The class of a connector of this role. */
export const mirrorConnectorClass = (role: MirrorRole): string => CLASS[role];

const regexList = (xs: readonly string[]): string => xs.join(',');

/** `prefix` + each client setting of a cluster: bootstrap servers and security. */
function clusterClient(prefix: string, c: ConnectorCluster): Record<string, string> {
  if (c.client) return Object.fromEntries(Object.entries(c.client).map(([k, v]) => [`${prefix}${k}`, v]));
  return Object.fromEntries([[`${prefix}bootstrap.servers`, c.bootstrapServers.join(',')], ...clientSecurity(c).settings.map(([k, v]) => [`${prefix}${k}`, v])]);
}

/** The three connector configs of the flow. */
export function mirrorConnectors(i: MirrorConnectorsInput): MirrorConnector[] {
  const { source: s, target: t, flow } = i;
  const policy: Record<string, string> =
    i.replicationPolicy.type === 'identity'
      ? { 'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy' }
      : {
          'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
          'replication.policy.separator': i.replicationPolicy.separator,
          'replication.policy.internal.topic.separator.enabled': String(i.replicationPolicy.internalTopicSeparatorEnabled),
        };
  const converters = { 'key.converter': BYTES_CONVERTER, 'value.converter': BYTES_CONVERTER, 'header.converter': BYTES_CONVERTER };
  const tuned = (role: MirrorRole, config: Record<string, string>): Record<string, string> => {
    const out = { ...config };
    for (const k of ROLE_KEYS[role]) if (i.tuning?.[k] !== undefined) out[k] = i.tuning[k];
    return out;
  };
  const attached = i.attachedTo ?? t.alias;
  /**
   * Producer overrides that send a connector's records to `to` when the workers write elsewhere. The protocol is
   * always set: the workers' own (SASL_SSL, say) would otherwise apply to a plaintext cluster.
   */
  const writeTo = (to: ConnectorCluster): Record<string, string> => (to.alias === attached ? {} : Object.fromEntries(Object.entries({ 'security.protocol': 'PLAINTEXT', ...clusterClient('', to) }).map(([k, v]) => [`producer.override.${k}`, v])));
  const common = { 'source.cluster.alias': s.alias, 'target.cluster.alias': t.alias, ...clusterClient('source.cluster.', s), ...clusterClient('target.cluster.', t), ...policy, ...converters };
  const source = tuned('source', {
    'connector.class': CLASS.source,
    ...common,
    ...writeTo(t),
    'tasks.max': '4',
    topics: regexList(flow.topics),
    'topics.exclude': regexList(flow.topicsExclude),
    'offset-syncs.topic.location': i.offsetSyncsLocation,
    'replication.factor': '3',
    // Aborted and open transactions would otherwise be copied as plain records.
    'source.consumer.isolation.level': 'read_committed',
  });
  const checkpoint = tuned('checkpoint', {
    'connector.class': CLASS.checkpoint,
    ...common,
    ...writeTo(t),
    'tasks.max': '4',
    groups: regexList(flow.groups),
    'groups.exclude': regexList(flow.groupsExclude),
    'offset-syncs.topic.location': i.offsetSyncsLocation,
    'emit.checkpoints.enabled': 'true',
    'emit.checkpoints.interval.seconds': '10',
    'refresh.groups.interval.seconds': '60',
    // drctl moves groups; MM2 writing the same offsets would be a second writer.
    'sync.group.offsets.enabled': 'false',
  });
  // Aliases swapped, its records written to the source (see the module comment).
  const heartbeat = tuned('heartbeat', {
    'connector.class': CLASS.heartbeat,
    'source.cluster.alias': t.alias,
    'target.cluster.alias': s.alias,
    ...clusterClient('source.cluster.', t),
    ...clusterClient('target.cluster.', s),
    ...writeTo(s),
    ...policy,
    ...converters,
    'tasks.max': '1',
    'emit.heartbeats.enabled': 'true',
  });
  return [
    { role: 'source', name: mirrorConnectorName(flow, 'source'), config: source },
    { role: 'checkpoint', name: mirrorConnectorName(flow, 'checkpoint'), config: checkpoint },
    { role: 'heartbeat', name: mirrorConnectorName(flow, 'heartbeat'), config: heartbeat },
  ];
}

/**
 * The client settings a running flow's source connector uses for its source and its target cluster (unprefixed, as
 * ConnectorCluster.client takes them), or null when the connector is not there: the reverse flow logs in as MM2
 * does, not as drctl.
 */
export function runningClients(configs: Readonly<Record<string, Record<string, string>>>, flow: { source: string; target: string }): { source: Record<string, string>; target: Record<string, string> } | null {
  const cfg = configs[mirrorConnectorName(flow, 'source')];
  if (!cfg) return null;
  const side = (prefix: string) => Object.fromEntries(Object.entries(cfg).flatMap(([k, v]) => (k.startsWith(prefix) && k !== `${prefix}alias` ? [[k.slice(prefix.length), v]] : [])));
  return { source: side('source.cluster.'), target: side('target.cluster.') };
}

/** What deploying one connector changes: created, updated (which keys), or nothing. */
export interface ConnectorChange {
  name: string;
  role: MirrorRole;
  action: 'create' | 'update' | 'none';
  /** Keys added, changed or removed (values of secret-looking keys are not shown). */
  keys: { key: string; from: string | null; to: string | null }[];
}

const SECRET = /password|jaas|secret|token/i;
const shown = (k: string, v: string | undefined): string | null => (v === undefined ? null : SECRET.test(k) ? '***' : v);

/** Compare the desired connectors with what runs (`current`: name -> config, `name` key ignored). */
export function diffConnectors(desired: readonly MirrorConnector[], current: Readonly<Record<string, Record<string, string>>>): ConnectorChange[] {
  return desired.map((d) => {
    const cur = current[d.name];
    if (!cur) return { name: d.name, role: d.role, action: 'create', keys: Object.keys(d.config).map((k) => ({ key: k, from: null, to: shown(k, d.config[k]) })) };
    const keys = [...new Set([...Object.keys(d.config), ...Object.keys(cur)])]
      .filter((k) => k !== 'name' && d.config[k] !== cur[k])
      .sort()
      .map((k) => ({ key: k, from: shown(k, cur[k]), to: shown(k, d.config[k]) }));
    return { name: d.name, role: d.role, action: keys.length ? 'update' : 'none', keys };
  });
}
