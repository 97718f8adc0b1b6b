/**
 * MirrorMaker 2 properties for one flow (dedicated mode, `connect-mirror-maker.sh`): the clusters with their client
 * security, the flow enabled with its filters, the opposite direction disabled (its herder still emits heartbeats,
 * which readiness checks use), drctl's assumptions (offset-sync location, no MM2 group-offset sync: drctl moves
 * groups) and read_committed on the source. Secrets are never written: SASL passwords become `${env:...}` references
 * resolved by Kafka's EnvVarConfigProvider when MM2 starts.
 */
import type { ClusterConfig, FlowConfig, OffsetSyncsLocation, ReplicationPolicyConfig } from '../config/types.js';

/** What the properties are made from. */
export interface MirrorConfigInput {
  clusters: Pick<ClusterConfig, 'alias' | 'bootstrapServers' | 'tls' | 'sasl'>[];
  flow: FlowConfig;
  /** Further flows the same MM2 runs (an active-active pair: the reverse direction too). */
  alsoFlows?: readonly FlowConfig[];
  replicationPolicy: ReplicationPolicyConfig;
  offsetSyncsLocation: OffsetSyncsLocation;
  syncGroupOffsets: boolean;
  /** Extra settings appended as they are (the sandbox: replication factors of 1, fast intervals). */
  tuning?: Record<string, string>;
  /** First comment line. */
  title?: string;
}

/** The environment variable MM2 reads an alias's SASL password from. */
export const saslPasswordEnv = (alias: string): string => `DRCTL_${alias.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_SASL_PASSWORD`;

/** The environment variable MM2 reads a cluster's PKCS12 keystore passphrase from. */
export const tlsPassphraseEnv = (alias: string): string => `DRCTL_${alias.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TLS_PASSPHRASE`;

const JAAS_MODULE = { plain: 'org.apache.kafka.common.security.plain.PlainLoginModule', 'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule', 'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule' } as const;

/**
 * A cluster's client security settings, unprefixed (`security.protocol`, `ssl.*`, `sasl.*`), with secrets as
 * `${env:...}` references; `note` says what cannot be expressed (a PEM client certificate). The properties file
 * prefixes them with the alias, a Connect connector with `source.cluster.` / `target.cluster.`.
 */
export function clientSecurity(c: MirrorConfigInput['clusters'][number]): { settings: [string, string][]; note: string | null } {
  if (!c.tls && !c.sasl) return { settings: [], note: null };
  const protocol = c.sasl ? (c.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : 'SSL';
  const out: [string, string][] = [['security.protocol', protocol]];
  if (c.tls?.caFile) out.push(['ssl.truststore.type', 'PEM'], ['ssl.truststore.location', c.tls.caFile]);
  if (c.tls && !c.tls.rejectUnauthorized) out.push(['ssl.endpoint.identification.algorithm', '']);
  if (c.tls?.pfxFile) out.push(['ssl.keystore.type', 'PKCS12'], ['ssl.keystore.location', c.tls.pfxFile], ['ssl.keystore.password', `\${env:${tlsPassphraseEnv(c.alias)}}`], ['ssl.key.password', `\${env:${tlsPassphraseEnv(c.alias)}}`]);
  if (c.sasl) {
    out.push(['sasl.mechanism', c.sasl.mechanism.toUpperCase()]);
    out.push(['sasl.jaas.config', `${JAAS_MODULE[c.sasl.mechanism]} required username="${c.sasl.username}" password="\${env:${saslPasswordEnv(c.alias)}}";`]);
  }
  const note = c.tls?.certFile ? `${c.alias}: client certificate ${c.tls.certFile} and key ${c.tls.keyFile ?? '?'}: set ${c.alias}.ssl.keystore.type = PEM with ssl.keystore.certificate.chain and ssl.keystore.key` : null;
  return { settings: out, note };
}

function securityLines(c: MirrorConfigInput['clusters'][number]): string[] {
  const { settings, note } = clientSecurity(c);
  const lines = settings.map(([k, v]) => `${c.alias}.${k} =${v === '' ? '' : ` ${v}`}`);
  // The note went after the keystore lines and before SASL's.
  if (note) lines.splice(settings.findIndex(([k]) => k.startsWith('sasl.')) === -1 ? lines.length : settings.findIndex(([k]) => k.startsWith('sasl.')), 0, `# ${note}`);
  return lines;
}

/**
 * Settings whose MM2 defaults `drctl mirror doctor` flags: more than one task, new groups found within a minute,
 * checkpoints every 10 s, and three copies of remote topics.
 */
const RECOMMENDED: Readonly<Record<string, string>> = { 'tasks.max': '4', 'refresh.groups.interval.seconds': '60', 'emit.checkpoints.interval.seconds': '10', 'replication.factor': '3' };

/** A list of regexes as a properties value: comma-separated, backslashes doubled (they escape in .properties). */
const regexList = (xs: readonly string[]): string => xs.join(',').replace(/\\/g, '\\\\');

/** The properties file text. */
export function renderMirrorProperties(i: MirrorConfigInput): string {
  const { flow } = i;
  const flows = [flow, ...(i.alsoFlows ?? [])];
  const s = flow.source;
  const t = flow.target;
  const names = i.clusters.map((c) => c.alias);
  // The secrets MM2 reads from its environment: SASL passwords and PKCS12 passphrases.
  const fromEnv = [...i.clusters.filter((c) => c.sasl).map((c) => saslPasswordEnv(c.alias)), ...i.clusters.filter((c) => c.tls?.pfxFile).map((c) => tlsPassphraseEnv(c.alias))];
  const policy = i.replicationPolicy;
  return [
    `# ${i.title ?? `MirrorMaker 2, ${s}->${t} (generated by drctl mirror config)`}`,
    `clusters = ${names.join(', ')}`,
    ...i.clusters.map((c) => `${c.alias}.bootstrap.servers = ${c.bootstrapServers.join(',')}`),
    ...i.clusters.flatMap(securityLines),
    ...(fromEnv.length
      ? [
          `# ${fromEnv.some((v) => v.endsWith('_TLS_PASSPHRASE')) ? 'Secrets' : 'SASL passwords'} come from the environment of MM2: ${fromEnv.join(', ')}`,
          'config.providers = env',
          'config.providers.env.class = org.apache.kafka.common.config.provider.EnvVarConfigProvider',
        ]
      : []),
    ...flows.flatMap((f) => [
      `${f.source}->${f.target}.enabled = true`,
      `${f.source}->${f.target}.topics = ${regexList(f.topics)}`,
      `${f.source}->${f.target}.topics.exclude = ${regexList(f.topicsExclude)}`,
      `${f.source}->${f.target}.groups = ${regexList(f.groups)}`,
      `${f.source}->${f.target}.groups.exclude = ${regexList(f.groupsExclude)}`,
    ]),
    // Disabled, but its herder still emits heartbeats into the source, so the reverse direction stays observable.
    ...flows.filter((f) => !flows.some((g) => g.source === f.target && g.target === f.source)).map((f) => `${f.target}->${f.source}.enabled = false`),
    ...(policy.type === 'identity'
      ? ['replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy']
      : ['replication.policy.class = org.apache.kafka.connect.mirror.DefaultReplicationPolicy', `replication.policy.separator = ${policy.separator}`, `replication.policy.internal.topic.separator.enabled = ${policy.internalTopicSeparatorEnabled}`]),
    `offset-syncs.topic.location = ${i.offsetSyncsLocation}`,
    'emit.checkpoints.enabled = true',
    'emit.heartbeats.enabled = true',
    `sync.group.offsets.enabled = ${i.syncGroupOffsets}`,
    // Without it MM2 copies records of aborted (and still open) transactions as plain records, which consumers on the
    // target would then read: Kafka's docs recommend it for any source with transactional producers.
    ...[...new Set(flows.map((f) => f.source))].map((source) => `${source}.consumer.isolation.level = read_committed`),
    // What drctl mirror doctor recommends where MM2's defaults hurt DR; a caller's tuning (the sandbox) wins.
    ...Object.entries({ ...RECOMMENDED, ...(i.tuning ?? {}) }).map(([k, v]) => `${k} = ${v}`),
    '',
  ].join('\n');
}
