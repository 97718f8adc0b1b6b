/**
 * The local sandbox: two single-node KRaft clusters (NYC, LON) and MirrorMaker 2 NYC->LON, started from
 * Maven-resolved jars, recorded in <state dir>/sandbox/state.json. Used by `drctl sandbox`, the demo and the tests.
 * Only processes whose pid and command line match what we recorded are ever stopped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxConfigPath, sandboxDir } from '../config/state-dir.js';
import { DrctlError, usageError } from '../errors.js';
import { KafkajsGateway } from '../kafka/kafkajs-gateway.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { brokerProperties, mirrorProperties, newClusterId, sandboxConnectSettings, sandboxDrctlYaml } from './configs.js';
import { ensureKafkaJars, resolveKafkaVersion } from './jars.js';
import { requireJava17 } from './prerequisites.js';
import { freePort, isOurProcess, startDetached, stopProcess, waitFor } from './processes.js';
import { ensureSandboxSecrets, securedListeners } from './secured-listeners.js';
import { awaitMirrorHeartbeat } from './heartbeat-wait.js';
import { kafkaJvmArgs, writeLogConfigs } from './jvm.js';
import { connectWorkersReady, deploySandboxConnectors, newConnectWorkers, startConnectWorkers, workerUrl, type ConnectWorkerState } from './connect-workers.js';

/** The aliases the sandbox always uses. */
export const SANDBOX_SOURCE = 'NYC';
export const SANDBOX_TARGET = 'LON';
/** A sandbox component that can be stopped and started on demand. */
export type SandboxComponent = typeof SANDBOX_SOURCE | typeof SANDBOX_TARGET | 'mirror';
export const SANDBOX_COMPONENTS: readonly SandboxComponent[] = [SANDBOX_SOURCE, SANDBOX_TARGET, 'mirror'];

interface BrokerState {
  port: number;
  controllerPort: number;
  /** The SASL_PLAINTEXT (PLAIN) and SSL listeners; absent in sandboxes made before they existed. */
  saslPort?: number;
  sslPort?: number;
  clusterId: string;
  dataDir: string;
  props: string;
  log: string;
  pid?: number;
}

/** What state.json records. */
export interface SandboxState {
  kafkaVersion: string;
  libs: string;
  createdAt: string;
  clusters: Record<string, BrokerState>;
  /** `flow` is absent in sandboxes made before failback existed: NYC->LON. */
  mirror: { props: string; log: string; pid?: number; syncGroupOffsets: boolean; flow?: { source: string; target: string }; mm2Defaults?: boolean; mode?: 'dedicated' | 'connect' };
  /** `--mirror connect`: the Connect workers that run MM2's connectors (absent for dedicated MM2). */
  connect?: { workers: ConnectWorkerState[] };
  /** `drctl agent` beside MM2, when `sandbox up --agent` asked for it. */
  agent?: { log: string; pid?: number };
}

/** One row of `drctl sandbox status`. */
export interface ComponentStatus {
  component: SandboxComponent | 'agent';
  running: boolean;
  pid: number | null;
  address: string | null;
  log: string;
}

/** The answer of status/up/start/stop. */
export interface SandboxStatus {
  up: boolean;
  kafkaVersion: string | null;
  stateDir: string;
  config: string | null;
  components: ComponentStatus[];
  /** `--mirror connect`: the REST URLs of the Connect workers. */
  connect?: string[];
}

/** Timings of `sandbox up`, in ms. */
export interface SandboxUpTimings {
  jarsMs: number;
  brokersReadyMs: number;
  mirrorReplicatingMs: number;
  totalMs: number;
}

/** Options of `sandbox up`. */
export interface SandboxUpOptions {
  stateDir: string;
  kafkaVersion?: string;
  syncGroupOffsets?: boolean;
  /** MM2 with its defaults for precision: offset syncs on the source, offset.lag.max 100 (see MirrorSpec). */
  mm2Defaults?: boolean;
  /** MirrorMaker 2 as one dedicated process (default), or as connectors on a Connect cluster of two workers. */
  mirror?: 'dedicated' | 'connect';
  /** Also run `drctl agent` beside MM2 (every 2 s), kept running by later `sandbox up`s. */
  agent?: boolean;
  /** Progress lines (stderr in the CLI). */
  log?: (msg: string) => void;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for each readiness step (default 120 s). */
  readyTimeoutMs?: number;
}

const statePath = (stateDir: string): string => join(sandboxDir(stateDir), 'state.json');

/** Read state.json, or undefined when no sandbox was brought up in this state dir. */
export function readSandboxState(stateDir: string): SandboxState | undefined {
  const p = statePath(stateDir);
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')) as SandboxState;
}

function writeState(stateDir: string, s: SandboxState): void {
  writeFileSync(statePath(stateDir), `${JSON.stringify(s, null, 2)}\n`);
}

/** Status of every component (running is checked by pid and command line). */
export function sandboxStatus(stateDir: string): SandboxStatus {
  const s = readSandboxState(stateDir);
  if (!s) return { up: false, kafkaVersion: null, stateDir, config: null, components: [] };
  const components: ComponentStatus[] = SANDBOX_COMPONENTS.map((c) => {
    if (c === 'mirror' && s.connect) {
      const alive = s.connect.workers.filter((w) => isOurProcess(w.pid, w.props));
      return { component: c, running: alive.length === s.connect.workers.length, pid: alive[0]?.pid ?? null, address: s.connect.workers.map(workerUrl).join(','), log: s.connect.workers[0].log };
    }
    if (c === 'mirror') {
      const running = isOurProcess(s.mirror.pid, s.mirror.props);
      return { component: c, running, pid: running ? s.mirror.pid! : null, address: null, log: s.mirror.log };
    }
    const b = s.clusters[c];
    const running = isOurProcess(b.pid, b.props);
    return { component: c, running, pid: running ? b.pid! : null, address: `127.0.0.1:${b.port}`, log: b.log };
  });
  if (s.agent) {
    const running = isOurProcess(s.agent.pid, agentMarker(stateDir));
    components.push({ component: 'agent', running, pid: running ? s.agent.pid! : null, address: null, log: s.agent.log });
  }
  return { up: components.every((c) => c.running), kafkaVersion: s.kafkaVersion, stateDir, config: sandboxConfigPath(stateDir), components, ...(s.connect ? { connect: s.connect.workers.map(workerUrl) } : {}) };
}

const jvmArgs = (s: SandboxState): string[] => kafkaJvmArgs(s.kafkaVersion, s.libs);

/** drctl's own entry point (the sandbox's agent runs it). */
const RUN_JS = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
/** What the sandbox agent's command line holds (NUL-separated arguments): told apart from any other drctl. */
const agentMarker = (stateDir: string): string => `agent\0--config\0${sandboxConfigPath(stateDir)}`;

/** A gateway to a sandbox cluster with a short deadline, for readiness probes. */
function probeGateway(s: SandboxState, alias: string, timeoutMs = 3000): ClusterGateway {
  return new KafkajsGateway({ alias, bootstrapServers: [`127.0.0.1:${s.clusters[alias].port}`] }, { timeoutMs, clientId: 'drctl-sandbox' });
}

async function brokerReady(s: SandboxState, alias: string, timeoutMs: number): Promise<void> {
  const b = s.clusters[alias];
  await waitFor(
    async () => {
      if (!isOurProcess(b.pid, b.props)) throw new DrctlError('DRCTL_SANDBOX', `${alias} broker exited during start-up`, { hint: `see ${b.log}` });
      const g = probeGateway(s, alias);
      try {
        const info = await g.describeCluster();
        return info.clusterId === b.clusterId;
      } catch {
        return false;
      } finally {
        await g.close();
      }
    },
    timeoutMs,
    `${alias} to accept requests`,
    300,
  );
}

/** The direction the sandbox's MM2 replicates. */
export const sandboxMirrorFlow = (s: SandboxState): { source: string; target: string } => s.mirror.flow ?? { source: SANDBOX_SOURCE, target: SANDBOX_TARGET };

/** MM2 replicates when a heartbeat newer than `since` has arrived on the target in `<source>.heartbeats`. */
async function mirrorReplicating(s: SandboxState, since: number, timeoutMs: number): Promise<void> {
  const flow = sandboxMirrorFlow(s);
  // On Connect, the first worker stands for MM2 in "exited during start-up".
  const proc = s.connect ? s.connect.workers[0] : s.mirror;
  await awaitMirrorHeartbeat(probeGateway(s, flow.target), `${flow.source}.heartbeats`, since, proc, timeoutMs, s.connect ? 'MirrorMaker 2 on Connect to replicate heartbeats' : undefined);
}

/** Start what is down of the sandbox's MM2 (the dedicated process, or the Connect workers and their connectors). */
async function startMirrorAndDeploy(stateDir: string, s: SandboxState, java: string, timeoutMs: number, log: (m: string) => void): Promise<boolean> {
  if (!s.connect) {
    if (isOurProcess(s.mirror.pid, s.mirror.props)) return false;
    startMirror(s, java);
    writeState(stateDir, s);
    return true;
  }
  const started = startConnectWorkers(s.connect.workers, java, jvmArgs(s));
  writeState(stateDir, s);
  await connectWorkersReady(s.connect.workers, timeoutMs);
  const flow = sandboxMirrorFlow(s);
  const deployed = await deploySandboxConnectors(
    s.connect.workers,
    { source: { alias: flow.source, bootstrapServers: [`127.0.0.1:${s.clusters[flow.source].port}`] }, target: { alias: flow.target, bootstrapServers: [`127.0.0.1:${s.clusters[flow.target].port}`] } },
    s.mirror.mm2Defaults ? 'source' : 'target',
    sandboxConnectSettings(s.mirror.mm2Defaults ?? false),
    timeoutMs,
    SANDBOX_TARGET, // the workers' cluster, whichever way the flow runs
  );
  for (const c of deployed.changes.filter((x) => x.action !== 'none')) log(`${c.action === 'create' ? 'deployed' : 'updated'} ${c.name}`);
  return started || deployed.changes.some((c) => c.action !== 'none');
}

function startBroker(s: SandboxState, alias: string, java: string): void {
  const b = s.clusters[alias];
  b.pid = startDetached(java, [...jvmArgs(s), 'kafka.Kafka', b.props], b.log);
}

function startMirror(s: SandboxState, java: string): void {
  s.mirror.pid = startDetached(java, [...jvmArgs(s), 'org.apache.kafka.connect.mirror.MirrorMaker', s.mirror.props], s.mirror.log);
}

/**
 * Bring the sandbox up: resolve jars, format and start both brokers, start MM2, and wait until MM2 replicates.
 * Re-running it on a sandbox that is partly down restarts what is down.
 */
export async function sandboxUp(o: SandboxUpOptions): Promise<{ status: SandboxStatus; timings: SandboxUpTimings }> {
  const log = o.log ?? (() => {});
  const env = o.env ?? process.env;
  const timeout = o.readyTimeoutMs ?? 120000;
  const t0 = Date.now();
  const java = requireJava17(env);
  let s = readSandboxState(o.stateDir);
  const version = s?.kafkaVersion ?? resolveKafkaVersion(o.kafkaVersion ?? env.KAFKA_VERSION);
  if (s && o.mirror && o.mirror !== (s.mirror.mode ?? 'dedicated')) {
    throw usageError(`the sandbox in ${o.stateDir} runs MirrorMaker 2 ${s.mirror.mode === 'connect' ? 'on Connect' : 'dedicated'}`, 'run `drctl sandbox down` first to change how MM2 runs');
  }
  if (s && o.kafkaVersion && resolveKafkaVersion(o.kafkaVersion) !== s.kafkaVersion) {
    throw usageError(`the sandbox in ${o.stateDir} runs Kafka ${s.kafkaVersion}`, 'run `drctl sandbox down` first to change versions');
  }
  const libs = ensureKafkaJars(version, env, log);
  writeLogConfigs(libs);
  const jarsMs = Date.now() - t0;

  const dir = sandboxDir(o.stateDir);
  if (!s) {
    mkdirSync(dir, { recursive: true });
    const secrets = ensureSandboxSecrets(dir, java);
    const clusters: Record<string, BrokerState> = {};
    for (const alias of [SANDBOX_SOURCE, SANDBOX_TARGET]) {
      const b: BrokerState = {
        port: await freePort(),
        controllerPort: await freePort(),
        saslPort: await freePort(),
        sslPort: await freePort(),
        clusterId: newClusterId(),
        dataDir: join(dir, alias, 'data'),
        props: join(dir, alias, 'server.properties'),
        log: join(dir, alias, 'broker.log'),
      };
      mkdirSync(b.dataDir, { recursive: true });
      writeFileSync(b.props, brokerProperties({ alias, ...b, authorizer: alias === 'LON', secured: securedListeners({ saslPort: b.saslPort!, sslPort: b.sslPort! }, secrets) }), { mode: 0o600 });
      clusters[alias] = b;
    }
    s = {
      kafkaVersion: version,
      libs,
      createdAt: new Date().toISOString(),
      clusters,
      mirror: { props: join(dir, 'mirror', 'mm2.properties'), log: join(dir, 'mirror', 'mirror.log'), syncGroupOffsets: o.syncGroupOffsets ?? false, mm2Defaults: o.mm2Defaults ?? false, mode: o.mirror ?? 'dedicated' },
    };
    mkdirSync(join(dir, 'mirror'), { recursive: true });
    if (o.mirror === 'connect') s.connect = { workers: await newConnectWorkers(join(dir, 'mirror'), { bootstrap: [`127.0.0.1:${clusters[SANDBOX_TARGET].port}`], security: [], replicationFactor: 1 }, SANDBOX_SOURCE) };
    writeMirrorFiles(o.stateDir, s);
    log(`formatting KRaft storage for ${SANDBOX_SOURCE} and ${SANDBOX_TARGET} (Kafka ${version}) ...`);
    for (const alias of [SANDBOX_SOURCE, SANDBOX_TARGET]) {
      const b = clusters[alias];
      const r = spawnSync(java, [...jvmArgs(s), 'kafka.tools.StorageTool', 'format', '-t', b.clusterId, '-c', b.props, '--ignore-formatted'], { encoding: 'utf8' });
      if (r.status !== 0) {
        throw new DrctlError('DRCTL_SANDBOX', `formatting ${alias}'s storage failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
      }
    }
    writeState(o.stateDir, s);
  }

  const state = s;
  for (const alias of [SANDBOX_SOURCE, SANDBOX_TARGET]) {
    if (!isOurProcess(state.clusters[alias].pid, state.clusters[alias].props)) {
      log(`starting ${alias} broker on 127.0.0.1:${state.clusters[alias].port} ...`);
      startBroker(state, alias, java);
    }
  }
  writeState(o.stateDir, state);
  await Promise.all([SANDBOX_SOURCE, SANDBOX_TARGET].map((a) => brokerReady(state, a, timeout)));
  const brokersReadyMs = Date.now() - t0;
  const mirrorStart = Date.now();
  log(`${state.connect ? 'MirrorMaker 2 on Connect (two workers)' : 'MirrorMaker 2'} ${sandboxMirrorFlow(state).source}->${sandboxMirrorFlow(state).target} ...`);
  await startMirrorAndDeploy(o.stateDir, state, java, timeout, log);
  await mirrorReplicating(state, mirrorStart - 1000, timeout);
  const mirrorReplicatingMs = Date.now() - t0;
  log(`MM2 is replicating (${((Date.now() - t0) / 1000).toFixed(1)} s after start)`);
  if (o.agent && !state.agent) state.agent = { log: join(sandboxDir(o.stateDir), 'agent.log') };
  if (state.agent && !isOurProcess(state.agent.pid, agentMarker(o.stateDir))) {
    log('starting drctl agent (exact checkpoints every 2 s) ...');
    state.agent.pid = startDetached(process.execPath, [RUN_JS, 'agent', '--config', sandboxConfigPath(o.stateDir), '--interval', '2s', '--rpo-interval', '30s'], state.agent.log, { ...env, DRCTL_STATE_DIR: o.stateDir });
    writeState(o.stateDir, state);
  }
  return { status: sandboxStatus(o.stateDir), timings: { jarsMs, brokersReadyMs, mirrorReplicatingMs, totalMs: Date.now() - t0 } };
}

function requireState(stateDir: string): SandboxState {
  const s = readSandboxState(stateDir);
  if (!s) throw new DrctlError('DRCTL_NO_SANDBOX', `no sandbox in ${stateDir}`, { hint: 'run `drctl sandbox up` first' });
  return s;
}

/** Stop one component, keeping its data: gracefully, or with kill -9 (`kill`). */
export async function sandboxStop(stateDir: string, component: SandboxComponent, kill = false, node?: number): Promise<SandboxStatus> {
  const s = requireState(stateDir);
  if (node !== undefined && !(component === 'mirror' && s.connect)) throw usageError('--node needs --profile secure, or the mirror of a sandbox with --mirror connect', 'the default sandbox has one node per cluster');
  if (component === 'mirror' && s.connect) {
    if (node !== undefined && (node < 1 || node > s.connect.workers.length)) throw usageError(`--node ${node}: the Connect cluster has workers 1..${s.connect.workers.length}`);
    for (const w of node === undefined ? s.connect.workers : [s.connect.workers[node - 1]]) await stopProcess(w.pid, w.props, kill);
  } else if (component === 'mirror') await stopProcess(s.mirror.pid, s.mirror.props, kill);
  else await stopProcess(s.clusters[component].pid, s.clusters[component].props, kill);
  return sandboxStatus(stateDir);
}

/** Start one stopped component again with its data, and wait until it is ready. */
export async function sandboxStart(stateDir: string, component: SandboxComponent, env: NodeJS.ProcessEnv = process.env, timeoutMs = 120000): Promise<SandboxStatus> {
  const s = requireState(stateDir);
  const java = requireJava17(env);
  if (component === 'mirror') {
    const since = Date.now();
    if (await startMirrorAndDeploy(stateDir, s, java, timeoutMs, () => {})) await mirrorReplicating(s, since, timeoutMs);
  } else if (!isOurProcess(s.clusters[component].pid, s.clusters[component].props)) {
    startBroker(s, component, java);
    writeState(stateDir, s);
    await brokerReady(s, component, timeoutMs);
  }
  return sandboxStatus(stateDir);
}

/**
 * Point the sandbox's MM2 the other way (failback): stop it, remove the old direction's connector configs, rewrite its
 * properties for `flow`, start it and wait until it replicates; the sandbox's drctl.yaml then names `flow` as its
 * flow. False when MM2 already ran `flow`.
 */
export async function sandboxSetMirrorFlow(stateDir: string, flow: { source: string; target: string }, env: NodeJS.ProcessEnv = process.env, timeoutMs = 120000): Promise<boolean> {
  return sandboxSetMirror(stateDir, { flow }, env, timeoutMs);
}

/**
 * Reconfigure the sandbox's MM2 (its direction, or MM2's defaults for precision) and restart it: the properties
 * and drctl.yaml are rewritten, and it waits until MM2 replicates. False when nothing changed and MM2 runs.
 */
export async function sandboxSetMirror(stateDir: string, change: { flow?: { source: string; target: string }; mm2Defaults?: boolean }, env: NodeJS.ProcessEnv = process.env, timeoutMs = 120000): Promise<boolean> {
  const s = requireState(stateDir);
  if (s.connect)
    throw new DrctlError('DRCTL_PRECONDITION', "the sandbox runs MirrorMaker 2 on Connect: drctl changes it through Connect's REST API, not by restarting it", {
      hint: '`drctl failback` reverses the connectors (drctl.yaml names the Connect cluster); `drctl mirror deploy` changes their settings',
    });
  const current = sandboxMirrorFlow(s);
  const flow = change.flow ?? current;
  const mm2Defaults = change.mm2Defaults ?? s.mirror.mm2Defaults ?? false;
  const running = isOurProcess(s.mirror.pid, s.mirror.props);
  if (current.source === flow.source && current.target === flow.target && mm2Defaults === (s.mirror.mm2Defaults ?? false) && running) return false;
  const java = requireJava17(env);
  await stopProcess(s.mirror.pid, s.mirror.props);
  // The old configuration's connector configs live on in its Connect config topic, and a restarted MM2 runs their
  // tasks for a few seconds before it applies the new file: long enough to copy the old primary into the new one
  // again. Without the topic, the herder starts from the configs of this file alone.
  const g = probeGateway(s, current.target, 15000);
  try {
    await g.deleteTopics([`mm2-configs.${current.source}.internal`]);
  } finally {
    await g.close();
  }
  s.mirror.flow = { source: flow.source, target: flow.target };
  s.mirror.mm2Defaults = mm2Defaults;
  writeMirrorFiles(stateDir, s);
  const since = Date.now();
  startMirror(s, java);
  writeState(stateDir, s);
  await mirrorReplicating(s, since, timeoutMs);
  return true;
}

/**
 * The sandbox's connectors on Connect now run `flow` (failback reversed them through the REST API): its state and
 * drctl.yaml say so, and restarting its workers redeploys this direction.
 */
export function sandboxRecordConnectFlow(stateDir: string, flow: { source: string; target: string }): void {
  const s = requireState(stateDir);
  s.mirror.flow = { source: flow.source, target: flow.target };
  writeMirrorFiles(stateDir, s);
  writeState(stateDir, s);
}

/** mm2.properties and drctl.yaml for the MM2 the state describes (its flow, its precision settings). */
function writeMirrorFiles(stateDir: string, s: SandboxState): void {
  const flow = sandboxMirrorFlow(s);
  writeFileSync(
    s.mirror.props,
    mirrorProperties({ source: { alias: flow.source, port: s.clusters[flow.source].port }, target: { alias: flow.target, port: s.clusters[flow.target].port }, syncGroupOffsets: s.mirror.syncGroupOffsets, mm2Defaults: s.mirror.mm2Defaults }),
  );
  writeFileSync(
    sandboxConfigPath(stateDir),
    sandboxDrctlYaml(
      [SANDBOX_SOURCE, SANDBOX_TARGET].map((a) => ({ alias: a, port: s.clusters[a].port, clusterId: s.clusters[a].clusterId })),
      flow,
      s.mirror.mm2Defaults ? 'source' : 'target',
      s.connect ? sandboxConnectSettings(s.mirror.mm2Defaults ?? false) : undefined,
      s.connect ? workerUrl(s.connect.workers[0]) : undefined,
      SANDBOX_TARGET,
    ),
  );
}

/** Does this config point at the sandbox in `stateDir` (both clusters at its addresses)? */
export function isSandboxCluster(stateDir: string, clusters: readonly { alias: string; bootstrapServers: string[] }[]): boolean {
  const s = readSandboxState(stateDir);
  return !!s && clusters.every((c) => s.clusters[c.alias] && c.bootstrapServers.length === 1 && c.bootstrapServers[0] === `127.0.0.1:${s.clusters[c.alias].port}`);
}

/** Stop every component (MM2 first) and remove the sandbox's data and config. */
export async function sandboxDown(stateDir: string, kill = false): Promise<SandboxStatus> {
  const s = readSandboxState(stateDir);
  if (s) {
    if (s.agent) await stopProcess(s.agent.pid, agentMarker(stateDir), kill);
    await stopProcess(s.mirror.pid, s.mirror.props, kill);
    for (const w of s.connect?.workers ?? []) await stopProcess(w.pid, w.props, kill);
    await Promise.all(Object.values(s.clusters).map((b) => stopProcess(b.pid, b.props, kill)));
  }
  rmSync(sandboxDir(stateDir), { recursive: true, force: true });
  return sandboxStatus(stateDir);
}
