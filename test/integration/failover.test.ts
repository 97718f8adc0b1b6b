import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { consumeUntil, startAppConsumer } from '../helpers/app-consumer.js';
import { allRecords } from '../helpers/translation-truth.js';
import { eventually, randomName, runCli, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-failover-'));
const nycBootstrap = () => sandboxConfig().clusters.NYC.bootstrapServers;
const lonBootstrap = () => sandboxConfig().clusters.LON.bootstrapServers;

describe('drctl failover, planned, with real consumers on both sides', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('a consumer on LON receives exactly the records the group had not consumed on NYC: no loss, no duplicate', async () => {
    const topic = randomName('orders');
    const group = randomName('orders-svc');
    await nyc.createTopic(topic, 3);
    await nyc.produce(topic, Array.from({ length: 600 }, (_, i) => ({ key: `k${i}`, value: `order-${i}`, partition: i % 3 })));
    // The application consumes part of the stream on NYC, commits, and stops (a lagging group).
    const consumed = await consumeUntil(nycBootstrap(), group, topic, (seen) => seen.length >= 250);
    assert.ok(consumed.length >= 250);
    assert.equal(consumed.length, new Set(consumed.map((x) => x.value)).size);
    const committed = await nyc.committedOffsets(group);

    const r = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--reason', 'test drill', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.equal(res.plan.mode, 'planned');
    assert.deepEqual(res.result.outcomes.map((o: { status: string }) => o.status), ['ok']);
    assert.ok(res.plan.groups[0].partitions.every((p: { method: string; expectedDuplicates: string }) => p.method === 'exact' && p.expectedDuplicates === '0'));
    assert.deepEqual(res.result.rpo.map((x: { records: string }) => x.records), ['0']);
    assert.ok(res.result.rto.totalMs > 0);

    // What the group has not consumed on NYC, per partition, in order.
    // (A partition the group never committed starts from the beginning on either cluster: fromBeginning.)
    const expected = new Map<number, string[]>();
    for (const partition of [0, 1, 2]) {
      const from = committed.find((c) => c.partition === partition)?.offset ?? 0n;
      expected.set(partition, (await allRecords(nyc, { topic, partition })).filter((x) => x.offset >= from).map((x) => x.value!.toString()));
    }
    const total = [...expected.values()].reduce((n, v) => n + v.length, 0);
    const onLon = await consumeUntil(lonBootstrap(), group, `NYC.${topic}`, (seen) => seen.length >= total);
    // Then the group must be at the end of every remote partition: nothing left that it did not get.
    const ends = await lon.listOffsets([0, 1, 2].map((partition) => ({ topic: `NYC.${topic}`, partition })), 'latest');
    const offs = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    assert.deepEqual(ends.map((e) => offs.get(e.partition)), ends.map((e) => e.offset), `LON consumer got ${onLon.length} of ${total}; committed vs ends`);
    for (const [partition, values] of expected) {
      assert.deepEqual(onLon.filter((x) => x.partition === partition).map((x) => x.value), values, `partition ${partition}: record by record`);
    }
    const consumedOnNyc = new Set(consumed.map((x) => x.value));
    assert.ok(onLon.every((x) => !consumedOnNyc.has(x.value)), 'no record consumed on NYC is delivered again on LON');

    // Undo is offered and works.
    const undo = await runCli(['offsets', 'restore', '--backup', res.result.backupId, '--execute']);
    assert.equal(undo.code, 0, undo.stderr);
  });

  it('a dry run changes nothing; a saved plan that drifted is refused (exit 3)', async () => {
    const topic = randomName('ledger');
    const group = randomName('ledger-svc');
    await nyc.createTopic(topic, 1);
    await nyc.produce(topic, Array.from({ length: 50 }, (_, i) => ({ value: `l${i}`, partition: 0 })));
    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 20n }]);
    const planFile = join(tmp, 'plan.json');
    const dry = await runCli(['failover', '--group', group, '--to', 'LON', '--dry-run', '--plan-out', planFile]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(await lon.committedOffsets(group), [], 'the dry run committed nothing');
    await lon.commitOffsets(group, [{ topic: `NYC.${topic}`, partition: 0, offset: 3n }]); // someone moved it meanwhile
    const stale = await runCli(['failover', '--plan', planFile, '--yes']);
    assert.equal(stale.code, 3, stale.stderr);
    assert.match(stale.stderr, /^error: the plan drifted: .*target offset is now 3, the plan saw none/m);
    assert.deepEqual(await lon.committedOffsets(group), [{ topic: `NYC.${topic}`, partition: 0, offset: 3n }]);
  });

  it('refuses a group that is active on the target (exit 3), and needs --yes without a TTY (exit 2)', async () => {
    const topic = randomName('busy');
    const group = randomName('busy-svc');
    await nyc.createTopic(topic, 1);
    await nyc.produce(topic, [{ value: 'b', partition: 0 }]);
    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 1n }]);
    await eventually(async () => (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`), 60_000, 'the remote topic');
    const noYes = await runCli(['failover', '--group', group, '--to', 'LON']);
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /^error: refusing to fail over without confirmation/);
    const app = await startAppConsumer(lonBootstrap(), group, `NYC.${topic}`);
    try {
      const r = await runCli(['failover', '--group', group, '--to', 'LON', '--yes']);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stdout, /refused: .*group is active on LON/);
    } finally {
      await app.disconnect();
    }
  });
});
