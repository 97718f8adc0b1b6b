/**
 * The secure sandbox profile's broker configs (pure, unit-tested): per cluster three combined KRaft nodes with racks,
 * a static quorum of three voters, and no plaintext anywhere:
 * - CLIENT: SASL_SSL with SCRAM-SHA-512, for drctl, MM2 and applications by user name and password;
 * - MTLS: SSL with a required client certificate, for mutual-TLS clients and between brokers;
 * - CONTROLLER: SSL with a required client certificate, between the nodes' broker and controller halves.
 * The brokers' certificate (CN=localhost) maps to User:broker; a client's CN is its user name. StandardAuthorizer with
 * only `broker` and `admin` as super users, and nothing allowed without an ACL. Passwords stay in the secrets file
 * (mode 600) that Kafka's FileConfigProvider reads: none is written in server.properties.
 */

/** One node's ports. */
export interface SecureNodePorts {
  client: number;
  mtls: number;
  controller: number;
}

/** What a node's server.properties needs. */
export interface SecureNodeSpec {
  alias: string;
  /** 1-based; also its rack (`r1`, `r2`, `r3`). */
  nodeId: number;
  ports: SecureNodePorts;
  /** Every node of the cluster, by node id (the static quorum). */
  quorum: SecureNodePorts[];
  dataDir: string;
  brokerKeystore: string;
  caPem: string;
  /** The properties file holding `store.password`. */
  secretsFile: string;
}

/** The principal of the brokers' own certificate, and the administrator: the only super users. */
export const SECURE_SUPER_USERS = ['broker', 'admin'] as const;

/** server.properties of one node of the secure profile. */
export function secureNodeProperties(n: SecureNodeSpec): string {
  const store = `\${file:${n.secretsFile}:store.password}`;
  return [
    `# drctl sandbox (secure profile): cluster ${n.alias}, node ${n.nodeId}`,
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    'process.roles=broker,controller',
    `node.id=${n.nodeId}`,
    `broker.rack=r${n.nodeId}`,
    `controller.quorum.voters=${n.quorum.map((q, i) => `${i + 1}@127.0.0.1:${q.controller}`).join(',')}`,
    `listeners=CLIENT://127.0.0.1:${n.ports.client},MTLS://127.0.0.1:${n.ports.mtls},CONTROLLER://127.0.0.1:${n.ports.controller}`,
    // Advertised by name: clients verify the broker's certificate against the host they connect to.
    `advertised.listeners=CLIENT://localhost:${n.ports.client},MTLS://localhost:${n.ports.mtls}`,
    'listener.security.protocol.map=CLIENT:SASL_SSL,MTLS:SSL,CONTROLLER:SSL',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=MTLS',
    'listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512',
    'listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${n.brokerKeystore}`,
    `ssl.keystore.password=${store}`,
    `ssl.key.password=${store}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${n.caPem}`,
    'listener.name.mtls.ssl.client.auth=required',
    'listener.name.controller.ssl.client.auth=required',
    // The brokers' certificate is CN=localhost: it is User:broker. A client's CN is its user name (CN=drctl -> drctl).
    'ssl.principal.mapping.rules=RULE:^CN=localhost$/broker/,RULE:^CN=([^,]+)$/$1/,DEFAULT',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=${SECURE_SUPER_USERS.map((u) => `User:${u}`).join(';')}`,
    'allow.everyone.if.no.acl.found=false',
    `log.dirs=${n.dataDir}`,
    'num.partitions=3',
    'default.replication.factor=3',
    'min.insync.replicas=2',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=3',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.replication.factor=3',
    'transaction.state.log.min.isr=2',
    'transaction.state.log.num.partitions=5',
    'share.coordinator.state.topic.replication.factor=3',
    'share.coordinator.state.topic.min.isr=2',
    'group.initial.rebalance.delay.ms=0',
    'log.segment.bytes=16777216',
    'log.cleaner.backoff.ms=1000',
    '',
  ].join('\n');
}

/** The secrets file's text (Java properties): the store password and each SCRAM user's password. */
export function secureSecretsProperties(storePassword: string, users: Record<string, string>): string {
  return [`store.password=${storePassword}`, ...Object.entries(users).map(([u, p]) => `${u}.password=${p}`), ''].join('\n');
}
