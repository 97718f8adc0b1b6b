// The workflow engine's shared behaviour against the sandbox: the discovery switch command's deadline and failure.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { readJournal } from '../../src/journal/journal.js';
import { eventually, randomName, runCli, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-workflow-'));

/** The sandbox's drctl.yaml with a discovery switch command. */
function configWithSwitch(name: string, command: string, timeoutSeconds: number): string {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, `${readFileSync(join(sandboxStateDir(), 'sandbox', 'drctl.yaml'), 'utf8')}discovery:\n  switchCommand: ${JSON.stringify(command)}\n  switchTimeoutSeconds: ${timeoutSeconds}\n`);
  return file;
}

describe('failover: the discovery switch command', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  /** A group with committed offsets on NYC whose topic LON has copied. */
  async function groupToMove(prefix: string): Promise<string> {
    const topic = randomName(`${prefix}-t`);
    const group = randomName(`${prefix}-g`);
    await nyc.createTopic(topic, 1);
    await nyc.produce(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ value: `v${i}`, partition: 0 })),
    );
    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 2n }]);
    await eventually(async () => (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`) && (await lon.listOffsets([{ topic: `NYC.${topic}`, partition: 0 }], 'latest'))[0].offset === 5n, 120_000, 'MM2 to copy the topic');
    return group;
  }

  it('a failing switch command makes the failover partial (exit 5): offsets moved, its output in the result and the journal', async () => {
    const group = await groupToMove('switch-fails');
    const config = configWithSwitch('fails', 'echo "dns update for $DRCTL_TO refused"; exit 7', 10);
    const r = await runCli(['failover', '--config', config, '--group', group, '--to', 'LON', '--yes', '--json']);
    assert.equal(r.code, 5, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.deepEqual(
      res.result.outcomes.map((o: { status: string }) => o.status),
      ['ok'],
    );
    assert.deepEqual([res.result.switchCommand.ran, res.result.switchCommand.exitCode, res.result.switchCommand.timedOut], [true, 7, false]);
    assert.match(res.result.switchCommand.output, /dns update for LON refused/);
    assert.ok(res.result.rto.steps.some((s: { step: string }) => s.step === 'discovery switch'));
    assert.match(r.stderr, /^error: the discovery switch command failed with exit 7: the groups' offsets moved to LON/m);
    const entry = readJournal(sandboxStateDir())
      .filter((e) => e.command === 'failover')
      .at(-1)!;
    assert.equal((entry.switchCommand as { exitCode: number }).exitCode, 7);
    assert.equal((await lon.committedOffsets(group))[0].offset, 2n);
  });

  it('a hanging switch command is killed at switchTimeoutSeconds; the failover says so (exit 5)', async () => {
    const group = await groupToMove('switch-hangs');
    const config = configWithSwitch('hangs', 'echo calling the registry; sleep 60', 1);
    const t0 = Date.now();
    const r = await runCli(['failover', '--config', config, '--group', group, '--to', 'LON', '--yes', '--json']);
    assert.equal(r.code, 5, r.stderr);
    assert.ok(Date.now() - t0 < 30_000, `the failover took ${Date.now() - t0} ms`);
    const res = JSON.parse(r.stdout);
    assert.deepEqual([res.result.switchCommand.timedOut, res.result.switchCommand.exitCode], [true, null]);
    assert.match(res.result.switchCommand.output, /calling the registry/);
    assert.match(r.stderr, /timed out after 1 s and was killed/);
  });
});

describe('failback: a saved plan (--plan-out, then --plan --execute)', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('is executed only as reviewed: a record written to NYC since the plan refuses it (exit 3), nothing salvaged or deleted', async () => {
    const topic = randomName('fb-saved');
    await nyc.createTopic(topic, 1);
    await nyc.produce(
      topic,
      Array.from({ length: 4 }, (_, i) => ({ value: `v${i}`, partition: 0 })),
    );
    await eventually(async () => (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`) && (await lon.listOffsets([{ topic: `NYC.${topic}`, partition: 0 }], 'latest'))[0].offset === 4n, 120_000, 'MM2 to copy the topic');
    const planFile = join(tmp, 'failback-plan.json');
    const salvage = join(tmp, 'fb-salvage');
    const dry = await runCli(['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--salvage-dir', salvage, '--quiet-period', '0', '--plan-out', planFile, '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(JSON.parse(readFileSync(planFile, 'utf8')).topics, [topic]);

    const mixed = await runCli(['failback', '--plan', planFile, '--old-primary', 'NYC', '--topics', 'x', '--execute']);
    assert.equal(mixed.code, 2, mixed.stderr);
    assert.match(mixed.stderr, /^error: --plan cannot be combined with --old-primary, --topics/);

    await nyc.produce(topic, [{ value: 'late', partition: 0 }]);
    const r = await runCli(['failback', '--plan', planFile, '--execute', '--json']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(JSON.parse(r.stdout).error.message, new RegExp(`the plan drifted: ${topic}-0 ends at 5, the plan saw 4`));
    assert.equal(existsSync(salvage), false);
    assert.deepEqual(
      (await nyc.listOffsets([{ topic, partition: 0 }], 'earliest')).map((o) => o.offset),
      [0n],
    );
  });
});

describe('offsets reset and restore: a saved plan (--plan-out, then --plan --execute)', () => {
  const nyc = sandboxGateway('NYC');
  after(() => nyc.close());

  it('commits only as reviewed: a commit since the plan refuses it (exit 3, nothing changed); unchanged, it commits, and its undo runs from a saved plan too', async () => {
    const topic = randomName('planned-reset');
    const group = randomName('planned-reset-g');
    await nyc.createTopic(topic, 2);
    await nyc.produce(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, partition: i % 2 })),
    );
    await nyc.commitOffsets(group, [
      { topic, partition: 0, offset: 8n },
      { topic, partition: 1, offset: 6n },
    ]);
    const planFile = join(tmp, 'reset.json');
    const dry = await runCli(['offsets', 'reset', '--cluster', 'NYC', '--group', group, '--topic', topic, '--to-earliest', '--plan-out', planFile]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`plan saved to ${planFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const saved = JSON.parse(readFileSync(planFile, 'utf8'));
    assert.equal(saved.kind, 'offsets-reset');
    assert.deepEqual(
      saved.clusters.map((c: { alias: string; role: string }) => [c.alias, c.role]),
      [['NYC', 'changed']],
    );

    // The plan's flags are refused with --plan, before anything is contacted.
    const mixed = await runCli(['offsets', 'reset', '--plan', planFile, '--group', group, '--execute']);
    assert.equal(mixed.code, 2, mixed.stderr);
    assert.match(mixed.stderr, /--plan/);

    // Someone commits after the review: executing the reviewed plan is refused and changes nothing.
    await nyc.commitOffsets(group, [{ topic, partition: 1, offset: 9n }]);
    const drifted = await runCli(['offsets', 'reset', '--plan', planFile, '--execute', '--json']);
    assert.equal(drifted.code, 3, drifted.stderr);
    assert.match(JSON.parse(drifted.stdout).error.message, new RegExp(`^the plan drifted: ${group} ${topic}-1: committed offset is now 9, the plan saw 6$`));
    assert.deepEqual(
      (await nyc.committedOffsets(group)).map((o) => o.offset),
      [8n, 9n],
    );

    // Back as reviewed: executed, as named steps, with a backup.
    await nyc.commitOffsets(group, [{ topic, partition: 1, offset: 6n }]);
    const run = await runCli(['offsets', 'reset', '--plan', planFile, '--execute', '--json', '--reason', 'reviewed rewind']);
    assert.equal(run.code, 0, run.stderr);
    const res = JSON.parse(run.stdout);
    assert.deepEqual(
      res.result.steps.map((s: { step: string }) => s.step),
      ['check the plan against the cluster', 'check offsets within the log', 'back up offsets', 'commit and verify'],
    );
    assert.deepEqual(
      (await nyc.committedOffsets(group)).map((o) => o.offset),
      [0n, 0n],
    );

    // The undo, reviewed the same way.
    const undoFile = join(tmp, 'undo.json');
    const undoPlan = await runCli(['offsets', 'restore', '--backup', res.result.backupId, '--plan-out', undoFile]);
    assert.equal(undoPlan.code, 0, undoPlan.stderr);
    assert.equal(JSON.parse(readFileSync(undoFile, 'utf8')).kind, 'offsets-restore');
    const asReset = await runCli(['offsets', 'reset', '--plan', undoFile, '--execute']);
    assert.equal(asReset.code, 2, 'a restore plan is not a reset plan');
    assert.match(asReset.stderr, /kind: must be "offsets-reset": this file holds a plan of kind "offsets-restore"/);
    const undo = await runCli(['offsets', 'restore', '--plan', undoFile, '--execute', '--json']);
    assert.equal(undo.code, 0, undo.stderr);
    assert.deepEqual(
      (await nyc.committedOffsets(group)).map((o) => o.offset),
      [8n, 6n],
    );
    assert.ok(readJournal(sandboxStateDir()).some((e) => e.type === 'offset-change' && e.command === `offsets restore ${res.result.backupId}` && e.backup === JSON.parse(undo.stdout).result.backupId));
  });
});
