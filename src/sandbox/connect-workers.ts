/**
 * The sandbox's MirrorMaker 2 on Kafka Connect (`sandbox up --mirror connect`): a distributed Connect cluster of two
 * workers attached to the target, started from the same jars, with the flow's three connectors deployed through its
 * REST API by `drctl mirror deploy`'s code. The workers store their state in the target (configs, offsets, status);
 * the offsets topic is named as dedicated MM2 names its own, so drctl's cross-check of MM2's progress reads it too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectRest } from '../connect/connect-rest.js';
import { deployMirror, type DeployResult } from '../connect/mirror-deploy.js';
import { BYTES_CONVERTER, mirrorConnectors, type ConnectorCluster } from '../connect/mirror-connectors.js';
import { defaultFlowFilters } from '../config/resolve-flow.js';
import { DrctlError } from '../errors.js';
import { connectOffsetsTopic } from '../mm2/connect-offsets.js';
import { freePort, isOurProcess, startDetached, waitFor } from './processes.js';

/** One Connect worker of the sandbox. */
export interface ConnectWorkerState {
  port: number;
  props: string;
  log: string;
  pid?: number;
}

/** The REST URL of a worker. */
export const workerUrl = (w: { port: number }): string => `http://127.0.0.1:${w.port}`;

/** The cluster the workers are attached to: how to reach it, and the replication factor of their topics there. */
export interface WorkerCluster {
  bootstrap: string[];
  /** Client settings for a secured cluster (security.protocol, TLS, SASL with `${env:…}` password references). */
  security: [string, string][];
  replicationFactor: number;
}

/** A worker's properties: attached to the target, REST on its own port, quick rebalances for the fault tests. */
export function connectWorkerProperties(o: { cluster: WorkerCluster; sourceAlias: string; restPort: number }): string {
  const rf = o.cluster.replicationFactor;
  // The worker's own clients and the ones it makes for connectors (producer., consumer., admin.) all log in.
  const security = o.cluster.security.flatMap(([k, v]) => ['', 'producer.', 'consumer.', 'admin.'].map((p) => `${p}${k} =${v === '' ? '' : ` ${v}`}`));
  return `${[
    '# drctl sandbox: a Kafka Connect worker running MirrorMaker 2 (distributed mode)',
    `bootstrap.servers = ${o.cluster.bootstrap.join(',')}`,
    ...security,
    // Passwords stay in the environment: worker and connector settings refer to them as ${env:NAME}.
    'config.providers = env',
    'config.providers.env.class = org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    'group.id = drctl-sandbox-connect',
    `config.storage.topic = mm2-configs.${o.sourceAlias}.connect`,
    `offset.storage.topic = ${connectOffsetsTopic(o.sourceAlias)}`,
    `status.storage.topic = mm2-status.${o.sourceAlias}.connect`,
    `config.storage.replication.factor = ${rf}`,
    `offset.storage.replication.factor = ${rf}`,
    `status.storage.replication.factor = ${rf}`,
    'offset.storage.partitions = 5',
    'status.storage.partitions = 1',
    `key.converter = ${BYTES_CONVERTER}`,
    `value.converter = ${BYTES_CONVERTER}`,
    `header.converter = ${BYTES_CONVERTER}`,
    `listeners = http://127.0.0.1:${o.restPort}`,
    'rest.advertised.host.name = 127.0.0.1',
    `rest.advertised.port = ${o.restPort}`,
    'plugin.discovery = service_load',
    // Source offsets (MM2's progress) committed every second; a departed worker's tasks reassigned after 5 s.
    'offset.flush.interval.ms = 1000',
    'scheduled.rebalance.max.delay.ms = 5000',
  ].join('\n')}\n`;
}

/** Make the workers' files (ports, properties, logs) under `dir`. */
export async function newConnectWorkers(dir: string, cluster: WorkerCluster, sourceAlias: string, count = 2): Promise<ConnectWorkerState[]> {
  const workers: ConnectWorkerState[] = [];
  for (let i = 1; i <= count; i++) {
    const port = await freePort();
    const w = { port, props: join(dir, `connect-${i}.properties`), log: join(dir, `connect-${i}.log`) };
    writeFileSync(w.props, connectWorkerProperties({ cluster, sourceAlias, restPort: port }), { mode: 0o600 });
    workers.push(w);
  }
  return workers;
}

/** Start the workers that are not running. */
export function startConnectWorkers(workers: ConnectWorkerState[], java: string, jvmArgs: string[], env?: NodeJS.ProcessEnv): boolean {
  let started = false;
  for (const w of workers) {
    if (isOurProcess(w.pid, w.props)) continue;
    w.pid = startDetached(java, [...jvmArgs, 'org.apache.kafka.connect.cli.ConnectDistributed', w.props], w.log, env);
    started = true;
  }
  return started;
}

/** Wait until every running worker answers on its REST API. */
export async function connectWorkersReady(workers: readonly ConnectWorkerState[], timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      for (const w of workers) {
        if (!isOurProcess(w.pid, w.props)) throw new DrctlError('DRCTL_SANDBOX', `Connect worker ${workerUrl(w)} exited during start-up`, { hint: `see ${w.log}` });
        try {
          await new ConnectRest({ url: workerUrl(w) }, 2000).root();
        } catch {
          return false;
        }
      }
      return true;
    },
    timeoutMs,
    'the Connect workers to answer',
    300,
  );
}

/** Deploy the flow's connectors on the sandbox's Connect cluster, with its fast intervals and replication factors. */
export async function deploySandboxConnectors(
  workers: readonly ConnectWorkerState[],
  flow: { source: ConnectorCluster; target: ConnectorCluster },
  offsetSyncsLocation: 'source' | 'target',
  settings: Record<string, string>,
  timeoutMs: number,
  /** The alias of the cluster the workers are attached to (the flow's target, or its source once reversed). */
  attachedTo: string,
): Promise<DeployResult> {
  const rest = new ConnectRest({ url: workerUrl(workers[0]) }, 10_000);
  const desired = mirrorConnectors({
    source: flow.source,
    target: flow.target,
    flow: { source: flow.source.alias, target: flow.target.alias, ...defaultFlowFilters() },
    replicationPolicy: { type: 'default', separator: '.', internalTopicSeparatorEnabled: true },
    offsetSyncsLocation,
    tuning: settings,
    attachedTo,
  });
  return deployMirror(rest, { source: flow.source.alias, target: flow.target.alias }, desired, { dryRun: false, timeoutMs });
}
