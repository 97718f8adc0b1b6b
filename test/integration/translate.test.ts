import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ClusterGateway, PartitionOffset } from '../../src/kafka/gateway.js';
import { readCheckpoints } from '../../src/mm2/checkpoint-reader.js';
import { gatherTranslateInputs } from '../../src/translate/gather-inputs.js';
import { translateGroup, type TranslateInputs } from '../../src/translate/translate-groups.js';
import { produceTransactions } from '../helpers/app-consumer.js';
import { allRecords, truthFor } from '../helpers/translation-truth.js';
import { eventually, randomName, runCli, runKafkaTool, runRemoteClusterUtils, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

const flow = () => sandboxConfig().flows[0];

/** RemoteClusterUtils.translateOffsets on the sandbox's LON, as "topic partition offset" lines. */
const remoteClusterUtils = (group: string): Promise<string[]> => runRemoteClusterUtils(sandboxConfig().clusters.LON.bootstrapServers[0], 'NYC', group);

/** Wait until MM2's checkpoints for `group` carry the given upstream offsets. */
async function awaitCheckpoints(lon: ClusterGateway, group: string, committed: PartitionOffset[]): Promise<void> {
  await eventually(
    async () => {
      const cps = (await readCheckpoints(lon, 'NYC.checkpoints.internal', 10_000)).groups.get(group);
      return committed.every((c) => cps?.get(`NYC.${c.topic}:${c.partition}`)?.upstreamOffset === c.offset);
    },
    60_000,
    `checkpoints for ${group}`,
  );
}

/** Translation inputs for explicit committed offsets (the engine on the real clusters, for many U at once). */
async function inputsFor(nyc: ClusterGateway, lon: ClusterGateway, group: string, committed: PartitionOffset[]): Promise<TranslateInputs> {
  await nyc.commitOffsets(group, committed);
  const g = await gatherTranslateInputs(sandboxConfig(), { flow: flow(), method: 'exact', groups: [group], allGroups: false, timeoutMs: 20_000 }, nyc, lon);
  return g.inputs;
}

/** Until LON's copy ends with NYC's last record (a count would never match if NYC compacts before MM2 copies). */
async function awaitReplicated(nyc: ClusterGateway, lon: ClusterGateway, topic: string): Promise<void> {
  await eventually(
    async () => {
      if (!(await lon.listTopics()).some((t) => t.name === `NYC.${topic}`)) return false;
      const last = (await allRecords(nyc, { topic, partition: 0 })).at(-1)?.value?.toString();
      return (await allRecords(lon, { topic: `NYC.${topic}`, partition: 0 })).at(-1)?.value?.toString() === last;
    },
    90_000,
    `${topic} to be replicated`,
  );
}

describe('offsets translate: checkpoints equal RemoteClusterUtils.translateOffsets', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('for a lagging group, a caught-up group, and a group MM2 never checkpoints', async () => {
    const topic = randomName('orders');
    await nyc.createTopic(topic, 3);
    await nyc.produce(
      topic,
      Array.from({ length: 90 }, (_, i) => ({ value: `o${i}`, partition: i % 3 })),
    );
    await eventually(
      async () =>
        (
          await lon.listOffsets(
            [0, 1, 2].map((partition) => ({ topic: `NYC.${topic}`, partition })),
            'latest',
          )
        ).every((o) => o.offset === 30n),
      60_000,
      'replication',
    );
    const lagging = randomName('lagging');
    const caughtUp = randomName('caughtup');
    const ignored = `console-consumer-${randomName('x')}`; // MM2's default groups.exclude: never checkpointed
    const lag = [
      { topic, partition: 0, offset: 3n },
      { topic, partition: 1, offset: 17n },
      { topic, partition: 2, offset: 29n },
    ];
    const up = [0, 1, 2].map((partition) => ({ topic, partition, offset: 30n }));
    await nyc.commitOffsets(lagging, lag);
    await nyc.commitOffsets(caughtUp, up);
    await nyc.commitOffsets(ignored, up);
    await awaitCheckpoints(lon, lagging, lag);
    await awaitCheckpoints(lon, caughtUp, up);

    for (const group of [lagging, caughtUp, ignored]) {
      const r = await runCli(['offsets', 'translate', '--group', group, '--method', 'checkpoints', '--json']);
      if (group === ignored) {
        assert.equal(r.code, 2, 'a group with no checkpoints and no source lookup is unknown');
        assert.deepEqual(await remoteClusterUtils(group), []);
        continue;
      }
      assert.equal(r.code, 0, r.stderr);
      const ours = JSON.parse(r.stdout)
        .partitions.map((p: { topic: string; partition: number; downstream: string }) => `${p.topic} ${p.partition} ${p.downstream}`)
        .sort();
      assert.deepEqual(ours, await remoteClusterUtils(group));
    }
    const caught = JSON.parse((await runCli(['offsets', 'translate', '--group', caughtUp, '--method', 'exact', '--json'])).stdout);
    assert.deepEqual(
      caught.partitions.map((p: { downstream: string }) => p.downstream),
      ['30', '30', '30'],
      'a caught-up group resumes at the end',
    );
    // --export is a reset file kafka-consumer-groups accepts on the target, with the same offsets.
    const csv = await runCli(['offsets', 'translate', '--group', lagging, '--method', 'exact', '--export']);
    assert.equal(csv.code, 0, csv.stderr);
    const file = join(mkdtempSync(join(tmpdir(), 'drctl-export-')), 'reset.csv');
    writeFileSync(file, csv.stdout);
    const plan = await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', sandboxConfig().clusters.LON.bootstrapServers[0], '--group', lagging, '--reset-offsets', '--from-file', file, '--dry-run']);
    assert.equal(plan.code, 0, plan.stderr);
    // The tool's table layout differs between versions: read it as a stream of (group, topic, partition, offset).
    const tokens = plan.stdout.split(/\s+/);
    const planned = tokens.flatMap((t, i) => (t === lagging && tokens[i + 1] === `NYC.${topic}` ? [tokens.slice(i + 1, i + 4).join(',')] : [])).sort();
    assert.deepEqual(planned, csv.stdout.trim().split('\n').sort());
    const ign = JSON.parse((await runCli(['offsets', 'translate', '--group', ignored, '--json'])).stdout);
    assert.ok(
      ign.partitions.every((p: { method: string }) => p.method === 'exact'),
      'auto translates a group without checkpoints exactly from the source',
    );
  });
});

describe('offsets translate: exact across upstream gaps and MM2 duplicates', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  /** For every committed offset in 0..end: exact equals the truth, conservative methods never pass it. */
  async function checkAllOffsets(topic: string, group: string): Promise<{ checked: number; duplicates: bigint; end: bigint }> {
    const tp = { topic, partition: 0 };
    const [end] = await nyc.listOffsets([tp], 'latest');
    const src = await allRecords(nyc, tp);
    const tgtTp = { topic: `NYC.${topic}`, partition: 0 };
    const tgt = await allRecords(lon, tgtTp);
    const [tgtEnd] = await lon.listOffsets([tgtTp], 'latest');
    const [start] = await nyc.listOffsets([tp], 'earliest');
    let checked = 0;
    let duplicates = 0n;
    for (let u = start.offset ?? 0n; u <= (end.offset ?? 0n); u++) {
      const inputs = await inputsFor(nyc, lon, group, [{ topic, partition: 0, offset: u }]);
      const [row] = await translateGroup(group, 'exact', inputs);
      const truth = truthFor(src, tgt, tgtEnd.offset ?? 0n, u);
      assert.equal(row.method, 'exact', `U=${u}: ${row.note}`);
      assert.equal(row.downstream, truth, `U=${u}: exact ${row.downstream} vs truth ${truth}`);
      assert.ok(row.conservative !== null && row.conservative <= truth, `U=${u}: syncs ${row.conservative} must not pass ${truth}`);
      duplicates += truth - row.conservative!;
      checked++;
    }
    return { checked, duplicates, end: end.offset ?? 0n };
  }

  it('points at the right record with committed and aborted transactions (markers leave gaps)', async () => {
    const topic = randomName('tx');
    await nyc.createTopic(topic, 1);
    await nyc.produce(topic, [{ value: 'plain-0', partition: 0 }]);
    await produceTransactions(sandboxConfig().clusters.NYC.bootstrapServers, topic, [
      { values: ['c1-0', 'c1-1', 'c1-2'], commit: true },
      { values: ['a1-0', 'a1-1'], commit: false },
      { values: ['c2-0'], commit: true },
      { values: ['a2-0', 'a2-1', 'a2-2'], commit: false },
      { values: ['c3-0', 'c3-1'], commit: true },
    ]);
    await nyc.produce(topic, [{ value: 'plain-1', partition: 0 }]);
    const [end] = await nyc.listOffsets([{ topic, partition: 0 }], 'latest');
    assert.ok((end.offset ?? 0n) > 13n, 'transaction markers took offsets');
    await eventually(
      async () => {
        const t = await allRecords(lon, { topic: `NYC.${topic}`, partition: 0 }).catch(() => []);
        return t.some((r) => r.value?.toString() === 'plain-1');
      },
      90_000,
      'the tail to be replicated',
    );
    // The coordinator writes a transaction's marker after EndTxn returns, so it may land after plain-1: the end
    // that counts is the one the check read, after replication.
    const checked = await checkAllOffsets(topic, randomName('tx-svc'));
    assert.ok(checked.end >= (end.offset ?? 0n));
    assert.equal(checked.checked, Number(checked.end) + 1);
  });

  it('points at the right record in a compacted topic', async () => {
    const topic = randomName('compacted');
    await nyc.createTopic(topic, 1, { 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.001', 'delete.retention.ms': '100', 'min.compaction.lag.ms': '0' });
    await nyc.produce(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 4}`, value: `v${i}`, partition: 0 })),
    );
    await awaitReplicated(nyc, lon, topic);
    // Roll the segment and wait for the cleaner: the source log gets gaps.
    await eventually(
      async () => {
        await nyc.produce(topic, [{ key: 'roll', value: `roll-${Date.now()}`, partition: 0 }]);
        return (await allRecords(nyc, { topic, partition: 0 })).length < 30;
      },
      90_000,
      'compaction on the source',
    );
    await eventually(
      async () => {
        const src = await allRecords(nyc, { topic, partition: 0 });
        const tgt = new Set((await allRecords(lon, { topic: `NYC.${topic}`, partition: 0 })).map((r) => r.value?.toString()));
        return src.every((r) => tgt.has(r.value?.toString()));
      },
      90_000,
      'the surviving records on the target',
    );
    // The cleaners keep working for a while on both clusters: check against logs that stopped changing.
    let last = '';
    let sameFor = 0;
    await eventually(
      async () => {
        const sig = JSON.stringify([(await allRecords(nyc, { topic, partition: 0 })).map((r) => r.offset.toString()), (await allRecords(lon, { topic: `NYC.${topic}`, partition: 0 })).map((r) => r.offset.toString())]);
        sameFor = sig === last ? sameFor + 1 : 0;
        last = sig;
        return sameFor >= 8;
      },
      90_000,
      'both logs to stop changing',
    );
    const { checked } = await checkAllOffsets(topic, randomName('compact-svc'));
    assert.ok(checked > 40);
  });

  it('skips duplicates MM2 wrote after being killed mid-stream', async () => {
    const topic = randomName('dups');
    await nyc.createTopic(topic, 1);
    let produced = 0;
    const tp = { topic: `NYC.${topic}`, partition: 0 };
    // Kill MM2 while records flow; after a restart it re-copies what it had not committed. Retry until that happens.
    for (let attempt = 0; attempt < 4; attempt++) {
      // A steady writer (about 2,000 records/s, like an application) runs until MM2 has been killed while copying its
      // records, not after it caught up with them.
      if (attempt === 0) await eventually(async () => (await lon.listTopics()).some((t) => t.name === tp.topic), 90_000, 'the remote topic');
      let stop = false;
      const writer = (async () => {
        while (!stop) {
          await nyc.produce(
            topic,
            Array.from({ length: 20 }, () => ({ value: `d${produced++}`, partition: 0 })),
          );
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const before = produced;
      await eventually(async () => ((await lon.listOffsets([tp], 'latest'))[0].offset ?? 0n) >= BigInt(before + 200), 90_000, 'MM2 to copy the new records');
      assert.equal((await runCli(['sandbox', 'stop', 'mirror', '--kill'])).code, 0);
      stop = true;
      await writer;
      assert.equal((await runCli(['sandbox', 'start', 'mirror'])).code, 0);
      await eventually(async () => (await allRecords(lon, tp)).some((r) => r.value?.toString() === `d${produced - 1}`), 90_000, 'catch-up after restart');
      const tgt = await allRecords(lon, tp);
      if (tgt.length > produced) break;
    }
    const tgt = await allRecords(lon, tp);
    assert.ok(tgt.length > produced, `MM2 wrote duplicates (${tgt.length} copies of ${produced} records)`);
    const src = await allRecords(nyc, { topic, partition: 0 });
    const [tgtEnd] = await lon.listOffsets([tp], 'latest');
    // Check offsets spread over the stream (about 40 of them, and the end) rather than all of them.
    const group = randomName('dups-svc');
    const step = Math.max(37, Math.ceil(produced / 40));
    const offsets = [...Array.from({ length: Math.ceil(produced / step) }, (_, i) => BigInt(i * step)), BigInt(produced)];
    for (const u of offsets) {
      const inputs = await inputsFor(nyc, lon, group, [{ topic, partition: 0, offset: u }]);
      const [row] = await translateGroup(group, 'exact', inputs);
      const truth = truthFor(src, tgt, tgtEnd.offset ?? 0n, u);
      assert.equal(row.method, 'exact', `U=${u}: ${row.note}`);
      // No loss: every record the group has not consumed still has a copy at or after the answer. And the answer is
      // never before the first copy of the next record (it re-delivers nothing it need not).
      assert.ok(row.downstream! >= truth, `U=${u}: ${row.downstream} before ${truth}`);
      const fromAnswer = new Set(tgt.filter((r) => r.offset >= row.downstream!).map((r) => r.value?.toString()));
      const onTarget = new Set(tgt.map((r) => r.value?.toString()));
      const lost = src.filter((r) => r.offset >= u && onTarget.has(r.value?.toString()) && !fromAnswer.has(r.value?.toString()));
      assert.deepEqual(
        lost.map((r) => r.offset),
        [],
        `U=${u}: exact must not skip an unconsumed record`,
      );
      if (row.conservative !== null && row.conservative > row.downstream!) assert.match(row.note ?? '', /MM2's translation .* is ahead/, `U=${u}: an MM2 value ahead of exact is reported`);
    }
  });
});
