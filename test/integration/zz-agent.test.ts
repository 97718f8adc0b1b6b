/**
 * drctl agent beside MM2 at its defaults for precision (offset syncs on the source, offset.lag.max 100): the drill
 * of issue 17. A group commits as it goes on NYC while the agent runs; NYC is killed (kill -9) a few records after
 * the agent's last round; the unplanned failover uses the agent's exact checkpoints. Compared, in the same run, with
 * what RemoteClusterUtils (MM2's checkpoints) gives. Runs late: it reconfigures MM2 and kills NYC, and puts both back.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readExactCheckpoints } from '../../src/checkpoints/exact-checkpoints.js';
import { readCheckpoints } from '../../src/mm2/checkpoint-reader.js';
import { sandboxSetMirror, sandboxStart, sandboxStop } from '../../src/sandbox/sandbox.js';
import { eventually, freePort, randomName, runCli, runRemoteClusterUtils, sandboxConfig, sandboxGateway, sandboxStateDir, startDrctl } from '../helpers/sandbox.js';
import { allRecords } from '../helpers/translation-truth.js';

const P = 3;
const N = 200;

describe('drctl agent: an unplanned failover after kill -9, with MM2 at its defaults', () => {
  const lon = sandboxGateway('LON');
  after(async () => {
    await lon.close();
    await sandboxStart(sandboxStateDir(), 'NYC');
    await sandboxSetMirror(sandboxStateDir(), { mm2Defaults: false });
  });

  it('the group resumes on LON with every record it had not processed, and far fewer duplicates than MM2 gives', async () => {
    await sandboxSetMirror(sandboxStateDir(), { mm2Defaults: true });
    const topic = randomName('agent-orders');
    const group = randomName('agent-svc');
    const remote = `NYC.${topic}`;
    const tps = Array.from({ length: P }, (_, partition) => ({ topic, partition }));
    const nyc = sandboxGateway('NYC');
    try {
      await nyc.createTopic(topic, P);
      await nyc.produce(
        topic,
        Array.from({ length: N * P }, (_, i) => ({ value: `r-${i % P}-${Math.floor(i / P)}`, partition: i % P })),
      );
      await eventually(
        async () =>
          (await lon.listTopics()).some((t) => t.name === remote) &&
          (
            await lon.listOffsets(
              tps.map((tp) => ({ ...tp, topic: remote })),
              'latest',
            )
          ).every((o) => o.offset === BigInt(N)),
        120_000,
        'MM2 to copy the topic',
      );
      // The group processes as it goes, the agent beside it (a round a second).
      const port = await freePort();
      const agent = startDrctl(['agent', '--interval', '1s', '--timeout', '10s', '--metrics-port', String(port)]);
      try {
        for (const at of [40n, 80n, 120n, 166n]) {
          await nyc.commitOffsets(
            group,
            tps.map((tp) => ({ ...tp, offset: at })),
          );
          await eventually(
            async () => {
              const mine = (await readExactCheckpoints(lon, 'NYC', 10_000)).groups.get(group);
              return tps.every((tp) => mine?.get(`${topic}:${tp.partition}`)?.upstream === at);
            },
            60_000,
            `the agent's exact checkpoints of commit ${at}`,
          );
        }
        // Its metrics: the group's checkpoint staleness, rounds; and its health.
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        assert.match(metrics, new RegExp(`^drctl_agent_checkpoint_staleness_seconds\\{flow="NYC->LON",group="${group}"\\} [0-9.]+$`, 'm'));
        assert.match(metrics, /^drctl_agent_rounds_total\{flow="NYC->LON"\} [1-9]\d*$/m);
        assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      } finally {
        agent.child.kill('SIGTERM');
        assert.equal(await agent.exited, 0, agent.out.stderr);
      }
      // MM2 has checkpointed the group past its first offset sync after 0 (RemoteClusterUtils gets its best shot). It
      // emits a checkpoint only when the translation changes, so the commit it names may be 120 or 166: both translate
      // to the same offset ...
      await eventually(async () => [...((await readCheckpoints(lon, 'NYC.checkpoints.internal', 10_000)).groups.get(group)?.values() ?? [])].filter((c) => c.upstreamOffset >= 120n).length === P, 120_000, "MM2's checkpoints of commit 120 or later");
      // ... and the group processes four more records before NYC dies, after the agent's last round.
      await nyc.commitOffsets(
        group,
        tps.map((tp) => ({ ...tp, offset: 170n })),
      );
    } finally {
      await nyc.close();
    }
    await sandboxStop(sandboxStateDir(), 'NYC', true);

    // The reference: what RemoteClusterUtils (MM2's checkpoints) would have the group resume at.
    const rcu = new Map((await runRemoteClusterUtils(sandboxConfig().clusters.LON.bootstrapServers[0], 'NYC', group)).map((l) => l.split(' ')).map(([t, p, o]) => [`${t}:${p}`, BigInt(o)]));
    const r = await runCli(['failover', '--group', group, '--to', 'LON', '--unplanned', '--yes', '--json', '--timeout', '5s', '--reason', 'agent drill']);
    assert.equal(r.code, 0, r.stderr);
    const parts: { partition: number; newOffset: string; method: string; expectedDuplicates: string | null; note: string }[] = JSON.parse(r.stdout).plan.groups[0].partitions;
    let ours = 0n;
    let theirs = 0n;
    let predicted = 0n;
    for (const tp of tps) {
      const p = parts.find((x) => x.partition === tp.partition)!;
      assert.equal(p.method, 'agent', p.note);
      const from = BigInt(p.newOffset);
      // Record by record: every record the group had not processed (170 onwards) comes, in order; the ones before
      // it are the duplicates, as many as the plan predicted.
      const got = (await allRecords(lon, { topic: remote, partition: tp.partition })).filter((x) => x.offset >= from).map((x) => x.value!.toString());
      const unprocessed = Array.from({ length: N - 170 }, (_, i) => `r-${tp.partition}-${170 + i}`);
      assert.deepEqual(got.slice(got.length - unprocessed.length), unprocessed, `partition ${tp.partition}: nothing lost`);
      const duplicates = BigInt(got.length - unprocessed.length);
      assert.equal(duplicates, 4n, `partition ${tp.partition}: the four records processed after the agent's last round come again`);
      assert.ok(p.expectedDuplicates !== null && duplicates <= BigInt(p.expectedDuplicates), `partition ${tp.partition}: ${duplicates} again, the plan predicted at most ${p.expectedDuplicates} (${p.note})`);
      ours += duplicates;
      predicted += BigInt(p.expectedDuplicates!);
      theirs += 170n - rcu.get(`${remote}:${tp.partition}`)!;
    }
    process.stderr.write(`agent drill: duplicates with drctl agent ${ours} (the plan predicted at most ${predicted}), with RemoteClusterUtils ${theirs}; ${parts[0].note}\n`);
    assert.ok(ours * 10n <= theirs, `drctl's ${ours} duplicates must be at most 10 % of RemoteClusterUtils' ${theirs}`);
  });
});
