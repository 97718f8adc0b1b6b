// Runs last (the name sorts after every other file): failing back reverses the shared sandbox's MM2 to LON->NYC.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseSalvageLine } from '../../src/failback/salvage-lines.js';
import { unsalvage } from '../../src/failback/salvage-topic.js';
import type { ClusterGateway, KafkaRecord, ProduceRecord } from '../../src/kafka/gateway.js';
import { readJournal } from '../../src/journal/journal.js';
import { readCheckpoints } from '../../src/mm2/checkpoint-reader.js';
import { readSandboxState, sandboxMirrorFlow, sandboxStatus, sandboxStop } from '../../src/sandbox/sandbox.js';
import { startAppConsumer } from '../helpers/app-consumer.js';
import { eventually, randomName, runCli, sandboxConfig, sandboxGateway, sandboxStateDir, startDrctl } from '../helpers/sandbox.js';
import { allRecords } from '../helpers/translation-truth.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-failback-'));
const P = 3;
/** What a record is, for comparing what was produced with what was salvaged. */
const ident = (r: Pick<KafkaRecord, 'timestamp' | 'key' | 'value' | 'headers'>) => JSON.stringify([r.timestamp, r.key?.toString('base64') ?? null, r.value?.toString('base64') ?? null, r.headers.map((h) => [h.key, h.value?.toString('base64') ?? null])]);

/** Records with binary values, a null key now and then, and headers; explicit timestamps so they can be compared. */
function records(tag: string, n: number, t0: number): ProduceRecord[] {
  return Array.from({ length: n }, (_, i) => ({ key: i % 4 === 0 ? null : `${tag}-k${i}`, value: Buffer.concat([Buffer.from(`${tag}-${i}-`), Buffer.from([0, 255, i % 256])]), headers: { origin: tag, seq: String(i) }, timestamp: t0 + i, partition: i % P }));
}
/** Topics are listed before they are read: asking kafkajs about a topic that does not exist yet leaves it retrying
 * metadata in the background, and a connection it opens after close() keeps the test process alive. */
const exists = async (gw: ClusterGateway, name: string) => (await gw.listTopics()).some((t) => t.name === name);
const asRecord = (r: ProduceRecord) => ({
  timestamp: r.timestamp!,
  key: r.key === null || r.key === undefined ? null : Buffer.from(r.key),
  value: Buffer.from(r.value as Buffer),
  headers: Object.entries(r.headers!).map(([key, v]) => ({ key, value: Buffer.from(v as string) })),
});

describe('drctl failback: salvage the tail, clean NYC, reverse the flow', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));
  const topic = randomName('fb-orders');
  const other = randomName('fb-payments');
  const group = randomName('fb-orders-svc');
  const salvageDir = join(tmp, 'salvage');
  const salvageTopic = randomName('drctl-salvage-NYC');
  const tail = new Map<number, ProduceRecord[]>();
  const otherTail: ProduceRecord[] = [];
  const onLon = records('lon', 12, Date.now());
  const base = ['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--json'];

  it('sets the scene: mirrored, checkpointed, MM2 stopped, a tail on NYC, failed over, new records on LON', async () => {
    await nyc.createTopic(topic, P);
    await nyc.createTopic(other, 1);
    const before = records('before', 60, Date.now() - 120_000);
    await nyc.produce(topic, before);
    await nyc.produce(
      other,
      records('pay', 5, Date.now() - 120_000).map((r) => ({ ...r, partition: 0 })),
    );
    await nyc.commitOffsets(
      group,
      Array.from({ length: P }, (_, partition) => ({ topic, partition, offset: 10n })),
    );
    // Everything copied, and the group checkpointed, before MM2 stops.
    await eventually(
      async () => {
        if (!(await exists(lon, `NYC.${topic}`)) || !(await exists(lon, `NYC.${other}`))) return false;
        for (let p = 0; p < P; p++) if ((await lon.listOffsets([{ topic: `NYC.${topic}`, partition: p }], 'latest'))[0].offset !== 20n) return false;
        return (await lon.listOffsets([{ topic: `NYC.${other}`, partition: 0 }], 'latest'))[0].offset === 5n;
      },
      120_000,
      'MM2 to copy the topics',
    );
    await eventually(async () => (await readCheckpoints(lon, 'NYC.checkpoints.internal', 15000)).groups.get(group)?.size === P, 120_000, 'checkpoints of the group');
    await sandboxStop(sandboxStateDir(), 'mirror');

    const t = records('tail', 21, Date.now());
    await nyc.produce(topic, t);
    for (let p = 0; p < P; p++)
      tail.set(
        p,
        t.filter((r) => r.partition === p),
      );
    otherTail.push(...records('paytail', 4, Date.now()).map((r) => ({ ...r, partition: 0 })));
    await nyc.produce(other, otherTail);

    const f = await runCli(['failover', '--group', group, '--to', 'LON', '--unplanned', '--yes', '--reason', 'failback test', '--json']);
    assert.equal(f.code, 0, f.stderr);
    await lon.createTopic(topic, P);
    await lon.produce(topic, onLon);
  });

  it('a dry run shows exactly the tail and changes nothing', async () => {
    const journaledBefore = readJournal(sandboxStateDir()).filter((e) => e.command === 'failback').length;
    const r = await runCli([...base, '--salvage-dir', salvageDir]);
    assert.equal(r.code, 0, r.stderr);
    const { plan, result } = JSON.parse(r.stdout);
    assert.equal(result, null);
    assert.deepEqual(plan.topics, [topic]);
    const tails = plan.partitions.map((p: { partition: number; tailFrom: string; logEnd: string; unreplicated: string }) => [p.partition, p.tailFrom, p.logEnd, p.unreplicated]);
    assert.deepEqual(
      tails,
      [0, 1, 2].map((p) => [p, '20', String(20 + tail.get(p)!.length), String(tail.get(p)!.length)]),
    );
    assert.deepEqual(
      plan.groups.map((g: { group: string; failedOver: string | null }) => [g.group, /drctl failover NYC->LON/.test(g.failedOver ?? '')]),
      [[group, true]],
    );
    assert.equal(plan.reverse.flow, 'LON->NYC');
    assert.match(plan.reverse.properties, /^LON->NYC\.enabled = true$/m);
    const mirror = await runCli(['mirror', 'config', '--flow', 'LON->NYC']);
    assert.equal(mirror.code, 0, mirror.stderr);
    assert.equal(mirror.stdout, plan.reverse.properties, 'the plan shows what drctl mirror config prints');
    // Nothing changed: no salvage, NYC's data and group intact, MM2 still stopped, nothing journaled.
    assert.equal(existsSync(salvageDir), false);
    assert.deepEqual(
      (
        await nyc.listOffsets(
          [0, 1, 2].map((partition) => ({ topic, partition })),
          'earliest',
        )
      ).map((o) => o.offset),
      [0n, 0n, 0n],
    );
    assert.equal((await nyc.committedOffsets(group)).length, P);
    assert.equal(sandboxStatus(sandboxStateDir()).components.find((c) => c.component === 'mirror')!.running, false);
    assert.equal(readJournal(sandboxStateDir()).filter((e) => e.command === 'failback').length, journaledBefore);
  });

  it('refuses while NYC was written to recently, and without a salvage or a reason', async () => {
    const recent = await runCli([...base, '--salvage-dir', salvageDir, '--execute']);
    assert.equal(recent.code, 3, recent.stderr);
    assert.match(recent.stdout, /no recent writes on NYC.*written .* s ago/);
    const none = await runCli([...base, '--execute', '--quiet-period', '0']);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /--salvage-dir DIR or --salvage-topic TOPIC/);
    const waived = await runCli([...base, '--execute', '--waive-salvage']);
    assert.equal(waived.code, 2);
    assert.match(waived.stdout, /--waive-salvage needs --reason/);
    // A compacted topic: Kafka itself refuses DeleteRecords there, so truncating it is refused up front.
    const compacted = randomName('fb-customers');
    await nyc.createTopic(compacted, 1, { 'cleanup.policy': 'compact' });
    await nyc.produce(compacted, [{ key: 'c1', value: 'v1', partition: 0 }]);
    await assert.rejects(nyc.deleteRecords([{ topic: compacted, partition: 0, offset: 1n }]));
    const truncate = await runCli(['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', compacted, '--waive-salvage', '--reason', 'test', '--quiet-period', '0', '--execute', '--json']);
    assert.equal(truncate.code, 3, truncate.stderr);
    assert.match(JSON.parse(truncate.stdout).error.message, /compacted topic\(s\) cannot be truncated/);
    assert.equal((await nyc.listOffsets([{ topic: compacted, partition: 0 }], 'earliest'))[0].offset, 0n);
    // An application consuming the topic on NYC that has not committed yet: only its assignment shows it reads it.
    const appGroup = randomName('fb-live-app');
    const app = await startAppConsumer(sandboxConfig().clusters.NYC.bootstrapServers, appGroup, topic, { autoCommit: false });
    try {
      assert.deepEqual(
        (await nyc.describeGroups([appGroup])).map((g) => [g.state, g.assignedTopics]),
        [['Stable', [topic]]],
      );
      const live = await runCli([...base, '--salvage-dir', salvageDir, '--execute', '--quiet-period', '0']);
      assert.equal(live.code, 3, live.stderr);
      assert.match(JSON.parse(live.stdout).error.message, new RegExp(`no active groups on NYC: active: ${appGroup} \\(Stable, 1 member`));
    } finally {
      await app.disconnect();
    }
    assert.deepEqual(await nyc.committedOffsets(appGroup), []);
    const alias = await runCli(['failback', '--old-primary', 'NYX', '--new-primary', 'LON', '--json']);
    assert.equal(alias.code, 2);
    assert.match(JSON.parse(alias.stdout).error.message, /unknown cluster alias "NYX"/);
    assert.equal(existsSync(salvageDir), false);
    assert.equal((await nyc.committedOffsets(group)).length, P);
  });

  it('an interrupted run resumes: the salvage holds exactly the tail, NYC is clean, LON->NYC replicates, the canary passes', async () => {
    const args = [...base, '--salvage-dir', salvageDir, '--execute', '--quiet-period', '0', '--reason', 'failback test'];
    const seen = readJournal(sandboxStateDir()).length;
    const run = startDrctl(args);
    let exited = false;
    void run.exited.then(() => (exited = true));
    // Killed (kill -9) as soon as the salvage is verified, i.e. while it cleans NYC or restarts MM2.
    await eventually(
      async () =>
        readJournal(sandboxStateDir())
          .slice(seen)
          .some((e) => e.command === 'failback' && e.step === 'verify salvage' && e.status === 'done') || exited,
      60_000,
      'the salvage to be verified',
    );
    run.child.kill('SIGKILL');
    const code = await run.exited;
    assert.notEqual(code, 0, `the run finished before it could be interrupted: ${run.out.stderr}`);

    const again = await runCli(args);
    assert.equal(again.code, 0, again.stderr);
    const { result } = JSON.parse(again.stdout);
    assert.equal(result.complete, true);
    assert.equal(result.steps[0].status, 'already done', 'the salvage is not written twice');
    assert.deepEqual(
      result.steps.map((s: { step: string }) => s.step),
      ['salvage', 'verify salvage', 'no new writes on NYC', 'delete failed-over groups on NYC', 'truncate topics on NYC', 'reverse flow LON->NYC', 'canary LON->NYC'],
    );

    // The salvage: exactly the tail, record by record, once each, with a manifest that matches the files.
    const manifest = JSON.parse(readFileSync(join(salvageDir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.sourceCluster, 'NYC');
    for (let p = 0; p < P; p++) {
      const files = manifest.files.filter((f: { topic: string; partition: number }) => f.topic === topic && f.partition === p);
      assert.equal(files.length, 1);
      const lines = readFileSync(join(salvageDir, files[0].file), 'utf8').trim().split('\n').map(parseSalvageLine);
      assert.deepEqual(lines.map(ident), tail.get(p)!.map(asRecord).map(ident));
      assert.deepEqual(
        lines.map((l) => l.offset),
        tail.get(p)!.map((_, i) => 20n + BigInt(i)),
      );
      assert.equal(files[0].records, tail.get(p)!.length);
    }

    // NYC is clean: the topic truncated to its log end, the failed-over group gone.
    const starts = await nyc.listOffsets(
      [0, 1, 2].map((partition) => ({ topic, partition })),
      'earliest',
    );
    const ends = await nyc.listOffsets(
      [0, 1, 2].map((partition) => ({ topic, partition })),
      'latest',
    );
    assert.deepEqual(
      starts.map((s) => s.offset),
      ends.map((e) => e.offset),
    );
    assert.deepEqual(await nyc.committedOffsets(group), []);
    assert.equal((await nyc.describeGroups([group]))[0].state, 'Dead');
    // Out of scope (--topics): untouched.
    assert.equal((await nyc.listOffsets([{ topic: other, partition: 0 }], 'earliest'))[0].offset, 0n);

    // The flow is reversed: LON's new records arrive on NYC, exactly.
    assert.deepEqual(sandboxMirrorFlow(readSandboxState(sandboxStateDir())!), { source: 'LON', target: 'NYC' });
    await eventually(
      async () => {
        if (!(await exists(nyc, `LON.${topic}`))) return false;
        const got = (await Promise.all([0, 1, 2].map((partition) => allRecords(nyc, { topic: `LON.${topic}`, partition })))).flat();
        return got.length === onLon.length && got.map(ident).sort().join() === onLon.map(asRecord).map(ident).sort().join();
      },
      120_000,
      "LON's records on NYC",
    );
    const canary = await runCli(['canary', '--flow', 'LON->NYC', '--once']);
    assert.equal(canary.code, 0, canary.stdout + canary.stderr);

    const steps = readJournal(sandboxStateDir()).filter((e) => e.command === 'failback' && e.runId === result.runId);
    assert.deepEqual(
      steps.filter((e) => e.step !== 'summary').map((e) => e.step),
      result.steps.map((s: { step: string }) => s.step),
    );
  });

  it('salvages to a topic on LON with headers naming the source, then cleans by deleting the topic', async () => {
    // As an operator's config outside the sandbox would (other addresses for the same brokers): drctl does not run
    // MM2 there, and finds the reverse flow (MM2 LON->NYC, started above) by LON's heartbeats on NYC.
    const { NYC, LON } = sandboxConfig().clusters;
    const outside = join(tmp, 'outside.yaml');
    const local = (c: typeof NYC) => c.bootstrapServers[0].replace('127.0.0.1', 'localhost');
    writeFileSync(outside, `clusters:\n  NYC:\n    bootstrap: ${local(NYC)}\n  LON:\n    bootstrap: ${local(LON)}\nflows:\n  - "NYC->LON"\n`);
    const r = await runCli(['failback', '--config', outside, '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', other, '--salvage-topic', salvageTopic, '--cleanup', 'delete-topics', '--execute', '--quiet-period', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { plan, result } = JSON.parse(r.stdout);
    assert.equal(plan.reverse.sandbox, false);
    assert.deepEqual(
      plan.partitions.map((p: { tailFrom: string; logEnd: string }) => [p.tailFrom, p.logEnd]),
      [['5', '9']],
    );
    assert.equal(result.complete, true);
    const reverse = result.steps.find((s: { step: string }) => s.step === 'reverse flow LON->NYC');
    assert.deepEqual([reverse.status, /LON\.heartbeats on NYC is [\d.]+ s old/.test(reverse.detail)], ['already done', true], reverse.detail);
    assert.equal(result.steps.find((s: { step: string }) => s.step === 'canary LON->NYC').status, 'done');
    const salvaged = (await allRecords(lon, { topic: salvageTopic, partition: 0 })).map((x) => unsalvage(x, 'NYC')!);
    assert.deepEqual(
      salvaged.map((s) => [s.topic, s.partition, s.record.offset]),
      otherTail.map((_, i) => [other, 0, 5n + BigInt(i)]),
    );
    assert.deepEqual(
      salvaged.map((s) => ident(s.record)),
      otherTail.map(asRecord).map(ident),
    );
    assert.equal(
      (await nyc.listTopics()).some((t) => t.name === other),
      false,
    );
  });
});
