import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderFailbackResult } from '../../../src/cli/failback-render.js';
import { defaultFlowFilters } from '../../../src/config/resolve-flow.js';
import type { DrctlConfig } from '../../../src/config/types.js';
import { isDrctlError } from '../../../src/errors.js';
import { tailRanges } from '../../../src/failback/failback-plan.js';
import { planFailback, planFailbackFrom, readFailbackSnapshot, type FailbackRequest } from '../../../src/failback/plan-failback.js';
import { failbackPlanSchema } from '../../../src/failback/plan-file.js';
import { executeFailback } from '../../../src/failback/run-failback.js';
import { parseSalvageLine } from '../../../src/failback/salvage-lines.js';
import { salvageToDir, verifySalvageDir } from '../../../src/failback/salvage-dir.js';
import { salvageToTopic, verifySalvageTopic } from '../../../src/failback/salvage-topic.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { readJournal } from '../../../src/journal/journal.js';
import { planClusterId } from '../../../src/workflow/plan-header.js';

const T0 = 1_700_000_000_000;

/** NYC `orders` (2 partitions, 8 records each) of which LON has copies of the first 5 per partition; a group that
 * failed over (offsets on LON for NYC.orders) and one that did not. Records have binary values and headers. */
async function world() {
  const stateDir = mkdtempSync(join(tmpdir(), 'drctl-failback-'));
  const config: DrctlConfig = {
    source: 'test',
    clusters: { NYC: { alias: 'NYC', bootstrapServers: ['nyc:9092'] }, LON: { alias: 'LON', bootstrapServers: ['lon:9092'] } },
    flows: [{ source: 'NYC', target: 'LON', ...defaultFlowFilters() }],
    replicationPolicy: { type: 'default', separator: '.', internalTopicSeparatorEnabled: true },
    offsetSyncsLocation: 'target',
    objectives: {},
    stateDir,
  };
  const nyc = new FakeGateway('NYC', { now: () => T0 });
  const lon = new FakeGateway('LON', { now: () => T0 });
  await nyc.createTopic('orders', 2);
  await lon.createTopic('NYC.orders', 2);
  await nyc.createTopic('heartbeats', 1);
  const produced: Record<number, { value: Buffer; timestamp: number; key: string | null; headers: Record<string, string> }[]> = { 0: [], 1: [] };
  for (const p of [0, 1]) {
    for (let i = 0; i < 8; i++) {
      const r = { key: i % 3 === 0 ? null : `k${i}`, value: Buffer.from([p, i, 0xff, 0x00]), timestamp: T0 - 600_000 + i * 1000, headers: { trace: `t${p}-${i}` } };
      produced[p].push(r);
      await nyc.produce('orders', [{ ...r, partition: p }]);
      if (i < 5) await lon.produce('NYC.orders', [{ ...r, partition: p }]);
    }
  }
  await nyc.commitOffsets('svc', [
    { topic: 'orders', partition: 0, offset: 3n },
    { topic: 'orders', partition: 1, offset: 4n },
  ]);
  await lon.commitOffsets('svc', [{ topic: 'NYC.orders', partition: 0, offset: 3n }]);
  await nyc.commitOffsets('audit', [{ topic: 'orders', partition: 0, offset: 1n }]);
  const req = (over: Partial<FailbackRequest> = {}): FailbackRequest => ({
    oldPrimary: 'NYC',
    newPrimary: 'LON',
    cleanup: 'truncate',
    salvage: { kind: 'dir', dir: join(stateDir, 'salvage') },
    quietPeriodMs: 60_000,
    allowActiveGroups: false,
    sandbox: false,
    timeoutMs: 1000,
    ...over,
  });
  return { config, nyc, lon, produced, req, stateDir };
}

const exec = (config: DrctlConfig) => ({ config, reason: 'test', canaryTopic: 'drctl-canary', canaryTimeoutMs: 1000 });

describe('failback', () => {
  it('plans from a snapshot alone: what happens on the clusters after the read does not change the plan', async () => {
    const w = await world();
    const snap = await readFailbackSnapshot(w.config, w.req(), w.nyc, w.lon, T0);
    const before = planFailbackFrom(w.config, w.req(), snap, T0);
    await w.nyc.produce('orders', [{ value: 'late', partition: 0, timestamp: T0 }]);
    assert.deepEqual(planFailbackFrom(w.config, w.req(), snap, T0), before);
    // The choices that read nothing are the plan's: without a salvage target the salvage check fails.
    assert.equal(planFailbackFrom(w.config, w.req({ salvage: null }), snap, T0).checks.find((c) => c.name === 'salvage')!.status, 'fail');
    // A new read sees the late record in the tail.
    assert.deepEqual(
      tailRanges(await planFailback(w.config, w.req(), w.nyc, w.lon, T0)).find((r) => r.partition === 0),
      { topic: 'orders', partition: 0, from: 5n, to: 9n },
    );
  });

  it('plans the tail by record identity, the failed-over group, and refuses recent writes', async () => {
    const w = await world();
    const plan = await planFailback(w.config, w.req(), w.nyc, w.lon, T0);
    assert.deepEqual(plan.topics, ['orders']);
    assert.deepEqual(tailRanges(plan), [
      { topic: 'orders', partition: 0, from: 5n, to: 8n },
      { topic: 'orders', partition: 1, from: 5n, to: 8n },
    ]);
    assert.equal(plan.tail.unreplicated, 6n);
    assert.equal(plan.partitions[0].firstTimestamp, T0 - 600_000 + 5000);
    assert.equal(plan.partitions[0].lastTimestamp, T0 - 600_000 + 7000);
    assert.deepEqual(
      plan.groups.map((g) => [g.group, g.failedOver !== null]),
      [
        ['audit', false],
        ['svc', true],
      ],
    );
    assert.ok(
      plan.checks.every((c) => c.status !== 'fail'),
      JSON.stringify(plan.checks),
    );
    const recent = await planFailback(w.config, w.req(), w.nyc, w.lon, T0 - 600_000 + 7000 + 5000);
    assert.equal(recent.checks.find((c) => c.name.startsWith('no recent writes'))!.status, 'fail');
    await assert.rejects(executeFailback(recent, w.nyc, w.lon, exec(w.config)), (e) => isDrctlError(e) && e.exitCode === 3);
    assert.equal((await w.nyc.committedOffsets('svc')).length, 2, 'a refused failback changes nothing');
  });

  it('refuses while a group on NYC is active; with --allow-active-groups it goes on and keeps the active group', async () => {
    const w = await world();
    w.nyc.setMembers('svc', 2);
    const plan = await planFailback(w.config, w.req(), w.nyc, w.lon, T0);
    const check = plan.checks.find((c) => c.name === 'no active groups on NYC')!;
    assert.equal(check.status, 'fail');
    assert.match(check.detail, /svc \(Stable, 2 member/);
    await assert.rejects(executeFailback(plan, w.nyc, w.lon, exec(w.config)), (e) => isDrctlError(e) && e.exitCode === 3);
    const allowed = await planFailback(w.config, w.req({ allowActiveGroups: true }), w.nyc, w.lon, T0);
    assert.equal(allowed.checks.find((c) => c.name === 'no active groups on NYC')!.status, 'warn');
    const r = await executeFailback(allowed, w.nyc, w.lon, exec(w.config));
    assert.match(r.steps.find((s) => s.step.startsWith('delete failed-over groups'))!.detail, /kept, active: svc/);
    assert.equal((await w.nyc.committedOffsets('svc')).length, 2);
  });

  it('with --topics, refuses for an active group assigned a topic in scope before it committed, or whose assignment is unreadable', async () => {
    const w = await world();
    await w.nyc.createTopic('payments', 1);
    w.nyc.setMembers('fresh-app', 1, ['orders']);
    w.nyc.setMembers('payments-app', 1, ['payments']);
    const narrowed = w.req({ topicsRegex: 'orders' });
    const plan = await planFailback(w.config, narrowed, w.nyc, w.lon, T0);
    const check = plan.checks.find((c) => c.name === 'no active groups on NYC')!;
    assert.equal(check.status, 'fail');
    assert.match(check.detail, /active: fresh-app \(Stable, 1 member/);
    assert.doesNotMatch(check.detail, /payments-app/, 'a group that reads only topics out of scope is not in the way');
    assert.deepEqual(
      plan.groups.map((g) => [g.group, g.failedOver !== null]),
      [
        ['audit', false],
        ['fresh-app', false],
        ['svc', true],
      ],
    );
    w.nyc.setMembers('fresh-app', 0);
    const clear = await planFailback(w.config, narrowed, w.nyc, w.lon, T0);
    assert.equal(clear.checks.find((c) => c.name === 'no active groups on NYC')!.status, 'pass');
    w.nyc.setMembers('payments-app', 1, null);
    const unknown = await planFailback(w.config, narrowed, w.nyc, w.lon, T0);
    assert.match(unknown.checks.find((c) => c.name === 'no active groups on NYC')!.detail, /active: payments-app/);
    // Without --topics the whole cluster is failed back: any active consumer group is in the way.
    w.nyc.setMembers('payments-app', 1, ['payments']);
    const whole = await planFailback(w.config, w.req(), w.nyc, w.lon, T0);
    assert.match(whole.checks.find((c) => c.name === 'no active groups on NYC')!.detail, /active: payments-app/);
  });

  it('a waived salvage deletes the tail unsalvaged and says so in every record of it', async () => {
    const w = await world();
    const plan = await planFailback(w.config, w.req({ salvage: { kind: 'waived', reason: 'load-test data only' } }), w.nyc, w.lon, T0);
    assert.equal(plan.checks.find((c) => c.name === 'salvage')!.status, 'warn');
    const r = await executeFailback(plan, w.nyc, w.lon, exec(w.config));
    assert.deepEqual(
      r.steps.slice(0, 2).map((s) => s.status),
      ['waived', 'waived'],
    );
    assert.match(r.steps[0].detail, /6 offsets deleted unsalvaged: load-test data only/);
    assert.ok(readJournal(w.stateDir).some((e) => e.step === 'salvage' && e.status === 'waived' && e.reason === 'test'));
  });

  it('refuses to truncate a compacted topic (the broker would refuse DeleteRecords) and allows deleting it', async () => {
    const w = await world();
    await w.nyc.createTopic('customers', 1, { 'cleanup.policy': 'compact' });
    await w.nyc.produce('customers', [{ key: 'c1', value: 'v', partition: 0 }]);
    const plan = await planFailback(w.config, w.req({ salvage: { kind: 'waived', reason: 'test' } }), w.nyc, w.lon, T0);
    assert.match(plan.checks.find((c) => c.name === 'cleanup possible')!.detail, /compacted topic\(s\) cannot be truncated.*customers/);
    assert.equal(plan.checks.find((c) => c.name === 'cleanup possible')!.status, 'fail');
    assert.deepEqual(
      plan.deletions.map((d) => [d.topic, d.compacted]),
      [
        ['customers', true],
        ['orders', false],
      ],
    );
    const del = await planFailback(w.config, w.req({ salvage: { kind: 'waived', reason: 'test' }, cleanup: 'delete-topics' }), w.nyc, w.lon, T0);
    assert.equal(del.checks.find((c) => c.name === 'cleanup possible')!.status, 'pass');
  });

  it('on Kafka Connect: the plan names the Connect cluster and says drctl reverses the connectors there', async () => {
    const w = await world();
    const plan = await planFailback(w.config, w.req({ connectUrl: 'http://connect-1:8083' }), w.nyc, w.lon, T0);
    assert.deepEqual([plan.reverse.flow, plan.reverse.sandbox, plan.reverse.connect], ['LON->NYC', false, 'http://connect-1:8083']);
    assert.match(plan.reverse.steps[0], /^drctl stops the connectors of NYC->LON on Connect/);
    assert.match(plan.reverse.steps[1], /^drctl deploys the three connectors of LON->NYC on Connect at http:\/\/connect-1:8083/);
    // A saved plan keeps it (and a plan saved before plans knew Connect still loads).
    assert.equal(failbackPlanSchema.parse(JSON.parse(JSON.stringify(plan, (_, v) => (typeof v === 'bigint' ? String(v) : v)))).reverse.connect, 'http://connect-1:8083');
    const older = await planFailback(w.config, w.req(), w.nyc, w.lon, T0);
    const { connect: _dropped, ...reverse } = older.reverse;
    assert.equal(failbackPlanSchema.parse(JSON.parse(JSON.stringify({ ...older, reverse }, (_, v) => (typeof v === 'bigint' ? String(v) : v)))).reverse.connect, undefined);
  });

  it('salvages exactly the tail to a directory, verifies it, cleans NYC, and a re-run finds everything done', async () => {
    const w = await world();
    const plan = await planFailback(w.config, w.req(), w.nyc, w.lon, T0);
    const r = await executeFailback(plan, w.nyc, w.lon, exec(w.config));
    assert.deepEqual(
      r.steps.map((s) => s.status),
      ['done', 'done', 'done', 'done', 'done', 'pending', 'pending'],
    );
    const shown = renderFailbackResult(r, plan);
    assert.ok(
      plan.reverse.steps.every((step, i) => shown.includes(`  ${i + 1}. ${step}`)),
      'the operator is shown the steps of the reverse flow',
    );
    assert.match(shown, /left for the operator: reverse flow LON->NYC, canary LON->NYC/);
    const dir = join(w.stateDir, 'salvage');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.files.length, 2);
    for (const f of manifest.files) {
      const got = readFileSync(join(dir, f.file), 'utf8').trim().split('\n').map(parseSalvageLine);
      const want = w.produced[f.partition].slice(5);
      assert.equal(f.records, 3);
      assert.deepEqual(
        got.map((g) => [g.offset, g.timestamp, g.key?.toString() ?? null, g.value, g.headers.map((h) => [h.key, h.value?.toString()])]),
        want.map((x, i) => [BigInt(5 + i), x.timestamp, x.key, x.value, [['trace', x.headers.trace]]]),
      );
    }
    assert.deepEqual(await w.nyc.committedOffsets('svc'), []);
    assert.equal((await w.nyc.committedOffsets('audit')).length, 1, 'a group that did not fail over is kept');
    const starts = await w.nyc.listOffsets(
      [
        { topic: 'orders', partition: 0 },
        { topic: 'orders', partition: 1 },
      ],
      'earliest',
    );
    assert.deepEqual(
      starts.map((s) => s.offset),
      [8n, 8n],
    );
    assert.ok(readJournal(w.stateDir).some((e) => e.command === 'failback' && e.step === 'verify salvage' && e.status === 'done'));
    const journaled = readJournal(w.stateDir).find((e) => e.step === 'salvage' && e.status === 'done')!.ranges as { partition: number; records: number; sha256: string }[];
    assert.deepEqual(
      journaled.map((x) => [x.partition, x.records, x.sha256]),
      manifest.files.map((f: { partition: number; records: number; sha256: string }) => [f.partition, f.records, f.sha256]),
    );

    const again = await planFailback(w.config, w.req(), w.nyc, w.lon, T0);
    assert.equal(again.tail.partitions, 0);
    const r2 = await executeFailback(again, w.nyc, w.lon, exec(w.config));
    assert.deepEqual(
      r2.steps.slice(0, 5).map((s) => s.status),
      ['already done', 'already done', 'done', 'already done', 'already done'],
    );
    assert.equal(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).files.length, 2, 'the earlier salvage is kept');
  });

  it('writes a damaged salvage file again, and refuses to clean when a file differs from the source', async () => {
    const w = await world();
    const dir = join(w.stateDir, 'salvage');
    const plan = await planFailback(w.config, w.req(), w.nyc, w.lon, T0);
    await salvageToDir(w.nyc, dir, planClusterId(plan, 'old-primary'), tailRanges(plan));
    const f = readdirSync(dir).find((x) => x.endsWith('.jsonl'))!;
    const good = readFileSync(join(dir, f), 'utf8');
    writeFileSync(join(dir, f), good.replace('"t', '"x'));
    await assert.rejects(verifySalvageDir(w.nyc, dir, planClusterId(plan, 'old-primary'), tailRanges(plan)), /does not match its manifest/);
    const again = await salvageToDir(w.nyc, dir, planClusterId(plan, 'old-primary'), tailRanges(plan));
    assert.deepEqual(again.map((r) => r.status).sort(), ['already salvaged', 'salvaged']);
    assert.equal(readFileSync(join(dir, f), 'utf8'), good);
    // A file and manifest that agree with each other but not with NYC (edited by hand, or another NYC).
    const forged = good.split('\n').filter(Boolean).slice(1).join('\n') + '\n';
    writeFileSync(join(dir, f), forged);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const e = m.files.find((x: { file: string }) => x.file === f);
    Object.assign(e, { records: 2, bytes: Buffer.byteLength(forged), sha256: createHash('sha256').update(forged).digest('hex') });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    await assert.rejects(executeFailback(plan, w.nyc, w.lon, exec(w.config)), (err) => isDrctlError(err) && err.exitCode === 3 && /holds 2 record\(s\).*NYC holds 3/.test(err.message));
    assert.equal((await w.nyc.committedOffsets('svc')).length, 2, 'nothing was deleted');
    assert.deepEqual(
      (await w.nyc.listOffsets([{ topic: 'orders', partition: 0 }], 'earliest')).map((x) => x.offset),
      [0n],
    );
  });

  it('salvages to a topic with source headers, once, and verifies it', async () => {
    const w = await world();
    const plan = await planFailback(w.config, w.req({ salvage: { kind: 'topic', topic: 'salvage-NYC' } }), w.nyc, w.lon, T0);
    const ranges = tailRanges(plan);
    // An interrupted earlier run had produced the first range only.
    await salvageToTopic(w.nyc, w.lon, 'salvage-NYC', ranges.slice(0, 1));
    const r = await salvageToTopic(w.nyc, w.lon, 'salvage-NYC', ranges);
    assert.deepEqual(
      r.map((x) => x.status),
      ['already salvaged', 'salvaged'],
    );
    const v = await verifySalvageTopic(w.nyc, w.lon, 'salvage-NYC', ranges);
    assert.deepEqual(v, { ranges: 2, records: 6 });
    const first = (await w.lon.readRecords({ topic: 'salvage-NYC', partition: 0 }, 0n)).records[0];
    assert.deepEqual(Object.fromEntries(first.headers.map((h) => [h.key, h.value?.toString()])), {
      trace: 't0-5',
      'drctl.salvage.cluster': 'NYC',
      'drctl.salvage.topic': 'orders',
      'drctl.salvage.partition': '0',
      'drctl.salvage.offset': '5',
      'drctl.salvage.timestamp': String(T0 - 600_000 + 5000),
    });
    await w.nyc.produce('orders', [{ value: 'late', partition: 1 }]);
    const grown = { ...ranges[1], to: 9n };
    await assert.rejects(verifySalvageTopic(w.nyc, w.lon, 'salvage-NYC', [grown]), /holds 3 record\(s\).*source holds 4/);
  });
});
