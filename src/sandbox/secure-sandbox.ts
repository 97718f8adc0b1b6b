/**
 * The secure sandbox profile (`drctl sandbox up --profile secure`): NYC and LON as production clusters are built,
 * three KRaft nodes each with racks, replication factor 3 and min.insync.replicas 2, SASL_SSL (SCRAM-SHA-512) and
 * mutual-TLS listeners with a CA made by keytool, StandardAuthorizer, and the principals `admin` (super user),
 * `drctl` (exactly its documented ACLs), `mm2` and `app`. MirrorMaker 2 runs as `mm2`, its password from its
 * environment. Passwords are random, in files of mode 600 under the sandbox folder; the drctl.yaml it writes names
 * those files, never a password. It lives beside the default sandbox, in `<state dir>/sandbox-secure`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFlowFilters } from '../config/resolve-flow.js';
import type { ClusterConfig } from '../config/types.js';
import { DrctlError } from '../errors.js';
import { grantAcls, type AclGrant } from '../kafka/acl-admin.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { KafkajsGateway } from '../kafka/kafkajs-gateway.js';
import { clientSecurity, renderMirrorProperties, saslPasswordEnv } from '../mm2/mirror-config.js';
import { newClusterId, sandboxConnectSettings, sandboxMirrorTuning, sandboxYamlFlow } from './configs.js';
import { connectWorkersReady, deploySandboxConnectors, newConnectWorkers, startConnectWorkers, workerUrl, type ConnectWorkerState } from './connect-workers.js';
import { BROKER_HEAP_MB, kafkaJvmArgs, MIRROR_HEAP_MB, writeLogConfigs } from './jvm.js';
import { ensureKafkaJars, resolveKafkaVersion } from './jars.js';
import { awaitMirrorHeartbeat } from './heartbeat-wait.js';
import { ensureSandboxPki, sandboxPki } from './pki.js';
import { requireJava17 } from './prerequisites.js';
import { freePort, isOurProcess, startDetached, stopProcess, waitFor } from './processes.js';
import { appGrants, drctlGrants, mm2Grants, viewerGrants } from './secure-acls.js';
import { secureNodeProperties, secureSecretsProperties, type SecureNodePorts } from './secure-configs.js';

/** The secure profile's clusters, source first. */
export const SECURE_CLUSTERS = ['NYC', 'LON'] as const;
/** Its SCRAM users. */
export const SECURE_USERS = ['admin', 'drctl', 'mm2', 'app', 'viewer'] as const;
/** Nodes per cluster. */
const NODES = 3;

interface NodeState {
  nodeId: number;
  ports: SecureNodePorts;
  dataDir: string;
  props: string;
  log: string;
  pid?: number;
}

/** What the secure profile's state.json records. */
export interface SecureSandboxState {
  profile: 'secure';
  kafkaVersion: string;
  libs: string;
  createdAt: string;
  dir: string;
  caPem: string;
  /** Each user's password file (mode 600). */
  passwordFiles: Record<(typeof SECURE_USERS)[number], string>;
  clusters: Record<string, { clusterId: string; nodes: NodeState[] }>;
  mirror: { props: string; log: string; pid?: number };
  /** `--mirror connect`: the Connect workers (attached to LON, as `mm2`) that run MM2's connectors instead. */
  connect?: { workers: ConnectWorkerState[] };
  /** The direction MM2 runs (NYC->LON until a failback reverses it; absent in states of older versions). */
  flow?: { source: string; target: string };
  aclsGranted: boolean;
}

/** The flow MM2 runs. */
const flowOf = (s: SecureSandboxState): { source: string; target: string } => s.flow ?? { source: SECURE_CLUSTERS[0], target: SECURE_CLUSTERS[1] };

/** The secure profile's folder. */
export const secureSandboxDir = (stateDir: string): string => join(stateDir, 'sandbox-secure');
/** Its drctl.yaml (the `drctl` principal). */
export const secureSandboxConfigPath = (stateDir: string): string => join(secureSandboxDir(stateDir), 'drctl.yaml');
const statePath = (stateDir: string): string => join(secureSandboxDir(stateDir), 'state.json');

/** Read the profile's state, or undefined when none was brought up here. */
export function readSecureSandboxState(stateDir: string): SecureSandboxState | undefined {
  const p = statePath(stateDir);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as SecureSandboxState) : undefined;
}

function writeState(stateDir: string, s: SecureSandboxState): void {
  writeFileSync(statePath(stateDir), `${JSON.stringify(s, null, 2)}\n`);
}

/** The SASL_SSL bootstrap list of a cluster (every node, by name: the certificate is for localhost). */
export const secureBootstrap = (s: SecureSandboxState, alias: string): string[] => s.clusters[alias].nodes.map((n) => `localhost:${n.ports.client}`);

/** A client config for `alias` as `user` over SASL_SSL (the password read from its file). */
export function secureClusterConfig(s: SecureSandboxState, alias: string, user: (typeof SECURE_USERS)[number]): ClusterConfig {
  return {
    alias,
    bootstrapServers: secureBootstrap(s, alias),
    clusterId: s.clusters[alias].clusterId,
    tls: { caFile: s.caPem, rejectUnauthorized: true },
    sasl: { mechanism: 'scram-sha-512', username: user, password: readFileSync(s.passwordFiles[user], 'utf8') },
  };
}

/**
 * Java client properties for `user` over SASL_SSL (the CA as a PEM trust store), for Kafka's own tools
 * (`--command-config`); written under the profile's secrets folder, mode 600, since they hold the password.
 */
export function secureJavaClientProperties(s: SecureSandboxState, user: (typeof SECURE_USERS)[number]): string {
  const file = join(s.dir, 'secrets', `${user}-client.properties`);
  const password = readFileSync(s.passwordFiles[user], 'utf8');
  writeFileSync(
    file,
    [
      'security.protocol=SASL_SSL',
      'sasl.mechanism=SCRAM-SHA-512',
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${s.caPem}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return file;
}

// C1 only: seven JVMs start on two cores, and none of them runs long enough for C2 to pay off.
const jvmArgs = (s: SecureSandboxState, heapMb: number): string[] => kafkaJvmArgs(s.kafkaVersion, s.libs, heapMb, ['-XX:TieredStopAtLevel=1']);

/** The mutual-TLS bootstrap list of a cluster. */
export const secureMtlsBootstrap = (s: SecureSandboxState, alias: string): string[] => s.clusters[alias].nodes.map((n) => `localhost:${n.ports.mtls}`);

/** The drctl.yaml of the profile for mutual TLS: the `drctl` principal by its certificate (CN=drctl). */
export const secureMtlsConfigPath = (stateDir: string): string => join(secureSandboxDir(stateDir), 'drctl-mtls.yaml');

/** A PKCS12 client keystore of the profile, per principal (CN), and the file holding its passphrase. */
export const secureClientKeystore = (s: SecureSandboxState, cn: string): { pfxFile: string; passphraseFile: string } => ({ pfxFile: sandboxPki(join(s.dir, 'pki')).clientKeystore(cn), passphraseFile: sandboxPki(join(s.dir, 'pki')).storePasswordFile });

/** drctl.yaml for the `drctl` principal: over SASL_SSL (password by file) or mutual TLS (its keystore), the CA by file. */
function drctlYaml(s: SecureSandboxState, over: 'sasl' | 'mtls'): string {
  const ks = secureClientKeystore(s, 'drctl');
  return [
    `# Written by \`drctl sandbox up --profile secure\` (drctl over ${over === 'sasl' ? 'SASL_SSL' : 'mutual TLS'}); removed by \`drctl sandbox down --profile secure\`.`,
    'clusters:',
    ...SECURE_CLUSTERS.flatMap((a) => [
      `  ${a}:`,
      `    bootstrap: ${(over === 'sasl' ? secureBootstrap : secureMtlsBootstrap)(s, a).join(',')}`,
      `    clusterId: ${s.clusters[a].clusterId}`,
      ...(over === 'sasl'
        ? [`    tls: { caFile: ${s.caPem} }`, '    sasl:', '      mechanism: SCRAM-SHA-512', '      username: drctl', `      passwordFile: ${s.passwordFiles.drctl}`]
        : [`    tls: { caFile: ${s.caPem}, pfxFile: ${ks.pfxFile}, passphraseFile: ${ks.passphraseFile} }`]),
    ]),
    ...(s.connect
      ? [
          '# What the sandbox deploys MM2 on Connect with (drctl mirror deploy applies the same).',
          'mirrorSettings:',
          ...Object.entries(secureConnectSettings()).map(([k, v]) => `  ${k}: "${v}"`),
          "# Where the flow's MM2 runs on Connect: drctl status checks its connectors there, failback reverses them there.",
          'connect:',
          `  "${flowOf(s).source}->${flowOf(s).target}": { url: "${workerUrl(s.connect.workers[0])}", attachedTo: ${SECURE_CLUSTERS[1]} }`,
        ]
      : []),
    ...sandboxYamlFlow([flowOf(s)]),
  ].join('\n');
}

/** MM2 on Connect in the profile: the sandbox's fast intervals, and three replicas of everything (min.insync 2). */
function secureConnectSettings(): Record<string, string> {
  const rf = ['replication.factor', 'offset-syncs.topic.replication.factor', 'checkpoints.topic.replication.factor', 'heartbeats.topic.replication.factor'];
  return { ...sandboxConnectSettings(false), ...Object.fromEntries(rf.map((k) => [k, '3'])) };
}

/** A cluster as `mm2` reaches it from MM2's configs: the password is an `${env:…}` reference, never the value. */
const mm2Cluster = (s: SecureSandboxState, alias: string): ClusterConfig => ({ ...secureClusterConfig(s, alias, 'mm2'), sasl: { mechanism: 'scram-sha-512', username: 'mm2', password: '' } });

/** MM2 as `mm2` in the profile's current direction, its replication factors, the sandbox's fast intervals. */
function mirrorProps(s: SecureSandboxState): string {
  const { source: src, target: tgt } = flowOf(s);
  return renderMirrorProperties({
    title: `drctl sandbox (secure profile): MirrorMaker 2, ${src}->${tgt}`,
    clusters: [src, tgt].map((a) => mm2Cluster(s, a)),
    flow: { source: src, target: tgt, ...defaultFlowFilters() },
    replicationPolicy: { type: 'default', separator: '.', internalTopicSeparatorEnabled: true },
    offsetSyncsLocation: 'target',
    syncGroupOffsets: false,
    tuning: sandboxMirrorTuning(src, tgt, 3),
  });
}

/** MM2's environment: its SCRAM password for each cluster (the properties reference them as ${env:…}). */
const mirrorEnv = (s: SecureSandboxState, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...env, ...Object.fromEntries(SECURE_CLUSTERS.map((a) => [saslPasswordEnv(a), readFileSync(s.passwordFiles.mm2, 'utf8')])) });

/** Make the profile's files (PKI, passwords, node configs, storage formatted with the SCRAM users). */
async function create(stateDir: string, version: string, libs: string, java: string, mirror: 'dedicated' | 'connect', log: (m: string) => void): Promise<SecureSandboxState> {
  const dir = secureSandboxDir(stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  log('making the CA and certificates (keytool) ...');
  const pki = ensureSandboxPki(join(dir, 'pki'), java, ['drctl', 'app'], ['drctl-expired']);
  const secretsDir = join(dir, 'secrets');
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const passwords = Object.fromEntries(SECURE_USERS.map((u) => [u, randomBytes(18).toString('base64url')])) as Record<(typeof SECURE_USERS)[number], string>;
  const passwordFiles = Object.fromEntries(SECURE_USERS.map((u) => [u, join(secretsDir, `${u}.password`)])) as SecureSandboxState['passwordFiles'];
  for (const u of SECURE_USERS) writeFileSync(passwordFiles[u], passwords[u], { mode: 0o600 });
  const secretsFile = join(secretsDir, 'broker-secrets.properties');
  writeFileSync(secretsFile, secureSecretsProperties(readFileSync(pki.storePasswordFile, 'utf8'), {}), { mode: 0o600 });
  const clusters: SecureSandboxState['clusters'] = {};
  for (const alias of SECURE_CLUSTERS) {
    const quorum: SecureNodePorts[] = [];
    for (let i = 0; i < NODES; i++) quorum.push({ client: await freePort(), mtls: await freePort(), controller: await freePort() });
    const nodes = quorum.map((ports, i): NodeState => {
      const nodeDir = join(dir, alias, `node-${i + 1}`);
      mkdirSync(join(nodeDir, 'data'), { recursive: true });
      const props = join(nodeDir, 'server.properties');
      writeFileSync(props, secureNodeProperties({ alias, nodeId: i + 1, ports, quorum, dataDir: join(nodeDir, 'data'), brokerKeystore: pki.brokerKeystore, caPem: pki.caPem, secretsFile }), { mode: 0o600 });
      return { nodeId: i + 1, ports, dataDir: join(nodeDir, 'data'), props, log: join(nodeDir, 'broker.log') };
    });
    clusters[alias] = { clusterId: newClusterId(), nodes };
  }
  const s: SecureSandboxState = {
    profile: 'secure',
    kafkaVersion: version,
    libs,
    createdAt: new Date().toISOString(),
    dir,
    caPem: pki.caPem,
    passwordFiles,
    clusters,
    mirror: { props: join(dir, 'mirror', 'mm2.properties'), log: join(dir, 'mirror', 'mirror.log') },
    aclsGranted: false,
  };
  log(`formatting ${NODES} KRaft nodes per cluster with the SCRAM users ${SECURE_USERS.join(', ')} ...`);
  // The SCRAM users go into each node's bootstrap metadata; a password cannot contain a comma (base64url has none).
  const scram = SECURE_USERS.flatMap((u) => ['--add-scram', `SCRAM-SHA-512=[name=${u},password=${passwords[u]}]`]);
  for (const alias of SECURE_CLUSTERS)
    for (const n of clusters[alias].nodes) {
      const r = spawnSync(java, [...jvmArgs(s, 256), 'kafka.tools.StorageTool', 'format', '-t', clusters[alias].clusterId, '-c', n.props, '--ignore-formatted', ...scram], { encoding: 'utf8' });
      if (r.status !== 0) throw new DrctlError('DRCTL_SANDBOX', `formatting ${alias} node ${n.nodeId} failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
    }
  mkdirSync(join(dir, 'mirror'), { recursive: true });
  writeFileSync(s.mirror.props, mirrorProps(s), { mode: 0o600 });
  if (mirror === 'connect') {
    // Attached to LON as mm2, over SASL_SSL; three replicas of the workers' topics, as the brokers' min.insync asks.
    const lon = mm2Cluster(s, SECURE_CLUSTERS[1]);
    s.connect = { workers: await newConnectWorkers(join(dir, 'mirror'), { bootstrap: lon.bootstrapServers, security: clientSecurity(lon).settings, replicationFactor: 3 }, SECURE_CLUSTERS[0]) };
  }
  writeState(stateDir, s);
  writeFlowFiles(stateDir, s);
  return s;
}

/** A short-deadline gateway as `user`, for readiness probes. */
const probe = (s: SecureSandboxState, alias: string, user: (typeof SECURE_USERS)[number], timeoutMs = 5000): ClusterGateway => new KafkajsGateway(secureClusterConfig(s, alias, user), { timeoutMs, clientId: 'drctl-sandbox' });

/** Ready: every node registered, as `admin` sees it over SASL_SSL. */
async function clusterReady(s: SecureSandboxState, alias: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      for (const n of s.clusters[alias].nodes) if (!isOurProcess(n.pid, n.props)) throw new DrctlError('DRCTL_SANDBOX', `${alias} node ${n.nodeId} exited during start-up`, { hint: `see ${n.log}` });
      const g = probe(s, alias, 'admin');
      try {
        const info = await g.describeCluster();
        return info.clusterId === s.clusters[alias].clusterId && info.brokers.length === NODES;
      } catch {
        return false;
      } finally {
        await g.close();
      }
    },
    timeoutMs,
    `${alias}'s ${NODES} nodes to accept authenticated requests`,
    500,
  );
}

/** MM2 replicates once a heartbeat newer than `since` is on the target (read as `admin`). */
async function mirrorReplicating(s: SecureSandboxState, since: number, timeoutMs: number): Promise<void> {
  const { source: src, target: tgt } = flowOf(s);
  // On Connect, the first worker stands for MM2 in "exited during start-up".
  await awaitMirrorHeartbeat(probe(s, tgt, 'admin'), `${src}.heartbeats`, since, s.connect ? s.connect.workers[0] : s.mirror, timeoutMs, `MirrorMaker 2 (as mm2${s.connect ? ', on Connect' : ''}) to replicate heartbeats`);
}

/** Options of `sandbox up --profile secure`. */
export interface SecureSandboxUpOptions {
  stateDir: string;
  kafkaVersion?: string;
  log?: (msg: string) => void;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  /** MM2 as one dedicated process (default), or as connectors on a Connect cluster of two workers. */
  mirror?: 'dedicated' | 'connect';
}

/** Bring the secure profile up (or restart what of it is down) and wait until MM2 replicates as `mm2`. */
export async function secureSandboxUp(o: SecureSandboxUpOptions): Promise<{ state: SecureSandboxState; ms: number }> {
  const log = o.log ?? (() => {});
  const env = o.env ?? process.env;
  const timeout = o.readyTimeoutMs ?? 240_000;
  const t0 = Date.now();
  const java = requireJava17(env);
  let s = readSecureSandboxState(o.stateDir);
  const version = s?.kafkaVersion ?? resolveKafkaVersion(o.kafkaVersion ?? env.KAFKA_VERSION);
  const libs = ensureKafkaJars(version, env, log);
  writeLogConfigs(libs);
  if (s && o.mirror && (o.mirror === 'connect') !== !!s.connect)
    throw new DrctlError('DRCTL_USAGE', `the secure sandbox in ${secureSandboxDir(o.stateDir)} runs MirrorMaker 2 ${s.connect ? 'on Connect' : 'dedicated'}`, { hint: 'run `drctl sandbox down --profile secure` first to change how MM2 runs' });
  s ??= await create(o.stateDir, version, libs, java, o.mirror ?? 'dedicated', log);
  const state = s;
  for (const alias of SECURE_CLUSTERS)
    for (const n of state.clusters[alias].nodes)
      if (!isOurProcess(n.pid, n.props)) {
        log(`starting ${alias} node ${n.nodeId} (SASL_SSL localhost:${n.ports.client}, mTLS localhost:${n.ports.mtls}) ...`);
        n.pid = startDetached(java, [...jvmArgs(state, BROKER_HEAP_MB), 'kafka.Kafka', n.props], n.log);
      }
  writeState(o.stateDir, state);
  await Promise.all(SECURE_CLUSTERS.map((a) => clusterReady(state, a, timeout)));
  if (!state.aclsGranted) {
    log('granting the ACLs of drctl, viewer, mm2 and app on both clusters ...');
    const grants: AclGrant[] = [...drctlGrants(), ...viewerGrants(), ...mm2Grants(), ...appGrants()];
    for (const a of SECURE_CLUSTERS) await grantAcls(secureClusterConfig(state, a, 'admin'), grants, 30_000);
    state.aclsGranted = true;
    writeState(o.stateDir, state);
  }
  const since = Date.now();
  log(`${state.connect ? 'MirrorMaker 2 on Connect (two workers)' : 'MirrorMaker 2'} ${flowOf(state).source}->${flowOf(state).target} as mm2 ...`);
  await startMirrorAndDeploy(o.stateDir, state, java, env, timeout, log);
  await mirrorReplicating(state, since - 1000, timeout);
  log(`secure sandbox up: ${SECURE_CLUSTERS.length} clusters of ${NODES} nodes, MM2 replicating (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { state, ms: Date.now() - t0 };
}

/** Start what is down of MM2: the dedicated process, or the Connect workers (then deploy the connectors, idempotently). */
async function startMirrorAndDeploy(stateDir: string, s: SecureSandboxState, java: string, env: NodeJS.ProcessEnv, timeoutMs: number, log: (m: string) => void = () => {}): Promise<void> {
  if (!s.connect) {
    if (isOurProcess(s.mirror.pid, s.mirror.props)) return;
    startMirror(s, java, env);
    writeState(stateDir, s);
    return;
  }
  startConnectWorkers(s.connect.workers, java, jvmArgs(s, MIRROR_HEAP_MB), mirrorEnv(s, env));
  writeState(stateDir, s);
  await connectWorkersReady(s.connect.workers, timeoutMs);
  const flow = flowOf(s);
  const deployed = await deploySandboxConnectors(s.connect.workers, { source: mm2Cluster(s, flow.source), target: mm2Cluster(s, flow.target) }, 'target', secureConnectSettings(), timeoutMs, SECURE_CLUSTERS[1]);
  for (const c of deployed.changes.filter((x) => x.action !== 'none')) log(`${c.action === 'create' ? 'deployed' : 'updated'} ${c.name}`);
}

function startMirror(s: SecureSandboxState, java: string, env: NodeJS.ProcessEnv): void {
  s.mirror.pid = startDetached(java, [...jvmArgs(s, MIRROR_HEAP_MB), 'org.apache.kafka.connect.mirror.MirrorMaker', s.mirror.props], s.mirror.log, mirrorEnv(s, env));
}

function requireState(stateDir: string): SecureSandboxState {
  const s = readSecureSandboxState(stateDir);
  if (!s) throw new DrctlError('DRCTL_SANDBOX', `no secure sandbox in ${secureSandboxDir(stateDir)}`, { hint: 'start it with `drctl sandbox up --profile secure`' });
  return s;
}

/**
 * Stop a part of the profile, keeping its data: MirrorMaker 2, one node of a cluster, or all of a cluster's nodes
 * (`kill`: kill -9, as a crash). `secureSandboxUp` starts again whatever is down.
 */
export async function secureSandboxStop(stateDir: string, component: string, o: { node?: number; kill?: boolean } = {}): Promise<void> {
  const s = requireState(stateDir);
  if (component === 'mirror') {
    if (s.connect) {
      const workers = s.connect.workers;
      if (o.node !== undefined && (o.node < 1 || o.node > workers.length)) throw new DrctlError('DRCTL_USAGE', `--node ${o.node}: the Connect cluster has workers 1..${workers.length}`);
      for (const w of o.node === undefined ? workers : [workers[o.node - 1]]) await stopProcess(w.pid, w.props, o.kill);
      return;
    }
    await stopProcess(s.mirror.pid, s.mirror.props, o.kill);
    return;
  }
  const cluster = s.clusters[component];
  if (!cluster) throw new DrctlError('DRCTL_USAGE', `the secure sandbox has no component ${component}`, { hint: `one of ${[...SECURE_CLUSTERS, 'mirror'].join(', ')}` });
  const nodes = o.node === undefined ? cluster.nodes : cluster.nodes.filter((n) => n.nodeId === o.node);
  if (nodes.length === 0) throw new DrctlError('DRCTL_USAGE', `${component} has no node ${o.node}`, { hint: `its nodes are ${cluster.nodes.map((n) => n.nodeId).join(', ')}` });
  await Promise.all(nodes.map((n) => stopProcess(n.pid, n.props, o.kill)));
}

/** Start one stopped part of the profile (`mirror`, or the nodes of a cluster that are down) and wait until it serves. */
export async function secureSandboxStart(stateDir: string, component: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<void> {
  const s = requireState(stateDir);
  const java = requireJava17(env);
  if (component === 'mirror') {
    if (s.connect ? s.connect.workers.every((w) => isOurProcess(w.pid, w.props)) : isOurProcess(s.mirror.pid, s.mirror.props)) return;
    const since = Date.now();
    await startMirrorAndDeploy(stateDir, s, java, env, timeoutMs);
    await mirrorReplicating(s, since - 1000, timeoutMs);
    return;
  }
  const cluster = s.clusters[component];
  if (!cluster) throw new DrctlError('DRCTL_USAGE', `the secure sandbox has no component ${component}`, { hint: `one of ${[...SECURE_CLUSTERS, 'mirror'].join(', ')}` });
  for (const n of cluster.nodes) if (!isOurProcess(n.pid, n.props)) n.pid = startDetached(java, [...jvmArgs(s, BROKER_HEAP_MB), 'kafka.Kafka', n.props], n.log);
  writeState(stateDir, s);
  await clusterReady(s, component, timeoutMs);
}

/** Is every one of `clusters` a cluster of the secure profile in `stateDir` (its SASL_SSL or mutual-TLS bootstrap)? */
export function isSecureSandboxCluster(stateDir: string, clusters: readonly { alias: string; bootstrapServers: string[] }[]): boolean {
  const s = readSecureSandboxState(stateDir);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return !!s && clusters.every((c) => s.clusters[c.alias] && (same(c.bootstrapServers, secureBootstrap(s, c.alias)) || same(c.bootstrapServers, secureMtlsBootstrap(s, c.alias))));
}

/**
 * Run MM2 in the direction `flow` (failback's reverse step): stop it, drop the old direction's Connect config topic
 * (a restarted MM2 would otherwise run the old connectors' tasks for a while), rewrite its properties and both
 * drctl.yaml files, start it and wait for a heartbeat. False when it already ran that way.
 */
export async function secureSandboxSetMirrorFlow(stateDir: string, flow: { source: string; target: string }, env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<boolean> {
  const s = requireState(stateDir);
  if (s.connect)
    throw new DrctlError('DRCTL_PRECONDITION', "the secure sandbox runs MirrorMaker 2 on Connect: drctl changes it through Connect's REST API, not by restarting it", {
      hint: '`drctl failback` reverses the connectors (drctl.yaml names the Connect cluster)',
    });
  const current = flowOf(s);
  if (current.source === flow.source && current.target === flow.target && isOurProcess(s.mirror.pid, s.mirror.props)) return false;
  const java = requireJava17(env);
  await stopProcess(s.mirror.pid, s.mirror.props);
  const g = probe(s, current.target, 'admin', 15_000);
  try {
    await g.deleteTopics([`mm2-configs.${current.source}.internal`]);
  } finally {
    await g.close();
  }
  s.flow = { source: flow.source, target: flow.target };
  writeFlowFiles(stateDir, s);
  const since = Date.now();
  startMirror(s, java, env);
  writeState(stateDir, s);
  await mirrorReplicating(s, since, timeoutMs);
  return true;
}

/** MM2's properties and both drctl.yaml files for the direction the state records. */
function writeFlowFiles(stateDir: string, s: SecureSandboxState): void {
  writeFileSync(s.mirror.props, mirrorProps(s), { mode: 0o600 });
  writeFileSync(secureSandboxConfigPath(stateDir), drctlYaml(s, 'sasl'), { mode: 0o600 });
  writeFileSync(secureMtlsConfigPath(stateDir), drctlYaml(s, 'mtls'), { mode: 0o600 });
}

/** The profile's connectors on Connect now run `flow` (failback reversed them): its state and drctl.yaml say so. */
export function secureSandboxRecordConnectFlow(stateDir: string, flow: { source: string; target: string }): void {
  const s = requireState(stateDir);
  s.flow = { source: flow.source, target: flow.target };
  writeFlowFiles(stateDir, s);
  writeState(stateDir, s);
}

/** Stop every process of the profile (by pid and command line) and remove its folder. */
export async function secureSandboxDown(stateDir: string, kill = false): Promise<void> {
  const s = readSecureSandboxState(stateDir);
  if (s) {
    await stopProcess(s.mirror.pid, s.mirror.props, kill);
    for (const w of s.connect?.workers ?? []) await stopProcess(w.pid, w.props, kill);
    await Promise.all(SECURE_CLUSTERS.flatMap((a) => s.clusters[a].nodes.map((n) => stopProcess(n.pid, n.props, kill))));
  }
  rmSync(secureSandboxDir(stateDir), { recursive: true, force: true });
}
