/**
 * bench/translate: how many records each translation method would re-deliver (duplicates) or skip (loss) on
 * failover, against the truth, beside RemoteClusterUtils, on the real sandbox. A topic of P partitions gets N
 * uniquely valued records, a share of them in committed and aborted transactions (offset gaps); G groups commit at
 * random points; after MM2 has checkpointed them, every method translates every (group, partition).
 * Uses the running sandbox (DRCTL_STATE_DIR) or brings one up in a temporary state dir and tears it down.
 * Usage: npm run bench:translate [-- --records 20000 --partitions 4 --groups 8]
 */
import { loadConfig } from '../src/config/load.js';
import { arg, benchFigures, until, benchSandbox } from './harness.js';
import { KafkajsGateway } from '../src/kafka/kafkajs-gateway.js';
import type { ClusterGateway, KafkaRecord } from '../src/kafka/gateway.js';
import { readCheckpoints } from '../src/mm2/checkpoint-reader.js';
import { readOffsetSyncs } from '../src/mm2/offset-sync-reader.js';
import { readSandboxState } from '../src/sandbox/sandbox.js';
import { gatherTranslateInputs } from '../src/translate/gather-inputs.js';
import { translateGroup } from '../src/translate/translate-groups.js';
import { produceTransactions } from '../test/helpers/app-consumer.js';
import { runRemoteClusterUtils } from '../test/helpers/sandbox.js';
import { allRecords, truthFor } from '../test/helpers/translation-truth.js';

const N = arg('records', 20000);
const P = arg('partitions', 4);
const G = arg('groups', 8);
let seed = arg('seed', 42);
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

async function main(): Promise<void> {
  const { stateDir, release } = await benchSandbox();
  const env = { ...process.env, DRCTL_STATE_DIR: stateDir };
  const config = loadConfig({ env });
  const nyc: ClusterGateway = new KafkajsGateway(config.clusters.NYC, { timeoutMs: 60000 });
  const lon: ClusterGateway = new KafkajsGateway(config.clusters.LON, { timeoutMs: 60000 });
  try {
    const topic = `bench-translate-${Date.now()}`;
    await nyc.createTopic(topic, P);
    process.stderr.write(`producing ${N} records over ${P} partitions (about 1 in 5 in transactions, a third of those aborted) ...\n`);
    let n = 0;
    while (n < N) {
      const batch = Array.from({ length: Math.min(400, N - n) }, () => ({ value: `r${n++}`, partition: Math.floor(rand() * P) }));
      await nyc.produce(topic, batch);
      if (rand() < 0.5) {
        const values = Array.from({ length: 50 }, () => `t${n++}`);
        await produceTransactions(config.clusters.NYC.bootstrapServers, topic, [{ values, commit: rand() < 0.66 }]);
      }
    }
    const tps = Array.from({ length: P }, (_, partition) => ({ topic, partition }));
    const srcEnds = await nyc.listOffsets(tps, 'latest');
    await until(async () => {
      const t = (await lon.listTopics()).find((x) => x.name === `NYC.${topic}`);
      if (!t) return false;
      const srcCounts = await Promise.all(tps.map(async (tp) => (await allRecords(nyc, tp)).length));
      const ends = await lon.listOffsets(
        tps.map((tp) => ({ topic: `NYC.${topic}`, partition: tp.partition })),
        'latest',
      );
      return ends.every((e, i) => (e.offset ?? 0n) >= BigInt(srcCounts[i]) - 50n * BigInt(N));
    }, 'the remote topic');
    // Wait until the mirror has copied everything (its copy of each partition's last data record exists).
    const src: KafkaRecord[][] = await Promise.all(tps.map((tp) => allRecords(nyc, tp)));
    await until(async () => {
      const tails = await Promise.all(tps.map(async (tp) => (await allRecords(lon, { topic: `NYC.${topic}`, partition: tp.partition })).at(-1)?.value?.toString()));
      return tails.every((v, i) => v === src[i].at(-1)?.value?.toString() || src[i].length === 0);
    }, 'full replication');
    const groups = Array.from({ length: G }, (_, i) => `bench-g${i}-${Date.now()}`);
    const committed = new Map(groups.map((g) => [g, tps.map((tp, i) => ({ ...tp, offset: BigInt(Math.floor(rand() * (Number(srcEnds[i].offset ?? 0n) + 1))) }))]));
    for (const [g, offs] of committed) await nyc.commitOffsets(g, offs);
    process.stderr.write(`${G} groups committed at random points; waiting for MM2's checkpoints ...\n`);
    // MM2 checkpoints every partition it can translate; where its own sync semantics cannot (older than every
    // retained sync, e.g. after out-of-order syncs read as a rewind), there will be none: count it as untranslated.
    await until(async () => {
      const cps = await readCheckpoints(lon, 'NYC.checkpoints.internal', 30_000);
      const { store } = await readOffsetSyncs(lon, 'mm2-offset-syncs.NYC.internal', 30_000);
      return groups.every((g) =>
        committed.get(g)!.every((c) => {
          const cp = cps.groups.get(g)?.get(`NYC.${topic}:${c.partition}`);
          const kind = store.translate(topic, c.partition, c.offset).kind;
          return (cp !== undefined && cp.upstreamOffset === c.offset) || kind === 'older-than-syncs' || kind === 'no-syncs';
        }),
      );
    }, 'checkpoints');

    const tgt = await Promise.all(tps.map((tp) => allRecords(lon, { topic: `NYC.${topic}`, partition: tp.partition })));
    const tgtEnds = await lon.listOffsets(
      tps.map((tp) => ({ topic: `NYC.${topic}`, partition: tp.partition })),
      'latest',
    );
    type Tally = { partitions: number; untranslated: number; duplicates: bigint; loss: bigint; ms: number };
    const tally: Record<string, Tally> = {};
    const add = (method: string, truth: bigint, got: bigint | null, ms: number) => {
      const t = (tally[method] ??= { partitions: 0, untranslated: 0, duplicates: 0n, loss: 0n, ms: 0 });
      t.partitions++;
      t.ms += ms;
      if (got === null) t.untranslated++;
      else if (got < truth) t.duplicates += truth - got;
      else t.loss += got - truth;
    };
    const state = readSandboxState(stateDir)!;
    for (const g of groups) {
      const truth = committed.get(g)!.map((c) => truthFor(src[c.partition], tgt[c.partition], tgtEnds[c.partition].offset ?? 0n, c.offset));
      for (const method of ['checkpoints', 'syncs', 'exact'] as const) {
        const t0 = Date.now();
        const inputs = (await gatherTranslateInputs(config, { flow: config.flows[0], method, groups: [g], allGroups: false, timeoutMs: 60000 }, nyc, lon)).inputs;
        const rows = (await translateGroup(g, method, inputs)).filter((r) => r.sourceTopic === topic);
        const ms = (Date.now() - t0) / P;
        for (let p = 0; p < P; p++) add(method, truth[p], rows.find((r) => r.partition === p)?.downstream ?? null, ms);
      }
      const t0 = Date.now();
      const lines = (await runRemoteClusterUtils(config.clusters.LON.bootstrapServers[0], 'NYC', g, state.libs)).map((l) => l.split(' '));
      const ms = (Date.now() - t0) / P;
      for (let p = 0; p < P; p++) {
        const hit = lines.find((l) => l[0] === `NYC.${topic}` && Number(l[1]) === p);
        add('RemoteClusterUtils', truth[p], hit ? BigInt(hit[2]) : null, ms);
      }
    }
    const gaps = srcEnds.reduce((s, e, i) => s + Number(e.offset ?? 0n) - src[i].length, 0);
    console.log(`\nbench/translate: ${N} records (${gaps} offsets are transaction markers), ${P} partitions, ${G} groups at random offsets, Kafka ${state.kafkaVersion}\n`);
    console.log('method               partitions  untranslated  duplicates  loss  ms/partition');
    for (const [m, t] of Object.entries(tally)) {
      console.log(`${m.padEnd(20)} ${String(t.partitions).padStart(10)}  ${String(t.untranslated).padStart(12)}  ${String(t.duplicates).padStart(10)}  ${String(t.loss).padStart(4)}  ${(t.ms / t.partitions).toFixed(1).padStart(12)}`);
    }
    const exact = tally.exact;
    const ok = exact.duplicates === 0n && exact.loss === 0n && exact.untranslated === 0 && ['checkpoints', 'syncs', 'RemoteClusterUtils'].every((m) => tally[m].loss === 0n);
    console.log(`\ntarget (exact: 0 duplicates, 0 loss; conservative methods: 0 loss): ${ok ? 'met' : 'NOT met'}`);
    process.exitCode = ok ? 0 : 1;
    const rcu = tally.RemoteClusterUtils;
    benchFigures('translate', [
      {
        figure: `duplicates, ${tally.exact.partitions} group-partitions (exact)`,
        drctl: Number(exact.duplicates),
        reference: Number(rcu.duplicates),
        referenceName: 'RemoteClusterUtils',
        unit: 'records',
        target: '0, and 0 loss',
        met: exact.duplicates === 0n && exact.loss === 0n && exact.untranslated === 0,
      },
    ]);
  } finally {
    await Promise.all([nyc.close(), lon.close()]);
    await release();
  }
}

await main();
process.exit(process.exitCode ?? 0);
