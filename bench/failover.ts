/**
 * bench/failover: fail over G groups x P partitions from NYC to LON on the sandbox, in the same run:
 * - drctl, one process, planned (drain check, mirror caught up, exact translation, commit, verify);
 * - Kafka's Java tools per group, as a runbook script does it today: RemoteClusterUtils.translateOffsets (a small
 *   precompiled Java program), then `kafka-consumer-groups --reset-offsets --from-file --execute`;
 * - drctl again, unplanned (checkpoints refined by the offset syncs), the method closest to the Java path.
 * Prints the wall times and the ratios (targets: drctl >= 20x faster than the Java tools, and under 5 s for 200
 * groups), and checks every committed offset: drctl planned = the truth (record identity), the Java path = what
 * RemoteClusterUtils returned, drctl unplanned never behind RemoteClusterUtils and never past the truth.
 * Uses the running sandbox (DRCTL_STATE_DIR) or brings one up and tears it down.
 * drctl runs `--runs` times per mode (3), each from the same state of LON; the median counts, every run is checked.
 * Usage: npm run bench:failover [-- --groups 200 --partitions 16 --topics 20 --records 40 --runs 3]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { arg, benchFigures, until, benchSandbox } from './harness.js';
import { KafkajsGateway } from '../src/kafka/kafkajs-gateway.js';
import type { ClusterGateway, KafkaRecord } from '../src/kafka/gateway.js';
import { readCheckpoints } from '../src/mm2/checkpoint-reader.js';
import { readOffsetSyncs } from '../src/mm2/offset-sync-reader.js';
import { readSandboxState } from '../src/sandbox/sandbox.js';
import { repoRoot, runCli, runProcess } from '../test/helpers/sandbox.js';
import { allRecords, truthFor } from '../test/helpers/translation-truth.js';

const G = arg('groups', 200);
const P = arg('partitions', 16);
const T = Math.min(arg('topics', 20), G);
const R = arg('records', 40);
const RUNS = arg('runs', 3);
/** The middle run (the lower of the two middle ones). */
const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor((times.length - 1) / 2)];
let seed = arg('seed', 7);
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const key = (topic: string, partition: number) => `${topic}:${partition}`;

async function main(): Promise<void> {
  const { stateDir, release } = await benchSandbox();
  const env = { ...process.env, DRCTL_STATE_DIR: stateDir, NO_COLOR: '1' };
  const config = loadConfig({ env });
  const { libs, kafkaVersion } = readSandboxState(stateDir)!;
  const nyc: ClusterGateway = new KafkajsGateway(config.clusters.NYC, { timeoutMs: 60000 });
  const lon: ClusterGateway = new KafkajsGateway(config.clusters.LON, { timeoutMs: 60000 });
  const work = mkdtempSync(join(tmpdir(), 'drctl-bench-failover-'));
  try {
    const run = `bfo${Date.now().toString(36)}`;
    const topics = Array.from({ length: T }, (_, i) => `${run}-t${i}`);
    process.stderr.write(`producing ${R} records per partition on ${T} topics x ${P} partitions ...\n`);
    for (const topic of topics) await nyc.createTopic(topic, P); // one at a time: kafkajs waits for leaders per call
    await Promise.all(
      topics.map(async (topic) => {
        await nyc.produce(
          topic,
          Array.from({ length: R * P }, (_, i) => ({ key: `k${i}`, value: `${topic}/${i}`, partition: i % P })),
        );
      }),
    );
    const groups = Array.from({ length: G }, (_, i) => ({ group: `${run}-g${i}`, topic: topics[i % T] }));
    const committed = new Map(groups.map(({ group, topic }) => [group, Array.from({ length: P }, (_, partition) => ({ topic, partition, offset: BigInt(Math.floor(rand() * (R + 1))) }))]));
    await Promise.all([...committed].map(([g, offs]) => nyc.commitOffsets(g, offs)));

    process.stderr.write('waiting for the mirror and for MM2 to checkpoint every group ...\n');
    const src = new Map<string, KafkaRecord[]>();
    for (const topic of topics) for (let p = 0; p < P; p++) src.set(key(topic, p), await allRecords(nyc, { topic, partition: p }));
    const remoteTps = topics.flatMap((topic) => Array.from({ length: P }, (_, partition) => ({ topic: `NYC.${topic}`, partition })));
    await until(async () => {
      const names = new Set((await lon.listTopics()).map((t) => t.name));
      if (!remoteTps.every((tp) => names.has(tp.topic))) return false;
      const ends = await lon.listOffsets(remoteTps, 'latest');
      return ends.every((e) => (e.offset ?? 0n) >= BigInt(R));
    }, 'full replication');
    await until(async () => {
      // MM2 cannot checkpoint an offset older than every sync it keeps (the offset-syncs topic is compacted).
      const cps = await readCheckpoints(lon, 'NYC.checkpoints.internal', 60_000);
      const { store } = await readOffsetSyncs(lon, 'mm2-offset-syncs.NYC.internal', 60_000);
      return groups.every(({ group, topic }) =>
        committed.get(group)!.every((c) => {
          const kind = store.translate(topic, c.partition, c.offset).kind;
          return cps.groups.get(group)?.get(key(`NYC.${topic}`, c.partition))?.upstreamOffset === c.offset || kind === 'older-than-syncs' || kind === 'no-syncs';
        }),
      );
    }, 'checkpoints for every group');
    const tgt = new Map<string, KafkaRecord[]>();
    for (const tp of remoteTps) tgt.set(key(tp.topic.slice(4), tp.partition), await allRecords(lon, tp));
    const tgtEnds = new Map((await lon.listOffsets(remoteTps, 'latest')).map((e) => [key(e.topic.slice(4), e.partition), e.offset ?? 0n]));
    const truth = (topic: string, partition: number, u: bigint) => truthFor(src.get(key(topic, partition))!, tgt.get(key(topic, partition))!, tgtEnds.get(key(topic, partition))!, u);
    const lonOffsets = async (group: string) => new Map((await lon.committedOffsets(group)).map((o) => [key(o.topic.slice(4), o.partition), o.offset]));

    // 1. drctl, planned. The first run of a command after a build compiles its bundle and writes V8's code cache
    // (src/cli/compile-cache.ts): a usage error, refused before any I/O, does that here as any earlier run would.
    const warm = await runCli(['failover', '--group', 'bench-warm-up', '--to', 'NO-SUCH-CLUSTER'], env);
    if (warm.code !== 2) throw new Error(`the warm-up run should be refused as a usage error (exit 2): ${warm.code} ${warm.stderr}`);
    process.stderr.write(`drctl failover (planned): one process, ${G} groups x ${P} partitions, ${RUNS} runs ...\n`);
    const regex = `${run}-g[0-9]+`;
    // Each run starts where the first did: the groups unknown on LON (deleted there between runs, untimed).
    const plannedTimes: number[] = [];
    let plannedJson: { result: { rto: { steps: { step: string; ms: number }[] } } } | undefined;
    let exactOk = 0;
    for (let i = 0; i < RUNS; i++) {
      if (i > 0) await Promise.all(groups.map(({ group }) => lon.deleteGroup(group)));
      const t0 = Date.now();
      const planned = await runCli(['failover', '--groups-regex', regex, '--to', 'LON', '--yes', '--reason', 'bench', '--json'], env);
      plannedTimes.push(Date.now() - t0);
      if (planned.code !== 0) throw new Error(`drctl planned failover failed (${planned.code}): ${planned.stderr}`);
      plannedJson ??= JSON.parse(planned.stdout);
      exactOk = 0;
      for (const { group } of groups) {
        const got = await lonOffsets(group);
        for (const c of committed.get(group)!) {
          const want = truth(c.topic, c.partition, c.offset);
          if (got.get(key(c.topic, c.partition)) !== want) throw new Error(`drctl planned (run ${i + 1}): ${group} ${c.topic}-${c.partition} is at ${got.get(key(c.topic, c.partition))}, the truth is ${want}`);
          exactOk++;
        }
      }
    }
    const plannedMs = median(plannedTimes);

    // 2. The Java tools, per group.
    process.stderr.write(`Java tools: RemoteClusterUtils + kafka-consumer-groups --reset-offsets --from-file --execute, per group (${G} x 2 JVMs) ...\n`);
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    const javac = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'javac') : 'javac';
    const classes = join(work, 'classes');
    const compiled = await runProcess(javac, ['-d', classes, '-cp', join(libs, '*'), join(repoRoot, 'test', 'fixtures', 'TranslateOffsets.java')]);
    if (compiled.code !== 0) throw new Error(`javac: ${compiled.stderr}`);
    const jvm = ['-Xmx256m', '-XX:+UseSerialGC', `-Dlog4j2.configurationFile=${join(libs, '..', 'log4j2.properties')}`, `-Dlog4j.configuration=file:${join(libs, '..', 'log4j.properties')}`];
    const lonBootstrap = config.clusters.LON.bootstrapServers[0];
    const rcu = new Map<string, Map<string, bigint>>();
    let t0 = Date.now();
    for (const { group } of groups) {
      const tr = await runProcess(java, [...jvm, '-cp', `${classes}:${join(libs, '*')}`, 'TranslateOffsets', lonBootstrap, 'NYC', group]);
      if (tr.code !== 0) throw new Error(`RemoteClusterUtils (${group}): ${tr.stderr}`);
      const lines = tr.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' '));
      rcu.set(group, new Map(lines.map(([t, p, o]) => [key(t.slice(4), Number(p)), BigInt(o)])));
      const csv = join(work, `${group}.csv`);
      writeFileSync(csv, lines.map(([t, p, o]) => `${t},${p},${o}\n`).join(''));
      const reset = await runProcess(java, [...jvm, '-cp', join(libs, '*'), 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--bootstrap-server', lonBootstrap, '--group', group, '--reset-offsets', '--from-file', csv, '--execute']);
      if (reset.code !== 0) throw new Error(`kafka-consumer-groups (${group}): ${reset.stderr}`);
    }
    const javaMs = Date.now() - t0;
    let javaDuplicates = 0n;
    const javaUntranslated = groups.reduce((n, { group }) => n + P - rcu.get(group)!.size, 0);
    for (const { group } of groups) {
      const got = await lonOffsets(group);
      for (const [k, o] of rcu.get(group)!) if (got.get(k) !== o) throw new Error(`Java tools: ${group} ${k} is at ${got.get(k)}, RemoteClusterUtils said ${o}`);
      for (const c of committed.get(group)!) {
        const o = rcu.get(group)!.get(key(c.topic, c.partition));
        if (o !== undefined) javaDuplicates += truth(c.topic, c.partition, c.offset) - o;
      }
    }

    // 3. drctl, unplanned (from checkpoints, as the Java path).
    process.stderr.write(`drctl failover --unplanned: one process, ${RUNS} runs ...\n`);
    // Each run starts where the first did: LON holds what the Java tools committed (put back between runs, untimed).
    const unplannedTimes: number[] = [];
    let unplannedDuplicates = 0n;
    for (let i = 0; i < RUNS; i++) {
      if (i > 0) {
        await Promise.all(groups.map(({ group }) => lon.deleteGroup(group)));
        await Promise.all(
          groups.map(({ group }) =>
            lon.commitOffsets(
              group,
              [...rcu.get(group)!].map(([k, offset]) => ({ topic: `NYC.${k.slice(0, k.lastIndexOf(':'))}`, partition: Number(k.slice(k.lastIndexOf(':') + 1)), offset })),
            ),
          ),
        );
      }
      t0 = Date.now();
      const unplanned = await runCli(['failover', '--groups-regex', regex, '--to', 'LON', '--unplanned', '--yes', '--reason', 'bench', '--json'], env);
      unplannedTimes.push(Date.now() - t0);
      if (unplanned.code !== 0) throw new Error(`drctl unplanned failover failed (${unplanned.code}): ${unplanned.stderr}`);
      unplannedDuplicates = 0n;
      for (const { group } of groups) {
        const got = await lonOffsets(group);
        for (const c of committed.get(group)!) {
          const k = key(c.topic, c.partition);
          const o = got.get(k);
          const want = truth(c.topic, c.partition, c.offset);
          const floor = rcu.get(group)!.get(k);
          if (floor === undefined) continue;
          if (o === undefined || o < floor || o > want) throw new Error(`drctl unplanned (run ${i + 1}): ${group} ${k} is at ${o}; RemoteClusterUtils ${floor}, truth ${want}`);
          unplannedDuplicates += want - o;
        }
      }
    }
    const unplannedMs = median(unplannedTimes);

    const s = (ms: number) => `${(ms / 1000).toFixed(2).padStart(8)} s`;
    const rto = plannedJson!.result.rto.steps.map((x: { step: string; ms: number }) => `${x.step} ${x.ms} ms`).join(', ');
    console.log(`\nbench/failover: ${G} groups x ${P} partitions (${T} topics, ${R} records per partition), NYC -> LON, Kafka ${kafkaVersion}\n`);
    const runs = (times: number[]) => `runs: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s`;
    console.log(`drctl failover, planned (one process), median     ${s(plannedMs)}   exact: ${exactOk} partitions checked per run, 0 duplicates; ${runs(plannedTimes)}`);
    console.log(`   steps (first run): ${rto}`);
    console.log(`Java tools, per group (RCU + kafka-consumer-groups) ${s(javaMs)}   ${javaDuplicates} records re-delivered, ${javaUntranslated} partitions untranslated`);
    console.log(`drctl failover, unplanned (one process), median   ${s(unplannedMs)}   ${unplannedDuplicates} records re-delivered; ${runs(unplannedTimes)}`);
    console.log(`ratio, Java tools / drctl planned                 ${(javaMs / plannedMs).toFixed(1).padStart(8)} x   (target: >= 20x)`);
    console.log(`ratio, Java tools / drctl unplanned               ${(javaMs / unplannedMs).toFixed(1).padStart(8)} x`);
    // Issue 20's targets: under 1 s for 200 x 16, planned and unplanned (and the earlier >= 20x the Java tools).
    const ok = javaMs / plannedMs >= 20 && (G < 200 || (plannedMs < 1000 && unplannedMs < 1000));
    console.log(`target (>= 20x, and < 1 s planned and unplanned for 200 groups): ${ok ? 'met' : 'NOT met'}`);
    benchFigures('failover', [
      { figure: `failover planned, ${G} x ${P} (median of ${RUNS})`, drctl: plannedMs / 1000, reference: javaMs / 1000, referenceName: 'RemoteClusterUtils + kafka-consumer-groups per group', unit: 's', target: '< 1 s', met: plannedMs < 1000 },
      { figure: `failover unplanned, ${G} x ${P} (median of ${RUNS})`, drctl: unplannedMs / 1000, reference: javaMs / 1000, referenceName: 'RemoteClusterUtils + kafka-consumer-groups per group', unit: 's', target: '< 1 s', met: unplannedMs < 1000 },
    ]);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await Promise.all([nyc.close(), lon.close()]);
    rmSync(work, { recursive: true, force: true });
    await release();
  }
}

await main();
process.exit(process.exitCode ?? 0);
