/**
 * Reads an MM2 properties file (dedicated mode, `connect-mirror-maker.properties`) into the parts of drctl's config
 * that MM2 already defines: clusters and their client security, enabled flows with their topic and group filters,
 * the replication policy and separator, and where offset syncs live. Property scoping follows MirrorMakerConfig:
 * `A->B.key` overrides the top-level `key` for that flow; `A.key` configures cluster A's clients.
 */
import { readFileSync } from 'node:fs';
import { configError } from '../errors.js';
import { bootstrapServersProperty } from '../schema/host-port.js';
import { parseFile } from '../schema/parse-file.js';
import { parseJavaProperties, toMap, type PropertyEntry } from './java-properties.js';
import { MM2_DEFAULT_FILTERS, type ClusterConfig, type FlowConfig, type OffsetSyncsLocation, type ReplicationPolicyConfig } from './types.js';

/** A setting drctl could not take from the MM2 file; it is an error only if drctl.yaml does not supply it. */
export interface DeferredProblem {
  alias: string;
  field: 'tls' | 'sasl';
  key: string;
  problem: string;
}

/** What an MM2 properties file contributes to drctl's config. */
export interface Mm2Import {
  file: string;
  clusters: Record<string, ClusterConfig>;
  flows: FlowConfig[];
  replicationPolicy: ReplicationPolicyConfig;
  offsetSyncsLocation: OffsetSyncsLocation;
  deferred: DeferredProblem[];
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Read and interpret an MM2 properties file. Errors name the file and the key. */
export function importMm2Properties(file: string, text = readFileSync(file, 'utf8')): Mm2Import {
  let props: Map<string, PropertyEntry>;
  try {
    props = toMap(parseJavaProperties(text));
  } catch (e) {
    throw configError(file, '(syntax)', (e as Error).message);
  }
  const get = (k: string): string | undefined => props.get(k)?.value.trim();
  const flowGet = (src: string, tgt: string, k: string): string | undefined => get(`${src}->${tgt}.${k}`) ?? get(k);

  const aliases = list(get('clusters') ?? '');
  if (aliases.length === 0) throw configError(file, 'clusters', 'is missing or empty', 'MM2 needs e.g. "clusters = NYC, LON"');

  const deferred: DeferredProblem[] = [];
  const clusters: Record<string, ClusterConfig> = {};
  for (const alias of aliases) {
    const bootstrap = get(`${alias}.bootstrap.servers`);
    if (!bootstrap) throw configError(file, `${alias}.bootstrap.servers`, 'is missing', `every alias in "clusters" needs its bootstrap servers`);
    // Checked here, not at connect time: kafkajs takes "nyc-kafka" and fails later with port NaN (exit 4, not 2).
    const bootstrapServers = parseFile(bootstrapServersProperty, bootstrap, file, { at: `${alias}.bootstrap.servers` });
    clusters[alias] = { alias, bootstrapServers, ...clusterSecurity(alias, get, deferred) };
  }

  const flows: FlowConfig[] = [];
  for (const src of aliases) {
    for (const tgt of aliases) {
      if (src === tgt) continue;
      const enabled = get(`${src}->${tgt}.enabled`);
      if (enabled === undefined || enabled.toLowerCase() !== 'true') continue;
      const filter = (k: string, legacy: string, dflt: readonly string[]): string[] => {
        const v = flowGet(src, tgt, k) ?? flowGet(src, tgt, legacy);
        return v === undefined ? [...dflt] : list(v);
      };
      flows.push({
        source: src,
        target: tgt,
        topics: filter('topics', 'topics.whitelist', MM2_DEFAULT_FILTERS.topics),
        topicsExclude: filter('topics.exclude', 'topics.blacklist', MM2_DEFAULT_FILTERS.topicsExclude),
        groups: filter('groups', 'groups.whitelist', MM2_DEFAULT_FILTERS.groups),
        groupsExclude: filter('groups.exclude', 'groups.blacklist', MM2_DEFAULT_FILTERS.groupsExclude),
      });
    }
  }

  const policyClass = get('replication.policy.class') ?? 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy';
  let replicationPolicy: ReplicationPolicyConfig;
  if (policyClass.endsWith('.IdentityReplicationPolicy')) {
    replicationPolicy = { type: 'identity', sourceAlias: get('source.cluster.alias') };
  } else if (policyClass.endsWith('.DefaultReplicationPolicy')) {
    const separator = props.get('replication.policy.separator')?.value ?? '.';
    if (separator === '') throw configError(file, 'replication.policy.separator', 'must not be empty');
    const flag = get('replication.policy.internal.topic.separator.enabled') ?? 'true';
    replicationPolicy = { type: 'default', separator, internalTopicSeparatorEnabled: flag.toLowerCase() !== 'false' };
  } else {
    throw configError(file, 'replication.policy.class', `custom policy ${policyClass} is not supported`, 'drctl implements DefaultReplicationPolicy and IdentityReplicationPolicy');
  }

  const locations = new Set(flows.map((f) => (flowGet(f.source, f.target, 'offset-syncs.topic.location') ?? 'source').toLowerCase()));
  if (flows.length === 0) locations.add((get('offset-syncs.topic.location') ?? 'source').toLowerCase());
  for (const l of locations) {
    if (l !== 'source' && l !== 'target') throw configError(file, 'offset-syncs.topic.location', `"${l}" is neither source nor target`);
  }
  if (locations.size > 1) throw configError(file, 'offset-syncs.topic.location', 'differs between flows', 'drctl needs one location for all flows');
  const offsetSyncsLocation = [...locations][0] as OffsetSyncsLocation;

  return { file, clusters, flows, replicationPolicy, offsetSyncsLocation, deferred };
}

/** Client security of one alias from `<alias>.security.protocol`, `.sasl.*` and `.ssl.*`. */
function clusterSecurity(alias: string, get: (k: string) => string | undefined, deferred: DeferredProblem[]): Pick<ClusterConfig, 'tls' | 'sasl'> {
  const protocol = (get(`${alias}.security.protocol`) ?? get('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  const out: Pick<ClusterConfig, 'tls' | 'sasl'> = {};
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const type = (get(`${alias}.ssl.truststore.type`) ?? 'JKS').toUpperCase();
    const location = get(`${alias}.ssl.truststore.location`);
    if (location && type !== 'PEM') {
      deferred.push({ alias, field: 'tls', key: `${alias}.ssl.truststore.location`, problem: `a ${type} truststore cannot be read by drctl` });
    }
    const verify = (get(`${alias}.ssl.endpoint.identification.algorithm`) ?? 'https') !== '';
    out.tls = { caFile: type === 'PEM' ? location : undefined, rejectUnauthorized: verify };
  }
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') {
    const mech = (get(`${alias}.sasl.mechanism`) ?? 'GSSAPI').toUpperCase();
    const jaasKey = `${alias}.sasl.jaas.config`;
    const jaas = get(jaasKey) ?? '';
    const mechanism = ({ PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' } as const)[mech as 'PLAIN'];
    const username = /username\s*=\s*"([^"]*)"/.exec(jaas)?.[1];
    const password = /password\s*=\s*"([^"]*)"/.exec(jaas)?.[1];
    if (!mechanism) deferred.push({ alias, field: 'sasl', key: `${alias}.sasl.mechanism`, problem: `${mech} is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 are)` });
    else if (username === undefined || password === undefined || password.startsWith('${')) deferred.push({ alias, field: 'sasl', key: jaasKey, problem: 'has no literal username and password drctl can use' });
    else out.sasl = { mechanism, username, password };
  }
  return out;
}
