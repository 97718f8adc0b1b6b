import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAppConsumer } from '../helpers/app-consumer.js';
import { randomName, runCli, runKafkaTool, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

const GROUP_CMD = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
const tmp = mkdtempSync(join(tmpdir(), 'drctl-reset-'));
const lonBootstrap = () => sandboxConfig().clusters.LON.bootstrapServers[0];
const MIN = 60_000;

/** kafka-consumer-groups --reset-offsets ... --dry-run --export on LON: the CSV rows, sorted. */
async function javaPlan(group: string, args: string[]): Promise<string[]> {
  const r = await runKafkaTool(GROUP_CMD, ['--bootstrap-server', lonBootstrap(), '--group', group, '--reset-offsets', ...args, '--dry-run', '--export']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[^,\s]+,\d+,\d+$/.test(l))
    .sort();
}

/** drctl offsets reset ... --export on LON: the CSV rows, sorted. */
async function drctlPlan(group: string, args: string[]): Promise<string[]> {
  const r = await runCli(['offsets', 'reset', '--cluster', 'LON', '--group', group, ...args, '--export']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).sort();
}

describe('offsets reset: the same plans as kafka-consumer-groups, scenario by scenario', () => {
  const lon = sandboxGateway('LON');
  const topic = randomName('pay');
  const group = randomName('pay-svc');
  // For --by-duration, whose cut moves with the clock: records far from "30 minutes ago" (2 h, 1 h, 10 min and 5 min
  // old), so that the plans of two runs a few seconds apart, or of drctl and the Java tool, cannot differ.
  const spaced = randomName('pay-spaced');
  const now = Date.now();
  const base = now - 60 * MIN + 30_000; // records every minute, 30 s away from any whole-minute cut
  after(() => lon.close());

  before(async () => {
    // p0: 40 records with chosen timestamps; p1: 40 records, the first 15 deleted (log start 15); p2: empty.
    await lon.createTopic(topic, 3);
    await lon.produce(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ value: `a${i}`, partition: 0, timestamp: base + i * MIN })),
    );
    await lon.produce(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ value: `b${i}`, partition: 1, timestamp: base + i * MIN })),
    );
    await lon.deleteRecords([{ topic, partition: 1, offset: 15n }]);
    await lon.createTopic(spaced, 2);
    await lon.produce(
      spaced,
      [0, 1].flatMap((partition) => [120, 60, 10, 5].map((ago, i) => ({ value: `s${partition}-${i}`, partition, timestamp: now - ago * MIN }))),
    );
    await lon.commitOffsets(group, [
      { topic, partition: 0, offset: 12n },
      { topic, partition: 1, offset: 20n },
    ]);
  });

  const iso = (ms: number) => new Date(ms).toISOString(); // always with .SSS and Z: valid for both tools
  const cases: [string, string[]][] = [
    ['--to-datetime inside the data', ['--all-topics', '--to-datetime', iso(base + 10 * MIN - 1000)]],
    ['--to-datetime without a zone (UTC)', ['--topic', topic, '--to-datetime', iso(base + 25 * MIN).replace('Z', '')]],
    ['--to-datetime after every record (log-end fallback, empty partition)', ['--topic', topic, '--to-datetime', iso(now + 10 * MIN)]],
    ['--to-datetime before every record', ['--topic', topic, '--to-datetime', iso(base - 10 * MIN)]],
    ['--by-duration', ['--topic', spaced, '--by-duration', 'PT30M']],
    ['--to-earliest (log start above 0)', ['--topic', topic, '--to-earliest']],
    ['--to-latest', ['--all-topics', '--to-latest']],
    ['--to-current (log end where nothing is committed)', ['--topic', topic, '--to-current']],
    ['--shift-by forward, clamped', ['--topic', `${topic}:0,1`, '--shift-by', '25']],
    ['--shift-by backward, clamped at the log start', ['--all-topics', '--shift-by', '-8']],
    ['--to-offset, clamped both ways', ['--topic', topic, '--to-offset', '10']],
    ['--to-offset above the end', ['--topic', `${topic}:0,2`, '--to-offset', '1000']],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const [ours, theirs] = await Promise.all([drctlPlan(group, args), javaPlan(group, args)]);
      assert.ok(theirs.length > 0, 'the Java tool planned something');
      assert.deepEqual(ours, theirs);
    });
  }

  it('--from-file (3 columns, one group), clamped like the tool', async () => {
    const file = join(tmp, 'plan.csv');
    writeFileSync(file, `${topic},0,7\n${topic},1,2\n${topic},2,99\n`);
    assert.deepEqual(await drctlPlan(group, ['--from-file', file]), await javaPlan(group, ['--from-file', file]));
  });

  it('--by-duration accepts 30m and PT30M alike', async () => {
    const plan = await drctlPlan(group, ['--topic', spaced, '--by-duration', '30m']);
    assert.deepEqual(plan, [`${spaced},0,2`, `${spaced},1,2`], 'the first record of the last 30 minutes: the 10-minute-old one');
    assert.deepEqual(await drctlPlan(group, ['--topic', spaced, '--by-duration', 'PT30M']), plan);
  });
});

describe('offsets reset --execute, the backup, and restore', () => {
  const lon = sandboxGateway('LON');
  after(() => lon.close());

  it('commits what the Java tool then describes, and restore puts the old offsets back', async () => {
    const topic = randomName('ledger');
    const group = randomName('ledger-svc');
    await lon.createTopic(topic, 2);
    await lon.produce(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ value: `l${i}`, partition: i % 2 })),
    );
    await lon.commitOffsets(group, [
      { topic, partition: 0, offset: 9n },
      { topic, partition: 1, offset: 4n },
    ]);

    const r = await runCli(['offsets', 'reset', '--cluster', 'LON', '--group', group, '--all-topics', '--to-earliest', '--execute', '--reason', 'test', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.deepEqual(
      res.result.outcomes.map((o: { status: string }) => o.status),
      ['ok'],
    );
    const described = await runKafkaTool(GROUP_CMD, ['--bootstrap-server', lonBootstrap(), '--describe', '--group', group, '--offsets']);
    const rows = described.stdout
      .split('\n')
      .filter((l) => l.includes(topic))
      .map((l) => l.trim().split(/\s+/));
    assert.deepEqual(Object.fromEntries(rows.map((x) => [x[2], x[3]])), { 0: '0', 1: '0' });

    const dry = await runCli(['offsets', 'restore', '--backup', res.result.backupId, '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(Object.fromEntries((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset])), { 0: 0n, 1: 0n }, 'a restore dry run changes nothing');
    const restore = await runCli(['offsets', 'restore', '--backup', res.result.backupId, '--execute']);
    assert.equal(restore.code, 0, restore.stderr);
    assert.deepEqual(Object.fromEntries((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset])), { 0: 9n, 1: 4n });
  });

  it('refuses an active group (exit 3) but still resets the others (exit 5)', async () => {
    const topic = randomName('mixed');
    const live = randomName('live-svc');
    const idle = randomName('idle-svc');
    await lon.createTopic(topic, 1);
    await lon.produce(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ value: `m${i}`, partition: 0 })),
    );
    await lon.commitOffsets(idle, [{ topic, partition: 0, offset: 3n }]);
    const app = await startAppConsumer([lonBootstrap()], live, topic);
    try {
      const onlyLive = await runCli(['offsets', 'reset', '--cluster', 'LON', '--group', live, '--topic', topic, '--to-earliest', '--execute']);
      assert.equal(onlyLive.code, 3, onlyLive.stderr);
      assert.match(onlyLive.stdout, /refused: .*group is active/);
      const both = await runCli(['offsets', 'reset', '--cluster', 'LON', '--group', live, '--group', idle, '--topic', topic, '--to-earliest', '--execute', '--json']);
      assert.equal(both.code, 5);
      const out = JSON.parse(both.stdout).result.outcomes;
      assert.deepEqual(out.map((o: { group: string; status: string }) => [o.group === live ? 'live' : 'idle', o.status]).sort(), [
        ['idle', 'ok'],
        ['live', 'refused'],
      ]);
      assert.deepEqual(await lon.committedOffsets(idle), [{ topic, partition: 0, offset: 0n }]);
    } finally {
      await app.disconnect();
    }
  });
});

describe('offsets reset: bad input gives a clear error and changes nothing', () => {
  const lon = sandboxGateway('LON');
  const topic = randomName('guard');
  const group = randomName('guard-svc');
  after(() => lon.close());
  before(async () => {
    await lon.createTopic(topic, 1);
    await lon.produce(topic, [
      { value: 'g', partition: 0 },
      { value: 'h', partition: 0 },
    ]);
    await lon.commitOffsets(group, [{ topic, partition: 0, offset: 1n }]);
  });
  const badCsv = join(tmp, 'bad.csv');
  writeFileSync(badCsv, 'x,0,1\nnot-a-line\n');
  const cases: [string, () => string[], RegExp][] = [
    ['a malformed datetime', () => ['--group', group, '--all-topics', '--to-datetime', '2026-13-01T00:00:00'], /^error: invalid datetime "2026-13-01T00:00:00"/],
    ['an unknown topic', () => ['--group', group, '--topic', 'no-such-topic', '--to-earliest'], /^error: (LON: )?unknown topic "no-such-topic"/],
    ['an unknown group', () => ['--group', 'no-such-group', '--all-topics', '--to-earliest'], /^error: LON: unknown group "no-such-group"/],
    ['a bad CSV line', () => ['--group', group, '--from-file', badCsv], /^error: .*bad\.csv:2: expected 3 columns, found 1: "not-a-line"/],
    ['a missing scope', () => ['--group', group, '--to-earliest'], /^error: no reset scope given/],
    ['two scenarios', () => ['--group', group, '--all-topics', '--to-earliest', '--to-latest'], /^error: only one reset scenario at a time/],
    ['an unknown alias', () => ['--cluster', 'PAR', '--group', group, '--all-topics', '--to-earliest'], /^error: unknown cluster alias "PAR"/],
  ];
  for (const [name, args, re] of cases) {
    it(`${name}: exit 2, one line and a hint, offsets unchanged`, async () => {
      const a = args();
      const r = await runCli(['offsets', 'reset', ...(a.includes('--cluster') ? [] : ['--cluster', 'LON']), ...a, '--execute']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, re);
      assert.match(r.stderr.trim().split('\n')[1] ?? '', /^hint: /);
      assert.deepEqual(await lon.committedOffsets(group), [{ topic, partition: 0, offset: 1n }]);
    });
  }
});
