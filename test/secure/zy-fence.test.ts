/**
 * failover --fence on the secure profile (StandardAuthorizer): a producer keeps writing to NYC while its group
 * switches over. --fence check refuses; --fence acl denies the producer, waits for the writes to stop, and fails
 * over exactly, so LON holds every record the producer got acknowledged on NYC; fence remove lets it write again.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isDrctlError } from '../../src/errors.js';
import { drctl, gatewayAs } from '../helpers/secure.js';
import { eventually, randomName } from '../helpers/sandbox.js';

describe('failover --fence: a switchover exact for producers too', () => {
  const nyc = gatewayAs('NYC', 'app');
  const lon = gatewayAs('LON', 'admin');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('check refuses while NYC is written; acl denies the producer, fails over exactly; fence remove lets it write again', async () => {
    const topic = randomName('fence-orders');
    const group = randomName('fence-svc');
    const tps = [0, 1, 2].map((partition) => ({ topic, partition }));
    await nyc.createTopic(topic, 3);
    await nyc.produce(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, partition: i % 3 })),
    );
    await nyc.commitOffsets(
      group,
      tps.map((tp) => ({ ...tp, offset: 5n })),
    );
    await eventually(async () => (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`), 120_000, 'MM2 to create the remote topic');

    // The application's producer, still on NYC.
    const acked: string[] = [];
    let denied = 0;
    let stop = false;
    const producing = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          await nyc.produce(topic, [{ value: `live${i}`, partition: i % 3 }]);
          acked.push(`live${i}`);
        } catch (e) {
          if (isDrctlError(e) && e.kind === 'authorization') denied++;
          else throw e;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      await eventually(async () => acked.length >= 10, 30_000, 'the producer to write');
      const check = await drctl(['failover', '--group', group, '--to', 'LON', '--fence', 'check', '--yes', '--json', '--reason', 'fence test']);
      assert.equal(check.code, 3, check.stderr);
      assert.match(JSON.parse(check.stdout).error.message, /^NYC is still being written: /);
      assert.deepEqual(await lon.committedOffsets(group), [], 'nothing committed on LON');

      const r = await drctl(['failover', '--group', group, '--to', 'LON', '--fence', 'acl', '--yes', '--json', '--reason', 'fence test', '--timeout', '30s']);
      assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
      const res = JSON.parse(r.stdout);
      assert.deepEqual(res.fenced, [topic]);
      assert.equal(res.plan.mode, 'planned');
      await eventually(async () => denied > 0, 30_000, 'the producer to be denied');
    } finally {
      stop = true;
      await producing;
    }
    // Exact for the producer: every record NYC acknowledged is on LON, and the group resumes at its next record.
    const byPartition = (list: { partition: number; offset: bigint | null }[]) => Object.fromEntries(list.map((o) => [o.partition, o.offset]));
    const nycEnds = byPartition(await nyc.listOffsets(tps, 'latest'));
    assert.deepEqual(
      byPartition(
        await lon.listOffsets(
          tps.map((tp) => ({ ...tp, topic: `NYC.${topic}` })),
          'latest',
        ),
      ),
      nycEnds,
    );
    assert.equal(
      Object.values(nycEnds).reduce((a, b) => a! + b!, 0n),
      30n + BigInt(acked.length),
    );
    const onLon = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    assert.deepEqual([...onLon.values()], [5n, 5n, 5n]);

    const lift = await drctl(['fence', 'remove', '--cluster', 'NYC', '--topic', topic, '--yes', '--reason', 'fence test']);
    assert.equal(lift.code, 0, lift.stderr);
    await eventually(
      async () => {
        try {
          await nyc.produce(topic, [{ value: 'after', partition: 0 }]);
          return true;
        } catch {
          return false;
        }
      },
      30_000,
      'the producer to write again',
    );
  });
});
