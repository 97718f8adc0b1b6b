/**
 * The local sandbox: single-node KRaft clusters and MirrorMaker 2, started from Maven-resolved jars, recorded in
 * <state dir>/sandbox/state.json. Used by `drctl sandbox`, the demo and the tests. By default two clusters (NYC, LON)
 * and MM2 NYC->LON; the other topologies (topology.ts) add the reverse flow, or a hub with a mirror per spoke. Only
 * processes whose pid and command line match what we recorded are ever stopped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { BROKER_HEAP_MB, kafkaJvmArgs, MIRROR_HEAP_MB, writeLogConfigs } from './jvm.js';
import { connectWorkersReady, deploySandboxConnectors, newConnectWorkers, startConnectWorkers, workerUrl, type ConnectWorkerState } from './connect-workers.js';
import { installRoot } from './install-root.js';
import { flowEndsName, SANDBOX_HUB, topologyClusters, topologyMirrors, type FlowEnds, type SandboxTopology } from './topology.js';

/** The aliases the sandbox always uses. */
export const SANDBOX_SOURCE = 'NYC';
export const SANDBOX_TARGET = 'LON';
/** A sandbox component that can be stopped and started on demand: a cluster of its topology, or the mirror. */
export type SandboxComponent = string;
/** Every component name of any topology (a sandbox accepts those of its own). */
export const SANDBOX_COMPONENTS: readonly SandboxComponent[] = [SANDBOX_SOURCE, SANDBOX_TARGET, SANDBOX_HUB, 'mirror'];

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

/** A dedicated MM2 process with the flows it runs (state.json keeps the first in `mirror`, the rest here). */
export interface MirrorProcess {
  props: string;
  log: string;
  pid?: number;
  flows: FlowEnds[];
}

/** What state.json records. */
export interface SandboxState {
  kafkaVersion: string;
  libs: string;
  createdAt: string;
  /** Absent in sandboxes made before topologies existed: active-standby. */
  topology?: SandboxTopology;
  clusters: Record<string, BrokerState>;
  /**
   * The first (or only) MM2. `flow` is absent in sandboxes made before failback existed: NYC->LON. `flows`, when
   * present, is every flow it runs (active-active: both directions), `flow` the first.
   */
  mirror: { props: string; log: string; pid?: number; syncGroupOffsets: boolean; flow?: { source: string; target: string }; flows?: FlowEnds[]; mm2Defaults?: boolean; mode?: 'dedicated' | 'connect' };
  /** Further MM2 processes (hub-spoke: the second spoke's). */
  moreMirrors?: MirrorProcess[];
  /** `--mirror connect`: the Connect workers that run MM2's connectors (absent for dedicated MM2). */
  connect?: { workers: ConnectWorkerState[] };
  /** `drctl agent` beside MM2, when `sandbox up --agent` asked for it. */
  agent?: { log: string; pid?: number };
}

/** One row of `drctl sandbox status`. */
export interface ComponentStatus {
  component: SandboxComponent | 'agent';
  /** A mirror's flows (e.g. `NYC->AGG`), when the topology has more than one. */
  flows?: string[];
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
  /** The architecture (default active-standby): see topology.ts. */
  topology?: SandboxTopology;
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
  const components: ComponentStatus[] = sandboxClusters(s).map((c) => {
    const b = s.clusters[c];
    const running = isOurProcess(b.pid, b.props);
    return { component: c, running, pid: running ? b.pid! : null, address: `127.0.0.1:${b.port}`, log: b.log };
  });
  const several = sandboxFlows(s).length > 1;
  if (s.connect) {
    const alive = s.connect.workers.filter((w) => isOurProcess(w.pid, w.props));
    components.push({ component: 'mirror', running: alive.length === s.connect.workers.length, pid: alive[0]?.pid ?? null, address: s.connect.workers.map(workerUrl).join(','), log: s.connect.workers[0].log });
  } else
    for (const m of mirrorProcesses(s)) {
      const running = isOurProcess(m.pid, m.props);
      components.push({ component: 'mirror', ...(several ? { flows: m.flows.map(flowEndsName) } : {}), running, pid: running ? m.pid! : null, address: null, log: m.log });
    }
  if (s.agent) {
    const running = isOurProcess(s.agent.pid, agentMarker(stateDir));
    components.push({ component: 'agent', running, pid: running ? s.agent.pid! : null, address: null, log: s.agent.log });
  }
  return { up: components.every((c) => c.running), kafkaVersion: s.kafkaVersion, stateDir, config: sandboxConfigPath(stateDir), components, ...(s.connect ? { connect: s.connect.workers.map(workerUrl) } : {}) };
}

const jvmArgs = (s: SandboxState): string[] => kafkaJvmArgs(s.kafkaVersion, s.libs);
const brokerJvmArgs = (s: SandboxState): string[] => kafkaJvmArgs(s.kafkaVersion, s.libs, BROKER_HEAP_MB);
const mirrorJvmArgs = (s: SandboxState): string[] => kafkaJvmArgs(s.kafkaVersion, s.libs, MIRROR_HEAP_MB);

/** The sandbox's topology. */
export const sandboxTopology = (s: SandboxState): SandboxTopology => s.topology ?? 'active-standby';

/** The sandbox's clusters, in start order. */
const sandboxClusters = (s: SandboxState): string[] => topologyClusters(sandboxTopology(s));

/** Every dedicated MM2 process with the flows it runs (the first is `s.mirror`). */
function mirrorProcesses(s: SandboxState): MirrorProcess[] {
  return [{ props: s.mirror.props, log: s.mirror.log, pid: s.mirror.pid, flows: s.mirror.flows ?? [sandboxMirrorFlow(s)] }, ...(s.moreMirrors ?? [])];
}

/** Every flow the sandbox's MM2 runs. */
export const sandboxFlows = (s: SandboxState): FlowEnds[] => mirrorProcesses(s).flatMap((m) => m.flows);

/** Record a process's pid where the state keeps it (`s.mirror` for the first). */
function setMirrorPid(s: SandboxState, index: number, pid: number | undefined): void {
  if (index === 0) s.mirror.pid = pid;
  else s.moreMirrors![index - 1].pid = pid;
}

/** drctl's own entry point (the sandbox's agent runs it). */
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

/**
 * MM2 replicates when a heartbeat newer than `since` has arrived on each flow's target in `<source>.heartbeats`
 * (every flow of the processes at `indexes`, default all).
 */
async function mirrorReplicating(s: SandboxState, since: number, timeoutMs: number, indexes?: readonly number[]): Promise<void> {
  if (s.connect) {
    // On Connect, the first worker stands for MM2 in "exited during start-up".
    const flow = sandboxMirrorFlow(s);
    await awaitMirrorHeartbeat(probeGateway(s, flow.target), `${flow.source}.heartbeats`, since, s.connect.workers[0], timeoutMs, 'MirrorMaker 2 on Connect to replicate heartbeats');
    return;
  }
  const procs = mirrorProcesses(s).filter((_, i) => !indexes || indexes.includes(i));
  await Promise.all(
    procs.flatMap((m) => m.flows.map((f) => awaitMirrorHeartbeat(probeGateway(s, f.target), `${f.source}.heartbeats`, since, m, timeoutMs, m.flows.length > 1 || procs.length > 1 ? `MirrorMaker 2 ${flowEndsName(f)} to replicate heartbeats` : undefined))),
  );
}

/**
 * Start what is down of the sandbox's MM2 (the dedicated processes, or the Connect workers and their connectors);
 * `only` limits it to the processes at those indexes. Returns the indexes of the processes started (Connect: [0]).
 */
async function startMirrorAndDeploy(stateDir: string, s: SandboxState, java: string, timeoutMs: number, log: (m: string) => void, only?: readonly number[]): Promise<number[]> {
  if (!s.connect) {
    const started: number[] = [];
    mirrorProcesses(s).forEach((m, i) => {
      if ((only && !only.includes(i)) || isOurProcess(m.pid, m.props)) return;
      setMirrorPid(s, i, startDetached(java, [...mirrorJvmArgs(s), 'org.apache.kafka.connect.mirror.MirrorMaker', m.props], m.log));
      started.push(i);
    });
    writeState(stateDir, s);
    return started;
  }
  const started = startConnectWorkers(s.connect.workers, java, mirrorJvmArgs(s));
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
  return started || deployed.changes.some((c) => c.action !== 'none') ? [0] : [];
}

function startBroker(s: SandboxState, alias: string, java: string): void {
  const b = s.clusters[alias];
  b.pid = startDetached(java, [...brokerJvmArgs(s), 'kafka.Kafka', b.props], b.log);
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
  if (s && o.topology && o.topology !== sandboxTopology(s)) {
    throw usageError(`the sandbox in ${o.stateDir} runs the ${sandboxTopology(s)} topology`, 'run `drctl sandbox down` first to change topologies');
  }
  const topology = s ? sandboxTopology(s) : (o.topology ?? 'active-standby');
  if (topology !== 'active-standby' && (o.mirror === 'connect' || s?.connect)) throw usageError(`--mirror connect runs one flow: the ${topology} topology runs MM2 dedicated`, 'leave out --mirror, or use --topology active-standby');
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
    for (const alias of topologyClusters(topology)) {
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
    const [first, ...more] = topologyMirrors(topology);
    s = {
      kafkaVersion: version,
      libs,
      createdAt: new Date().toISOString(),
      ...(topology !== 'active-standby' ? { topology } : {}),
      clusters,
      mirror: {
        props: join(dir, 'mirror', 'mm2.properties'),
        log: join(dir, 'mirror', 'mirror.log'),
        syncGroupOffsets: o.syncGroupOffsets ?? false,
        mm2Defaults: o.mm2Defaults ?? false,
        mode: o.mirror ?? 'dedicated',
        flow: first[0],
        ...(first.length > 1 ? { flows: first } : {}),
      },
      ...(more.length ? { moreMirrors: more.map((flows) => ({ props: join(dir, 'mirror', `mm2-${flows[0].source}-${flows[0].target}.properties`), log: join(dir, 'mirror', `mirror-${flows[0].source}-${flows[0].target}.log`), flows })) } : {}),
    };
    mkdirSync(join(dir, 'mirror'), { recursive: true });
    if (o.mirror === 'connect') s.connect = { workers: await newConnectWorkers(join(dir, 'mirror'), { bootstrap: [`127.0.0.1:${clusters[SANDBOX_TARGET].port}`], security: [], replicationFactor: 1 }, SANDBOX_SOURCE) };
    writeMirrorFiles(o.stateDir, s);
    const aliases = topologyClusters(topology);
    log(`formatting KRaft storage for ${aliases.slice(0, -1).join(', ')} and ${aliases.at(-1)} (Kafka ${version}) ...`);
    for (const alias of aliases) {
      const b = clusters[alias];
      const r = spawnSync(java, [...jvmArgs(s), 'kafka.tools.StorageTool', 'format', '-t', b.clusterId, '-c', b.props, '--ignore-formatted'], { encoding: 'utf8' });
      if (r.status !== 0) {
        throw new DrctlError('DRCTL_SANDBOX', `formatting ${alias}'s storage failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
      }
    }
    writeState(o.stateDir, s);
  }

  const state = s;
  for (const alias of sandboxClusters(state)) {
    if (!isOurProcess(state.clusters[alias].pid, state.clusters[alias].props)) {
      log(`starting ${alias} broker on 127.0.0.1:${state.clusters[alias].port} ...`);
      startBroker(state, alias, java);
    }
  }
  writeState(o.stateDir, state);
  await Promise.all(sandboxClusters(state).map((a) => brokerReady(state, a, timeout)));
  const brokersReadyMs = Date.now() - t0;
  const mirrorStart = Date.now();
  log(`${state.connect ? 'MirrorMaker 2 on Connect (two workers)' : 'MirrorMaker 2'} ${sandboxFlows(state).map(flowEndsName).join(', ')} ...`);
  await startMirrorAndDeploy(o.stateDir, state, java, timeout, log);
  await mirrorReplicating(state, mirrorStart - 1000, timeout);
  const mirrorReplicatingMs = Date.now() - t0;
  log(`MM2 is replicating (${((Date.now() - t0) / 1000).toFixed(1)} s after start)`);
  if (o.agent && !state.agent) state.agent = { log: join(sandboxDir(o.stateDir), 'agent.log') };
  if (state.agent && !isOurProcess(state.agent.pid, agentMarker(o.stateDir))) {
    log('starting drctl agent (exact checkpoints every 2 s) ...');
    state.agent.pid = startDetached(process.execPath, [join(installRoot(), 'bin', 'run.js'), 'agent', '--config', sandboxConfigPath(o.stateDir), '--interval', '2s', '--rpo-interval', '30s'], state.agent.log, { ...env, DRCTL_STATE_DIR: o.stateDir });
    writeState(o.stateDir, state);
  }
  return { status: sandboxStatus(o.stateDir), timings: { jarsMs, brokersReadyMs, mirrorReplicatingMs, totalMs: Date.now() - t0 } };
}

function requireState(stateDir: string): SandboxState {
  const s = readSandboxState(stateDir);
  if (!s) throw new DrctlError('DRCTL_NO_SANDBOX', `no sandbox in ${stateDir}`, { hint: 'run `drctl sandbox up` first' });
  return s;
}

/** A cluster of this sandbox, or the mirror; anything else is a usage error naming what there is. */
function checkComponent(s: SandboxState, component: SandboxComponent): void {
  if (component === 'mirror' || sandboxClusters(s).includes(component)) return;
  throw usageError(`the ${sandboxTopology(s)} sandbox has no ${component}`, `its components: ${[...sandboxClusters(s), 'mirror'].join(', ')}`);
}

/** The indexes of the MM2 processes that run `flow` (every one without a flow); an unknown flow is a usage error. */
function mirrorIndexes(s: SandboxState, flow?: string): number[] {
  const all = mirrorProcesses(s);
  if (flow === undefined) return all.map((_, i) => i);
  const found = all.map((m, i) => (m.flows.some((f) => flowEndsName(f) === flow) ? i : -1)).filter((i) => i >= 0);
  if (found.length === 0) throw usageError(`the sandbox's MirrorMaker 2 runs no flow ${flow}`, `its flows: ${sandboxFlows(s).map(flowEndsName).join(', ')}`);
  return found;
}

/**
 * Stop one component, keeping its data: gracefully, or with kill -9 (`kill`). For the mirror, `flow` stops only the
 * MM2 process that runs it (hub-spoke: one spoke's mirror).
 */
export async function sandboxStop(stateDir: string, component: SandboxComponent, kill = false, node?: number, flow?: string): Promise<SandboxStatus> {
  const s = requireState(stateDir);
  checkComponent(s, component);
  if (flow !== undefined && (component !== 'mirror' || s.connect)) throw usageError('--flow picks one dedicated MM2 process of the mirror', `e.g. drctl sandbox stop mirror --flow ${flowEndsName(sandboxFlows(s).at(-1)!)}`);
  if (node !== undefined && !(component === 'mirror' && s.connect)) throw usageError('--node needs --profile secure, or the mirror of a sandbox with --mirror connect', 'the default sandbox has one node per cluster');
  if (component === 'mirror' && s.connect) {
    if (node !== undefined && (node < 1 || node > s.connect.workers.length)) throw usageError(`--node ${node}: the Connect cluster has workers 1..${s.connect.workers.length}`);
    for (const w of node === undefined ? s.connect.workers : [s.connect.workers[node - 1]]) await stopProcess(w.pid, w.props, kill);
  } else if (component === 'mirror') {
    const procs = mirrorProcesses(s);
    for (const i of mirrorIndexes(s, flow)) await stopProcess(procs[i].pid, procs[i].props, kill);
  } else await stopProcess(s.clusters[component].pid, s.clusters[component].props, kill);
  return sandboxStatus(stateDir);
}

/** Start one stopped component again with its data, and wait until it is ready (`flow`: one MM2 process). */
export async function sandboxStart(stateDir: string, component: SandboxComponent, env: NodeJS.ProcessEnv = process.env, timeoutMs = 120000, flow?: string): Promise<SandboxStatus> {
  const s = requireState(stateDir);
  checkComponent(s, component);
  const java = requireJava17(env);
  if (component === 'mirror') {
    const since = Date.now();
    const started = await startMirrorAndDeploy(stateDir, s, java, timeoutMs, () => {}, s.connect ? undefined : mirrorIndexes(s, flow));
    if (started.length) await mirrorReplicating(s, since, timeoutMs, started);
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
  if (sandboxTopology(s) !== 'active-standby')
    throw new DrctlError('DRCTL_PRECONDITION', `the ${sandboxTopology(s)} sandbox's MirrorMaker 2 runs ${sandboxFlows(s).map(flowEndsName).join(' and ')}: drctl re-points only the one flow of active-standby`, {
      hint: 'in active-active the reverse flow already runs; bring up an active-standby sandbox to try a failback that reverses MM2',
    });
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
  await startMirrorAndDeploy(stateDir, s, java, timeoutMs, () => {});
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

/** Each MM2 process's properties and drctl.yaml for the MM2 the state describes (its flows, its precision settings). */
function writeMirrorFiles(stateDir: string, s: SandboxState): void {
  for (const m of mirrorProcesses(s)) {
    const [f, ...also] = m.flows;
    writeFileSync(
      m.props,
      mirrorProperties({ source: { alias: f.source, port: s.clusters[f.source].port }, target: { alias: f.target, port: s.clusters[f.target].port }, alsoFlows: also, syncGroupOffsets: s.mirror.syncGroupOffsets, mm2Defaults: s.mirror.mm2Defaults }),
    );
  }
  writeFileSync(
    sandboxConfigPath(stateDir),
    sandboxDrctlYaml(
      sandboxClusters(s).map((a) => ({ alias: a, port: s.clusters[a].port, clusterId: s.clusters[a].clusterId })),
      sandboxFlows(s),
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
    for (const m of mirrorProcesses(s)) await stopProcess(m.pid, m.props, kill);
    for (const w of s.connect?.workers ?? []) await stopProcess(w.pid, w.props, kill);
    await Promise.all(Object.values(s.clusters).map((b) => stopProcess(b.pid, b.props, kill)));
  }
  rmSync(sandboxDir(stateDir), { recursive: true, force: true });
  return sandboxStatus(stateDir);
}
