import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { consumeUntil, produceTransactions, startAppConsumer } from '../helpers/app-consumer.js';
import { allRecords } from '../helpers/translation-truth.js';
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { eventually, randomName, runCli, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-failover-'));
type Seen = { partition: number; offset: string; value: string };

/**
 * What the group has still to read on NYC, per partition, in order: NYC's records at or after its committed offset
 * (a partition it never committed starts from the beginning on either cluster: fromBeginning), minus `skip` values.
 */
async function unreadOnNyc(nyc: ClusterGateway, topic: string, partitions: number, group: string, skip: (v: string) => boolean = () => false): Promise<Map<number, string[]>> {
  const committed = await nyc.committedOffsets(group);
  const out = new Map<number, string[]>();
  for (let partition = 0; partition < partitions; partition++) {
    const from = committed.find((c) => c.topic === topic && c.partition === partition)?.offset ?? 0n;
    out.set(
      partition,
      (await allRecords(nyc, { topic, partition }))
        .filter((x) => x.offset >= from)
        .map((x) => x.value!.toString())
        .filter((v) => !skip(v)),
    );
  }
  return out;
}

/** Run `drctl failover --yes --json` for groups and return the parsed result (asserting the exit code). */
async function failover(groups: string[], code = 0, extra: string[] = []) {
  const r = await runCli(['failover', ...groups.flatMap((g) => ['--group', g]), '--to', 'LON', '--yes', '--json', ...extra]);
  assert.equal(r.code, code, r.stderr);
  return JSON.parse(r.stdout);
}

/** A consumer in `group` on LON reads until it has seen the last expected record of every partition. */
async function consumeOnLon(group: string, topic: string, expected: Map<number, string[]>): Promise<Seen[]> {
  const last = new Map([...expected].filter(([, v]) => v.length > 0).map(([p, v]) => [p, v.at(-1)!]));
  return consumeUntil(lonBootstrap(), group, `NYC.${topic}`, (seen) => [...last].every(([p, v]) => seen.some((x) => x.partition === p && x.value === v)));
}
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
    await nyc.produce(
      topic,
      Array.from({ length: 600 }, (_, i) => ({ key: `k${i}`, value: `order-${i}`, partition: i % 3 })),
    );
    // The application consumes part of the stream on NYC, commits, and stops (a lagging group).
    const consumed = await consumeUntil(nycBootstrap(), group, topic, (seen) => seen.length >= 250);
    assert.ok(consumed.length >= 250);
    assert.equal(consumed.length, new Set(consumed.map((x) => x.value)).size);
    const committed = await nyc.committedOffsets(group);

    const r = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--reason', 'test drill', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.equal(res.plan.mode, 'planned');
    assert.deepEqual(
      res.result.outcomes.map((o: { status: string }) => o.status),
      ['ok'],
    );
    assert.ok(res.plan.groups[0].partitions.every((p: { method: string; expectedDuplicates: string }) => p.method === 'exact' && p.expectedDuplicates === '0'));
    assert.deepEqual(
      res.result.rpo.map((x: { records: string }) => x.records),
      ['0'],
    );
    assert.ok(res.result.rto.totalMs > 0);

    // What the group has not consumed on NYC, per partition, in order.
    // (A partition the group never committed starts from the beginning on either cluster: fromBeginning.)
    const expected = new Map<number, string[]>();
    for (const partition of [0, 1, 2]) {
      const from = committed.find((c) => c.partition === partition)?.offset ?? 0n;
      expected.set(
        partition,
        (await allRecords(nyc, { topic, partition })).filter((x) => x.offset >= from).map((x) => x.value!.toString()),
      );
    }
    const total = [...expected.values()].reduce((n, v) => n + v.length, 0);
    const onLon = await consumeUntil(lonBootstrap(), group, `NYC.${topic}`, (seen) => seen.length >= total);
    // Then the group must be at the end of every remote partition: nothing left that it did not get.
    const ends = await lon.listOffsets(
      [0, 1, 2].map((partition) => ({ topic: `NYC.${topic}`, partition })),
      'latest',
    );
    const offs = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    assert.deepEqual(
      ends.map((e) => offs.get(e.partition)),
      ends.map((e) => e.offset),
      `LON consumer got ${onLon.length} of ${total}; committed vs ends`,
    );
    for (const [partition, values] of expected) {
      assert.deepEqual(
        onLon.filter((x) => x.partition === partition).map((x) => x.value),
        values,
        `partition ${partition}: record by record`,
      );
    }
    const consumedOnNyc = new Set(consumed.map((x) => x.value));
    assert.ok(
      onLon.every((x) => !consumedOnNyc.has(x.value)),
      'no record consumed on NYC is delivered again on LON',
    );

    // The drill is in the RTO history, per step, and gated by the objective.
    const rto = await runCli(['report', 'rto', '--flow', 'NYC->LON', '--objective', '10m', '--json']);
    assert.equal(rto.code, 0, rto.stderr);
    const rtoJson = JSON.parse(rto.stdout);
    assert.equal(rtoJson.latest.totalMs, res.result.rto.totalMs);
    assert.deepEqual(rtoJson.latest.steps, res.result.rto.steps);
    assert.ok(rtoJson.runs >= 1 && rtoJson.total.max >= rtoJson.total.min);
    assert.equal((await runCli(['report', 'rto', '--flow', 'NYC->LON', '--objective', '0s'])).code, 1, 'over the objective: exit 1');

    // Undo is complete: the group had no offsets on LON before, so restoring deletes it there.
    const undo = await runCli(['offsets', 'restore', '--backup', res.result.backupId, '--execute']);
    assert.equal(undo.code, 0, undo.stderr);
    assert.match(undo.stdout, new RegExp(`delete group ${group}: had no offsets before`));
    assert.deepEqual(await lon.committedOffsets(group), [], 'after the undo LON holds no offsets for the group, as before the failover');
  });

  it('a dry run changes nothing; a saved plan that drifted is refused (exit 3)', async () => {
    const topic = randomName('ledger');
    const group = randomName('ledger-svc');
    await nyc.createTopic(topic, 1);
    await nyc.produce(
      topic,
      Array.from({ length: 50 }, (_, i) => ({ value: `l${i}`, partition: 0 })),
    );
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

  it('transactions: committed ones arrive exactly once on LON, aborted ones never, markers cost nothing', async () => {
    const topic = randomName('payments');
    const group = randomName('payments-svc');
    await nyc.createTopic(topic, 1);
    const batches = Array.from({ length: 8 }, (_, b) => ({ values: Array.from({ length: 25 }, (_, i) => `${b % 3 === 1 ? 'aborted' : 'tx'}-${b}-${i}`), commit: b % 3 !== 1 }));
    await nyc.produce(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ value: `plain-${i}`, partition: 0 })),
    );
    await produceTransactions(nycBootstrap(), topic, batches);
    await nyc.produce(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ value: `tail-${i}`, partition: 0 })),
    );
    // A read-committed application stops part-way, inside the transactional stretch.
    const consumed = await consumeUntil(nycBootstrap(), group, topic, (seen) => seen.length >= 95);
    assert.ok(
      consumed.every((x) => !x.value.startsWith('aborted')),
      'the application never saw aborted records',
    );
    const expected = await unreadOnNyc(nyc, topic, 1, group, (v) => v.startsWith('aborted'));

    const res = await failover([group]);
    assert.equal(res.plan.mode, 'planned');
    assert.deepEqual(
      res.plan.groups[0].partitions.map((p: { method: string; expectedDuplicates: string }) => [p.method, p.expectedDuplicates]),
      [['exact', '0']],
    );
    const onLon = await consumeOnLon(group, topic, expected);
    assert.deepEqual(
      onLon.map((x) => x.value),
      expected.get(0),
      'record by record: the rest of the committed stream, once each',
    );
    const consumedOnNyc = new Set(consumed.map((x) => x.value));
    assert.ok(
      onLon.every((x) => !consumedOnNyc.has(x.value)),
      'nothing consumed on NYC comes again',
    );
  });

  it("a compacted topic: the group resumes at the right record despite the cleaner's gaps on both clusters", async () => {
    const topic = randomName('accounts');
    const group = randomName('accounts-svc');
    await nyc.createTopic(topic, 1, { 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.001', 'delete.retention.ms': '100', 'min.compaction.lag.ms': '0' });
    await nyc.produce(
      topic,
      Array.from({ length: 60 }, (_, i) => ({ key: `acct-${i % 6}`, value: `v${i}`, partition: 0 })),
    );
    await eventually(
      async () => {
        await nyc.produce(topic, [{ key: `roll-${Date.now()}`, value: `roll-${Date.now()}`, partition: 0 }]);
        return (await allRecords(nyc, { topic, partition: 0 })).length < 40;
      },
      90_000,
      'compaction on NYC',
    );
    // Let both cleaners settle, so that what the group has left to read no longer changes under the test.
    let last = '';
    let sameFor = 0;
    await eventually(
      async () => {
        const sig = JSON.stringify([(await allRecords(nyc, { topic, partition: 0 })).map((r) => r.offset.toString()), (await allRecords(lon, { topic: `NYC.${topic}`, partition: 0 })).map((r) => r.offset.toString())]);
        sameFor = sig === last ? sameFor + 1 : 0;
        last = sig;
        return sameFor >= 6;
      },
      90_000,
      'both logs to stop changing',
    );
    const onNyc = (await allRecords(nyc, { topic, partition: 0 })).map((r) => r.value!.toString());
    const consumed = await consumeUntil(nycBootstrap(), group, topic, (seen) => seen.length >= Math.floor(onNyc.length / 2));
    const expected = await unreadOnNyc(nyc, topic, 1, group);
    assert.ok(expected.get(0)!.length > 0);

    const res = await failover([group]);
    assert.equal(res.plan.groups[0].partitions[0].method, 'exact');
    const onLon = (await consumeOnLon(group, topic, expected)).map((x) => x.value);
    // LON's cleaner may not yet have removed older versions that NYC's did: those are superseded values, not
    // records the group read. Everything NYC still holds must come, in order, and nothing the group consumed.
    const stillOnNyc = new Set(onNyc);
    assert.deepEqual(
      onLon.filter((v) => stillOnNyc.has(v)),
      expected.get(0),
      'record by record: what NYC holds after the committed offset',
    );
    const consumedOnNyc = new Set(consumed.map((x) => x.value));
    assert.ok(
      onLon.every((v) => !consumedOnNyc.has(v)),
      'nothing consumed on NYC comes again',
    );
  });

  it('a partial failure (one group active on LON), then a re-run finishes the job without touching what was done', async () => {
    const topic = randomName('shipments');
    const groups = [0, 1, 2].map((i) => randomName(`ship-${i}`));
    await nyc.createTopic(topic, 2);
    await nyc.produce(
      topic,
      Array.from({ length: 120 }, (_, i) => ({ value: `s${i}`, partition: i % 2 })),
    );
    for (const [i, g] of groups.entries())
      await nyc.commitOffsets(g, [
        { topic, partition: 0, offset: BigInt(10 + i * 15) },
        { topic, partition: 1, offset: BigInt(5 + i * 20) },
      ]);
    await eventually(async () => (await lon.listOffsets([{ topic: `NYC.${topic}`, partition: 0 }], 'latest'))[0].offset === 60n, 60_000, 'the remote topic');
    const busy = await startAppConsumer(lonBootstrap(), groups[1], `NYC.${topic}`);
    let first;
    try {
      first = await failover(groups, 5);
    } finally {
      await busy.disconnect();
    }
    assert.deepEqual(
      first.result.outcomes.map((o: { group: string; status: string }) => [o.group, o.status]),
      [
        [groups[0], 'ok'],
        [groups[1], 'refused'],
        [groups[2], 'ok'],
      ].sort(),
    );
    const done = await Promise.all([groups[0], groups[2]].map((g) => lon.committedOffsets(g)));

    const second = await failover(groups);
    assert.deepEqual(
      second.result.outcomes.map((o: { status: string }) => o.status),
      ['ok', 'ok', 'ok'],
    );
    assert.deepEqual(await Promise.all([groups[0], groups[2]].map((g) => lon.committedOffsets(g))), done, 'the groups already failed over kept their offsets');
    // The resumed group is where the record it reads next was copied: the values match on both clusters.
    for (const [partition, u] of [
      [0, 25n],
      [1, 25n],
    ] as const) {
      const next = (await allRecords(nyc, { topic, partition })).find((r) => r.offset === u)!.value!.toString();
      const at = (await lon.committedOffsets(groups[1])).find((o) => o.partition === partition)!.offset;
      assert.equal((await allRecords(lon, { topic: `NYC.${topic}`, partition })).find((r) => r.offset === at)?.value?.toString(), next);
    }
  });
});
