/**
 * bench/rpo-large: `drctl report rpo` over 20,000 partitions (500 topics x 40, NYC -> LON) on the secure profile's
 * three-node clusters (SASL_SSL, ACLs, drctl as its own least-privileged principal), with the requests it sends per
 * broker and API (target: one ListOffsets per broker per offset spec, Fetches batched). For scale, in the same run:
 * Kafka's GetOffsetShell listing the log-end offsets of the same partitions on both clusters.
 *
 * Why its own sandbox: one broker keeps an open file per partition, and this machine allows a process 20,000 open
 * files (hard limit), so a one-broker cluster cannot hold 20,000 partitions. Here the bench's topics and their
 * remote copies have replication factor 1, spread over three nodes (about 6,700 partitions per node). The remote
 * topics are created before the source topics, so MM2 finds them and does not create them with three replicas.
 * It brings the secure profile up in a temporary state dir and removes it after (never beside another sandbox).
 * Usage: npm run bench:rpo-large [-- --topics 500 --partitions 40 --records 3 --runs 3]
 * The set-up takes some 20 minutes: `--keep` leaves the sandbox and its topics up (the state dir is printed), and
 * `--reuse DIR` measures on such a sandbox again, without the set-up; `sandbox down` is then up to the caller
 * (`DRCTL_STATE_DIR=DIR node -e "import('./dist/src/sandbox/secure-sandbox.js').then(m => m.secureSandboxDown(process.env.DRCTL_STATE_DIR, true))"`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { mapLimit } from '../src/async/map-limit.js';
import { KafkajsGateway } from '../src/kafka/kafkajs-gateway.js';
import { readOffsetSyncs } from '../src/mm2/offset-sync-reader.js';
import { readSecureSandboxState, secureBootstrap, secureClusterConfig, secureJavaClientProperties, secureSandboxConfigPath, secureSandboxDown, secureSandboxUp, type SecureSandboxState } from '../src/sandbox/secure-sandbox.js';
import { runKafkaTool } from '../test/helpers/sandbox.js';
import { arg, benchFigures, requestsPerBroker, timeRpoReports, until } from './harness.js';

const TOPICS = arg('topics', 500);
const PARTITIONS = arg('partitions', 40);
const R = arg('records', 3);
const RUNS = arg('runs', 3);
const TARGET_S = 5;
const KEEP = process.argv.includes('--keep');
const REUSE = process.argv.includes('--reuse') ? process.argv[process.argv.indexOf('--reuse') + 1] : null;
/** What `--keep` leaves in the state dir for `--reuse`: the run's topic prefix and shape. */
const keptFile = (dir: string) => join(dir, 'bench-rpo-large.json');

/** Create topics with one replica each, 50 per CreateTopics request, as `admin` (leaders are awaited after: kafkajs's own wait fails on a node that has not heard of them yet). */
async function createSingleReplicaTopics(s: SecureSandboxState, alias: string, names: string[], P: number): Promise<void> {
  const kafka = new kafkajs.Kafka({
    clientId: 'bench-rpo-large',
    brokers: secureBootstrap(s, alias),
    ssl: { ca: [readFileSync(s.caPem, 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', username: 'admin', password: readFileSync(s.passwordFiles.admin, 'utf8') },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let i = 0; i < names.length; i += 50) await admin.createTopics({ topics: names.slice(i, i + 50).map((topic) => ({ topic, numPartitions: P, replicationFactor: 1 })), waitForLeaders: false, timeout: 120_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Create the bench's topics (the remote copies first), produce, and wait for the copies and an offset sync of every partition. */
async function setUp(state: SecureSandboxState, nyc: KafkajsGateway, lon: KafkajsGateway, topics: string[], P: number): Promise<void> {
  const T = topics.length;
  process.stderr.write(`creating ${T} topics x ${P} partitions (one replica) on LON as MM2's remote topics, then on NYC ...\n`);
  await createSingleReplicaTopics(
    state,
    'LON',
    topics.map((t) => `NYC.${t}`),
    P,
  );
  await createSingleReplicaTopics(state, 'NYC', topics, P);
  // Every node learns of new partitions a moment after the controller made them.
  const all = (prefix: string) => topics.flatMap((t) => Array.from({ length: P }, (_, partition) => ({ topic: `${prefix}${t}`, partition })));
  const led = (gw: KafkajsGateway, prefix: string) => () =>
    gw.listOffsets(all(prefix), 'latest').then(
      () => true,
      () => false,
    );
  await until(led(lon, 'NYC.'), 'leaders for the remote topics', 300_000, 2000);
  await until(led(nyc, ''), 'leaders for the source topics', 300_000, 2000);
  process.stderr.write(`producing ${R} records per partition on NYC ...\n`);
  await mapLimit(topics, 8, (t) =>
    nyc.produce(
      t,
      Array.from({ length: R * P }, (_, i) => ({ value: `${t}/${i}`, partition: i % P })),
    ),
  );
  process.stderr.write('waiting until LON has every record, and MM2 an offset sync for every partition ...\n');
  const remote = topics.flatMap((t) => Array.from({ length: P }, (_, partition) => ({ topic: `NYC.${t}`, partition })));
  await until(async () => (await lon.listOffsets(remote, 'latest')).every((e) => (e.offset ?? 0n) >= BigInt(R)), 'replication', 1_200_000, 5000);
  await until(
    async () => {
      const { store } = await readOffsetSyncs(lon, 'mm2-offset-syncs.NYC.internal', 120_000);
      return topics.every((t) => Array.from({ length: P }, (_, p) => p).every((p) => store.latest(t, p) !== undefined));
    },
    'an offset sync for every partition',
    1_200_000,
    5000,
  );
}

async function main(): Promise<void> {
  const reused = REUSE ? readSecureSandboxState(REUSE) : undefined;
  if (REUSE && (!reused || !existsSync(keptFile(REUSE)))) throw new Error(`--reuse ${REUSE}: no secure sandbox kept there by --keep`);
  const stateDir = REUSE ?? mkdtempSync(join(tmpdir(), 'drctl-bench-secure-'));
  let state: SecureSandboxState;
  if (reused) state = reused;
  else {
    process.stderr.write('bringing the secure profile up (3 + 3 nodes, SASL_SSL, ACLs) ...\n');
    state = (await secureSandboxUp({ stateDir, log: (m) => process.stderr.write(`${m}\n`) })).state;
  }
  const nyc = new KafkajsGateway(secureClusterConfig(state, 'NYC', 'admin'), { timeoutMs: 120_000 });
  const lon = new KafkajsGateway(secureClusterConfig(state, 'LON', 'admin'), { timeoutMs: 120_000 });
  const env = { DRCTL_CONFIG: secureSandboxConfigPath(stateDir) };
  const kept: { run: string; topics: number; partitions: number } | null = reused ? JSON.parse(readFileSync(keptFile(stateDir), 'utf8')) : null;
  try {
    const run = kept?.run ?? `brpl${Date.now().toString(36)}`;
    const [T, P] = kept ? [kept.topics, kept.partitions] : [TOPICS, PARTITIONS];
    const topics = Array.from({ length: T }, (_, i) => `${run}-t${i}`);
    if (!kept) await setUp(state, nyc, lon, topics, P);
    if (KEEP) writeFileSync(keptFile(stateDir), JSON.stringify({ run, topics: T, partitions: P }));
    const { times, median, measured, debugOutput } = await timeRpoReports(env, run, RUNS, T * P);
    const names = new Map<string, string>(['NYC', 'LON'].flatMap((a) => state.clusters[a].nodes.map((n) => [`localhost:${n.ports.client}`, `${a}/${n.nodeId}`] as const)));
    const requests = (api: string) => requestsPerBroker(debugOutput, api, (b) => names.get(b) ?? b);

    process.stderr.write('GetOffsetShell on both clusters ...\n');
    const props = secureJavaClientProperties(state, 'admin');
    const t1 = Date.now();
    for (const alias of ['NYC', 'LON']) {
      const g = await runKafkaTool('org.apache.kafka.tools.GetOffsetShell', ['--bootstrap-server', secureBootstrap(state, alias).join(','), '--command-config', props, '--topic-partitions', alias === 'NYC' ? `${run}-.*` : `NYC\\.${run}-.*`], state.libs);
      if (g.code !== 0) throw new Error(`GetOffsetShell: ${g.stderr}`);
      const lines = g.stdout.split('\n').filter((l) => l.includes(':')).length;
      if (lines !== T * P) throw new Error(`GetOffsetShell listed ${lines} partitions on ${alias}, not ${T * P}`);
    }
    const javaMs = Date.now() - t1;

    console.log(`\nbench/rpo-large: report rpo over ${measured} partitions (${T * P} of them the bench's ${T} topics x ${P}), 3 nodes per cluster, SASL_SSL, Kafka ${state.kafkaVersion}\n`);
    console.log(`drctl report rpo (one process, as the drctl principal)   median ${(median / 1000).toFixed(2)} s   runs: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);
    for (const api of ['ListOffsets', 'Fetch', 'Metadata']) console.log(`   ${`${api} requests per node:`.padEnd(32)} ${requests(api)}`);
    console.log(`GetOffsetShell, NYC then LON (log ends only)              ${(javaMs / 1000).toFixed(2)} s   (for scale: it does not match records)`);
    const ok = median < TARGET_S * 1000;
    console.log(`target (report under ${TARGET_S} s): ${ok ? 'met' : 'NOT met'}`);
    benchFigures('rpo-large', [
      {
        figure: `report rpo, ${(T * P).toLocaleString('en-US')} partitions, 3 nodes, SASL_SSL (median of ${RUNS})`,
        drctl: median / 1000,
        reference: javaMs / 1000,
        referenceName: 'GetOffsetShell on both clusters (log ends only)',
        unit: 's',
        target: `< ${TARGET_S} s`,
        met: ok,
      },
    ]);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await Promise.all([nyc.close(), lon.close()]);
    if (KEEP || REUSE) process.stderr.write(`the secure sandbox stays up in ${stateDir} (--reuse ${stateDir})\n`);
    else {
      await secureSandboxDown(stateDir, true);
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
}

await main();
process.exit(process.exitCode ?? 0);
