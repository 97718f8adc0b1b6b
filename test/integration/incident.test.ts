/**
 * `drctl incident` as a person uses it: the built CLI in a real pseudo-terminal (test/helpers/terminal.ts), keys as
 * bytes, assertions on the emulated screen, against the sandbox's NYC and LON with MirrorMaker 2.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { readJournal } from '../../src/journal/journal.js';
import { loadSession } from '../../src/incident/session.js';
import { consumeUntil } from '../helpers/app-consumer.js';
import { randomName, repoRoot, runCli, runProcess, sandboxConfig, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';
import { KEY, spawnTerminal, type Terminal } from '../helpers/terminal.js';
import { allRecords } from '../helpers/translation-truth.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-incident-'));
const nycBootstrap = () => sandboxConfig().clusters.NYC.bootstrapServers;
const lonBootstrap = () => sandboxConfig().clusters.LON.bootstrapServers;

/** Wait until `check` holds, polling the screen (no fixed sleeps). */
async function until(t: Terminal, check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- screen ---\n${(await t.screen()).split('\n').slice(-40).join('\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Move the cursor of the list on screen down to the line that contains `name`, waiting for each move to show. */
async function moveTo(t: Terminal, name: string): Promise<void> {
  for (;;) {
    const line = await t.cursorLine();
    if (line.includes(name)) return;
    t.send(KEY.down);
    await until(t, async () => (await t.cursorLine()) !== line, `the cursor to move towards ${name} (it stopped at: ${line})`);
  }
}

/** Answer the questions up to (not including) `stopAt`, for `group`; the answers a person would give. */
async function answer(t: Terminal, group: string, stopAt: 'flow' | 'groups' | 'mode' | 'fallback' | 'reason' | 'confirm' | 'next', opts: { unplanned?: boolean; reason?: string } = {}): Promise<void> {
  await t.waitFor('? Which flow fails over?', 60_000);
  if (stopAt === 'flow') return;
  t.send(KEY.enter);
  await t.waitFor('? Which groups move to LON?');
  if (stopAt === 'groups') return;
  await moveTo(t, group);
  t.send(KEY.space);
  await until(t, async () => /◉/.test(await t.cursorLine()), 'the group to be checked');
  t.send(KEY.enter);
  await t.waitFor(/\? How\? /);
  if (stopAt === 'mode') return;
  if (opts.unplanned) {
    await moveTo(t, 'UNPLANNED');
    t.send(KEY.enter);
    await t.waitFor('? Where do partitions without a checkpoint resume?');
    if (stopAt === 'fallback') return;
    t.send(KEY.enter);
  } else t.send(KEY.enter);
  await t.waitFor('? Reason (journaled');
  if (stopAt === 'reason') return;
  t.send(opts.reason ?? 'INC-42 guided test');
  t.send(KEY.enter);
  await t.waitFor('? Type LON to commit these offsets on LON', 120_000);
  if (stopAt === 'confirm') return;
  t.send('LON');
  t.send(KEY.enter);
  await t.waitFor('? What next?', 120_000);
}

/** The session id on screen. */
async function sessionId(t: Terminal): Promise<string> {
  return /drctl incident (\d{8}-\d{6}-[0-9a-f]{4}): a guided failover/.exec(await t.waitFor(/drctl incident \d{8}-\d{6}-[0-9a-f]{4}/))![1];
}

/** A topic on NYC with 300 records over 3 partitions, and a group that processed part of it (a real consumer). */
async function groupPartWay(topic: string, share = 120): Promise<{ group: string; processed: Set<string> }> {
  const group = randomName('incident-svc');
  const seen = await consumeUntil(nycBootstrap(), group, topic, (s) => s.length >= share);
  return { group, processed: new Set(seen.map((x) => x.value)) };
}

/** What the group has still to read on NYC, per partition (from the beginning where it never committed). */
async function unreadOnNyc(nyc: ClusterGateway, topic: string, group: string): Promise<Map<number, string[]>> {
  const committed = await nyc.committedOffsets(group);
  const out = new Map<number, string[]>();
  for (const partition of [0, 1, 2]) {
    const from = committed.find((c) => c.topic === topic && c.partition === partition)?.offset ?? 0n;
    out.set(
      partition,
      (await allRecords(nyc, { topic, partition })).filter((x) => x.offset >= from).map((x) => x.value!.toString()),
    );
  }
  return out;
}

/** A consumer in `group` on LON gets exactly what it had still to read on NYC, record by record, in order. */
async function assertResumesExactlyOnLon(lon: ClusterGateway, topic: string, group: string, expected: Map<number, string[]>, consumedOnNyc: Set<string>): Promise<void> {
  const total = [...expected.values()].reduce((n, v) => n + v.length, 0);
  const onLon = await consumeUntil(lonBootstrap(), group, `NYC.${topic}`, (seen) => seen.length >= total);
  for (const [partition, values] of expected)
    assert.deepEqual(
      onLon.filter((x) => x.partition === partition).map((x) => x.value),
      values,
      `partition ${partition}: record by record`,
    );
  assert.ok(
    onLon.every((x) => !consumedOnNyc.has(x.value)),
    'no record processed on NYC comes again on LON',
  );
  const ends = await lon.listOffsets(
    [0, 1, 2].map((partition) => ({ topic: `NYC.${topic}`, partition })),
    'latest',
  );
  const now = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
  assert.deepEqual(
    ends.map((e) => now.get(e.partition)),
    ends.map((e) => e.offset),
    'then the group is at the end of every partition: nothing left that it did not get',
  );
}

describe('drctl incident in a terminal', { timeout: 180_000 }, () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  const topic = randomName('incident-orders');
  const running: Terminal[] = [];
  const open = (args: string[], env: Record<string, string> = {}) => {
    const t = spawnTerminal(['incident', ...args], { env });
    running.push(t);
    return t;
  };
  before(async () => {
    await nyc.createTopic(topic, 3);
    await nyc.produce(
      topic,
      Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: `order-${i}`, partition: i % 3 })),
    );
  });
  after(async () => {
    for (const t of running) t.kill();
    await Promise.all([nyc.close(), lon.close()]);
  });

  it('without a terminal: exit 2, the error and a hint naming drctl status and drctl failover ... --yes; --json in a terminal too', async () => {
    const r = await runCli(['incident']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error: drctl incident is interactive and needs a terminal\nhint: .*drctl status.*drctl failover --group G --to LON --yes/);
    assert.equal(r.stdout, '');
    const t = open(['--json']);
    assert.equal(await t.exited, 2);
    assert.equal(JSON.parse(t.text().slice(t.text().indexOf('{'))).error.message, 'drctl incident is interactive and needs a terminal');
  });

  it('a guided planned failover: the group resumes on LON exactly where it stopped on NYC; the postmortem tells it', async () => {
    const { group, processed } = await groupPartWay(topic);
    const expected = await unreadOnNyc(nyc, topic, group);
    const postmortem = join(tmp, 'INC-42.md');
    const t = open(['--postmortem', postmortem]);
    const id = await sessionId(t);
    const assessment = await t.waitFor('? Which flow fails over?', 60_000);
    assert.match(assessment, /recommendation: planned switchover \(no data loss\)/);
    // Its lag on NYC, the duplicates an unplanned failover would cost now (known: NYC answers), its state on both.
    assert.match(assessment, new RegExp(`${group} +\\d+ +\\d+ +Empty, 0 members, classic +no such group`), 'the group: its lag, duplicates and state on both clusters');
    await answer(t, group, 'next');
    const screen = await t.screen();
    assert.match(screen, /✔ How\? \(planned switchover \(no data loss\)\) planned: drain/);
    assert.match(screen, /✔ wait: mirror caught up/);
    assert.match(screen, /✔ commit and verify \(\d+ ms\): 1 group\(s\) committed and verified/);
    assert.match(screen, /✔ verify: offsets on LON \(\d+ ms\): (\d+)\/\1 partition\(s\) at the planned offset/);
    assert.match(screen, /canary: ok, 3\/3 record\(s\) seen on LON/);
    t.send(KEY.enter); // done
    assert.equal(await t.exited, 0, await t.screen());
    // INCIDENT_TRANSCRIPT=FILE keeps what the person saw (for the docs and for a look at the screens).
    if (process.env.INCIDENT_TRANSCRIPT) writeFileSync(process.env.INCIDENT_TRANSCRIPT, `${await t.screen()}\n`);
    assert.match(await t.screen(), new RegExp(`postmortem: ${postmortem}`));

    const md = readFileSync(postmortem, 'utf8');
    const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(md)![1]);
    assert.deepEqual([front.id, front.flow, front.mode, front.reason, front.groups, front.outcome], [id, 'NYC->LON', 'planned', 'INC-42 guided test', [group], '1 group(s) failed over and verified']);
    assert.ok(Date.parse(front.started) < Date.parse(front.ended));
    for (const row of [
      '| assessment | NYC->LON: planned switchover',
      '| choice | flow: NYC->LON',
      `| choice | groups: ${group}`,
      '| choice | mode: planned',
      '| choice | reason: INC-42 guided test',
      '| step | wait: mirror caught up: done',
      '| confirm | confirmed by typing LON',
      '| step | commit and verify: done',
      '| verify | verify: canary NYC->LON: done',
      '| choice | next step: done',
    ]) {
      assert.match(md, new RegExp(`^\\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${row.replace(/[|()>.]/g, (c) => `\\${c}`)}.*\\| \\d+\\.\\d+ s \\|$`, 'm'), `timeline row ${row}`);
    }
    const session = loadSession(sandboxStateDir(), id);
    assert.match(md, new RegExp(`RTO: [\\d.]+ s from the start of the session`));
    assert.match(md, /RPO at the failover, incident-orders-[0-9a-f]+: nothing/);
    for (const p of session.plan!.groups[0].partitions) assert.match(md, new RegExp(`\\| ${group} \\| NYC\\.${topic} \\| ${p.partition} \\| - \\| ${p.newOffset} \\| exact`));
    const failoverLine = `drctl failover --group ${group} --from NYC --to LON --planned --yes --reason 'INC-42 guided test'`;
    assert.ok(md.includes(`\n${failoverLine}\n`), md);
    // The dry run it lists works when pasted (and sees the group already at its planned offsets).
    const dry = await runProcess(
      'sh',
      [
        '-c',
        md
          .split('\n')
          .find((l) => l.startsWith('drctl failover') && l.endsWith('--dry-run'))!
          .replace(/^drctl /, `'${process.execPath}' '${join(repoRoot, 'bin', 'run.js')}' `) + ' --json',
      ],
      { ...process.env, NO_COLOR: '1' },
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(JSON.parse(dry.stdout).plan.groups[0].partitions.every((p: { currentTarget: string; newOffset: string }) => p.currentTarget === p.newOffset));
    const journaled = readJournal(sandboxStateDir()).filter((e) => e.command === 'failover' && e.incident === id);
    assert.equal(journaled.length, 1, 'the failover is journaled, tagged with the session');
    assert.equal(journaled[0].reason, 'INC-42 guided test');

    // Record by record on LON: exactly what the group had not processed on NYC.
    await assertResumesExactlyOnLon(lon, topic, group, expected, processed);
  });

  it('Ctrl-C, Escape or Ctrl-D at any question, "stop here", or another name typed at the confirmation: nothing changes on NYC or LON', async () => {
    const { group } = await groupPartWay(topic);
    const offsets = async () => ({ nyc: await nyc.committedOffsets(group), lon: await lon.committedOffsets(group) });
    const before = await offsets();
    const journaled = readJournal(sandboxStateDir()).length;
    const cases: { at: Parameters<typeof answer>[2]; press: string; how: string; unplanned?: boolean }[] = [
      { at: 'flow', press: KEY.ctrlC, how: 'Ctrl-C' },
      { at: 'groups', press: KEY.escape, how: 'Escape' },
      { at: 'mode', press: KEY.ctrlD, how: 'Ctrl-D' },
      { at: 'fallback', press: KEY.ctrlC, how: 'Ctrl-C', unplanned: true },
      { at: 'reason', press: KEY.ctrlC, how: 'Ctrl-C' },
      { at: 'confirm', press: KEY.ctrlC, how: 'Ctrl-C' },
      { at: 'confirm', press: `lon${KEY.enter}`, how: 'typed "lon", not LON' },
      { at: 'mode', press: 'stop here', how: 'stop here' },
    ];
    for (const c of cases) {
      const t = open([]);
      const id = await sessionId(t);
      await answer(t, group, c.at, { unplanned: c.unplanned });
      if (c.press === 'stop here') {
        await moveTo(t, 'stop here: change nothing');
        t.send(KEY.enter);
      } else t.send(c.press);
      await t.waitFor('cancelled: nothing was changed');
      assert.equal(await t.exited, 130, `${c.how} at ${c.at}: exit 130\n${await t.screen()}`);
      const s = loadSession(sandboxStateDir(), id);
      assert.equal(s.status, 'cancelled');
      assert.match(s.timeline.at(-1)!.event, new RegExp(`cancelled \\(.*${c.how.replace(/"/g, '.')}.*\\): nothing was changed`));
    }
    assert.deepEqual(await offsets(), before, 'the group has the same offsets on NYC and LON');
    assert.equal(readJournal(sandboxStateDir()).length, journaled, 'nothing was journaled: nothing changed');
  });

  it('interrupted during execution (Ctrl-C while a step runs, then a process killed after the confirmation): --resume finishes it', async () => {
    const { group, processed } = await groupPartWay(topic);
    const expected = await unreadOnNyc(nyc, topic, group);
    // A discovery switch that waits for a go file (and takes it): a step that runs until the test lets it end.
    const go = join(tmp, 'go');
    // It marks when it has started: the step's line is drawn just before the command is spawned.
    const started = join(tmp, 'switch-started');
    const cfg = parseYaml(readFileSync(join(sandboxStateDir(), 'sandbox', 'drctl.yaml'), 'utf8'));
    cfg.discovery = { switchCommand: `touch '${started}'; i=0; until [ -e '${go}' ]; do i=$((i+1)); [ $i -gt 1800 ] && exit 9; sleep 0.05; done; rm -f '${go}'; echo switched $DRCTL_FROM to $DRCTL_TO`, switchTimeoutSeconds: 120 };
    const config = join(tmp, 'drctl.yaml');
    writeFileSync(config, stringifyYaml(cfg));
    const released = () => until(t1, async () => !existsSync(go), 'the switch command to take the go file', 20_000);

    // 1. Ctrl-C while the switch step runs: that step finishes, the next one never starts.
    const t1 = open(['--config', config]);
    const id = await sessionId(t1);
    await answer(t1, group, 'confirm', { reason: 'INC-43 interrupted' });
    t1.send(`LON${KEY.enter}`);
    await t1.waitFor('▸ discovery switch ...');
    t1.send(KEY.ctrlC);
    await t1.waitFor('interrupted: stopping after the step under way');
    writeFileSync(go, '');
    await t1.waitFor(`finish it with: drctl incident --resume ${id} --config ${config}`);
    assert.equal(await t1.exited, 130);
    const screen1 = await t1.screen();
    assert.match(screen1, /✔ discovery switch \(\d+ ms\): exit 0/);
    assert.match(screen1, /interrupted: stopped before "verify: offsets on LON": cancelled/);
    const undo = /undo: drctl offsets restore --backup (\S+) --execute/.exec(screen1)![1];
    assert.equal(loadSession(sandboxStateDir(), id).status, 'interrupted');

    // 2. --resume (the newest unfinished session), and the process is killed while the switch runs again.
    rmSync(started, { force: true });
    const t2 = open(['--resume', '--config', config]);
    const shown = await t2.waitFor('? Type LON to re-plan');
    assert.match(shown, new RegExp(`Incident session ${id}[\\s\\S]*groups: ${group}[\\s\\S]*mode: planned[\\s\\S]*reason: INC-43 interrupted`));
    t2.send(`LON${KEY.enter}`);
    await t2.waitFor('▸ discovery switch ...');
    // Killed once its switch command runs (killed before, there would be no command to take the go file).
    await until(t2, async () => existsSync(started), 'the switch command to start', 20_000);
    t2.kill('SIGKILL');
    assert.equal(await t2.exited, 128 + 9);
    assert.equal(loadSession(sandboxStateDir(), id).status, 'executing');
    writeFileSync(go, ''); // the killed run's switch command is still waiting: let it end
    await released();

    // 3. --resume ID finishes it: re-planned (the group is already there), executed, verified, postmortem.
    writeFileSync(go, '');
    const t3 = open(['--resume', id, '--config', config]);
    await t3.waitFor('? Type LON to re-plan');
    t3.send(`LON${KEY.enter}`);
    const done = await t3.waitFor('? What next?', 120_000);
    assert.match(done, /✔ verify: offsets on LON \(\d+ ms\): (\d+)\/\1 partition\(s\) at the planned offset/);
    assert.match(done, new RegExp(`this session first committed in an earlier run: its undo is drctl offsets restore --backup ${undo} --execute`));
    t3.send(KEY.enter);
    assert.equal(await t3.exited, 0, await t3.screen());
    const s = loadSession(sandboxStateDir(), id);
    assert.equal(s.status, 'done');
    assert.equal(s.result!.backupId, undo, "the session's undo is the first run's backup (the offsets before the failover)");
    assert.deepEqual(
      s.timeline.filter((x) => x.type === 'interrupt' || x.type === 'resume').map((x) => x.type),
      ['interrupt', 'resume', 'resume'],
    );
    const md = readFileSync(s.postmortem!, 'utf8');
    assert.match(md, /\| interrupt \| Ctrl-C: stopped before "verify: offsets on LON"/);
    assert.match(md, new RegExp(`--backup ${undo} --execute`));
    await assertResumesExactlyOnLon(lon, topic, group, expected, processed);
  });
});
