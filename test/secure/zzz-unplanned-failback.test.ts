/**
 * Runs last on the secure profile: NYC is killed (kill -9, all three nodes), its group fails over unplanned to
 * LON, NYC comes back and fails back: its unreplicated tail salvaged while the leader of a tail partition is
 * killed, its topic truncated, MM2 reversed to LON->NYC (as `mm2`) and checked with a canary. All as `drctl`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseSalvageLine } from '../../src/failback/salvage-lines.js';
import { readCheckpoints } from '../../src/mm2/checkpoint-reader.js';
import { readSecureSandboxState, secureSandboxStart, secureSandboxStop } from '../../src/sandbox/secure-sandbox.js';
import { drctl, finishesOrResumes, fullyInSync, gatewayAs, killNode, leaderOf, secureState } from '../helpers/secure.js';
import { eventually, randomName, sandboxStateDir } from '../helpers/sandbox.js';
import { allRecords } from '../helpers/translation-truth.js';

const P = 3;
const value = (tag: string, p: number, i: number) => `${tag}-p${p}-${i}`;

describe('the secure profile: unplanned failover after NYC is killed, then failback', () => {
  const lon = gatewayAs('LON', 'admin');
  const topic = randomName('uf-orders');
  const group = randomName('uf-svc');
  const salvageDir = join(secureState().dir, randomName('salvage'));
  after(async () => {
    await lon.close();
    await secureSandboxStart(sandboxStateDir(), 'NYC');
  });

  it('NYC dies with a tail MM2 did not copy; failover --unplanned moves the group to LON, none of its records lost', async () => {
    const nyc = gatewayAs('NYC', 'app');
    try {
      await nyc.createTopic(topic, P);
      await nyc.produce(
        topic,
        Array.from({ length: 20 * P }, (_, i) => ({ value: value('before', i % P, Math.floor(i / P)), partition: i % P })),
      );
      await nyc.commitOffsets(
        group,
        Array.from({ length: P }, (_, partition) => ({ topic, partition, offset: 10n })),
      );
      await eventually(
        async () =>
          (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`) &&
          (
            await lon.listOffsets(
              Array.from({ length: P }, (_, partition) => ({ topic: `NYC.${topic}`, partition })),
              'latest',
            )
          ).every((o) => o.offset === 20n),
        120_000,
        'MM2 to copy the topic',
      );
      await eventually(async () => (await readCheckpoints(lon, 'NYC.checkpoints.internal', 15_000)).groups.get(group)?.size === P, 120_000, 'checkpoints of the group');
      await secureSandboxStop(sandboxStateDir(), 'mirror');
      await nyc.produce(
        topic,
        Array.from({ length: 7 * P }, (_, i) => ({ value: value('tail', i % P, Math.floor(i / P)), partition: i % P })),
      );
    } finally {
      await nyc.close();
    }
    await killNode('NYC');

    const r = await drctl(['failover', '--group', group, '--to', 'LON', '--unplanned', '--yes', '--json', '--reason', 'NYC lost', '--timeout', '10s']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const res = JSON.parse(r.stdout);
    assert.equal(res.plan.mode, 'unplanned');
    const parts: { partition: number; newOffset: string; expectedDuplicates: string | null }[] = res.plan.groups[0].partitions;
    for (let p = 0; p < P; p++) {
      const planned = parts.find((x) => x.partition === p)!;
      // Record by record: from its new offset the group gets every record it had not processed, and again no more
      // of the processed ones than the plan predicted.
      const from = BigInt(planned.newOffset);
      const got = (await allRecords(lon, { topic: `NYC.${topic}`, partition: p })).filter((x) => x.offset >= from).map((x) => x.value!.toString());
      assert.deepEqual(
        got.filter((v) => Number(v.split('-').at(-1)) >= 10),
        Array.from({ length: 10 }, (_, i) => value('before', p, 10 + i)),
        `partition ${p}: the unprocessed records`,
      );
      assert.ok(got.length - 10 <= Number(planned.expectedDuplicates ?? 0), `partition ${p}: ${got.length - 10} again, predicted ${planned.expectedDuplicates}`);
    }
    // The application now writes on LON.
    await lon.createTopic(topic, P);
    await lon.produce(
      topic,
      Array.from({ length: 4 * P }, (_, i) => ({ value: value('lon', i % P, Math.floor(i / P)), partition: i % P })),
    );
  });

  it("failback: NYC back, a tail partition's leader killed during the salvage; the tail salvaged exactly, NYC clean, LON->NYC replicating", async () => {
    await secureSandboxStart(sandboxStateDir(), 'NYC');
    // After the restart the followers catch up first: killed before that, a partition would have no leader to elect.
    await eventually(() => fullyInSync('NYC', topic), 120_000, "NYC's replicas back in sync");
    await killNode('NYC', await leaderOf('NYC', topic, 0));
    const admin = gatewayAs('NYC', 'admin');
    const { result: r } = await finishesOrResumes(
      ['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--salvage-dir', salvageDir, '--execute', '--quiet-period', '0', '--reason', 'NYC back', '--json', '--timeout', '60s'],
      async () => {},
      // As an operator would: bring the killed node back (a partition can be left with no leader to elect), then
      // run the same command again.
      async () => {
        await secureSandboxStart(sandboxStateDir(), 'NYC');
        return ((await admin.topicReplicas([topic])).get(topic) ?? []).every((p) => p.leader >= 0);
      },
    ).finally(() => admin.close());
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const { result } = JSON.parse(r.stdout);
    assert.equal(result.complete, true);
    // A run that failed mid-way and was resumed finds its earlier steps already done.
    assert.deepEqual(
      result.steps.map((s: { step: string; status: string }) => [s.step, s.status === 'already done' ? 'done' : s.status]),
      ['salvage', 'verify salvage', 'no new writes on NYC', 'delete failed-over groups on NYC', 'truncate topics on NYC', 'reverse flow LON->NYC', 'canary LON->NYC'].map((s) => [s, 'done']),
    );
    // The salvage holds exactly the tail, record by record.
    const manifest = JSON.parse(readFileSync(join(salvageDir, 'manifest.json'), 'utf8'));
    for (let p = 0; p < P; p++) {
      const [file] = manifest.files.filter((f: { topic: string; partition: number }) => f.topic === topic && f.partition === p);
      const lines = readFileSync(join(salvageDir, file.file), 'utf8').trim().split('\n').map(parseSalvageLine);
      assert.deepEqual(
        lines.map((l) => [l.offset, l.value?.toString()]),
        Array.from({ length: 7 }, (_, i) => [20n + BigInt(i), value('tail', p, i)]),
      );
    }
    const nyc = gatewayAs('NYC', 'admin');
    try {
      // NYC is clean: the topic truncated to its end, the group gone.
      const tps = Array.from({ length: P }, (_, partition) => ({ topic, partition }));
      assert.deepEqual(
        (await nyc.listOffsets(tps, 'earliest')).map((o) => o.offset),
        (await nyc.listOffsets(tps, 'latest')).map((o) => o.offset),
      );
      assert.deepEqual(await nyc.committedOffsets(group), []);
      // MM2 runs LON->NYC as mm2: LON's new records arrive on NYC.
      assert.deepEqual(readSecureSandboxState(sandboxStateDir())!.flow, { source: 'LON', target: 'NYC' });
      await eventually(
        async () => {
          if (!(await nyc.listTopics()).some((t) => t.name === `LON.${topic}`)) return false;
          const got = await Promise.all(tps.map((tp) => allRecords(nyc, { ...tp, topic: `LON.${topic}` })));
          return (
            got
              .flat()
              .map((x) => x.value!.toString())
              .sort()
              .join() ===
            Array.from({ length: 4 * P }, (_, i) => value('lon', i % P, Math.floor(i / P)))
              .sort()
              .join()
          );
        },
        120_000,
        "LON's records on NYC",
      );
    } finally {
      await nyc.close();
    }
  });
});
