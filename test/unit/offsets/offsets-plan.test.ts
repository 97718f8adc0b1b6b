import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDrctlError } from '../../../src/errors.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { readJournal } from '../../../src/journal/journal.js';
import { offsetsPlan, offsetsPlanChecks, offsetsPlanDrift, type OffsetsPlan } from '../../../src/offsets/offsets-plan.js';
import { loadOffsetsPlan } from '../../../src/offsets/plan-file.js';
import { planOffsetReset } from '../../../src/offsets/reset-plan.js';
import { readResetSnapshot } from '../../../src/offsets/reset-snapshot.js';
import { runSavedOffsetsPlan } from '../../../src/offsets/run-offsets-plan.js';
import { savePlan } from '../../../src/workflow/plan-file.js';
import { StepRunner } from '../../../src/workflow/step-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'drctl-offsets-plan-'));

/** LON with `orders` (2 partitions of 20 records) and orders-svc at 5 and 7; the plan rewinds it to the start. */
async function world(): Promise<{ gw: FakeGateway; plan: OffsetsPlan; file: string }> {
  const gw = new FakeGateway('LON');
  await gw.createTopic('orders', 2);
  for (const partition of [0, 1])
    await gw.produce(
      'orders',
      Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, partition })),
    );
  await gw.commitOffsets('orders-svc', [
    { topic: 'orders', partition: 0, offset: 5n },
    { topic: 'orders', partition: 1, offset: 7n },
  ]);
  const scope = { allTopics: true, topics: [] };
  const scenario = { kind: 'to-earliest' as const };
  const snap = await readResetSnapshot(gw, ['orders-svc'], scope, scenario, false);
  const plan = offsetsPlan('offsets-reset', 'LON', snap.clusterId, { ...planOffsetReset(snap.groups, scope, scenario, snap.partitionCounts, snap.offsets), backup: null });
  const file = join(dir, `plan-${Math.random().toString(36).slice(2)}.json`);
  savePlan(file, plan);
  return { gw, plan, file };
}

const exitCode = (code: number, re: RegExp) => (e: unknown) => isDrctlError(e) && e.exitCode === code && re.test(e.message);

describe('offsets plans: the common header, saved and loaded', () => {
  it('carries kind, version, the cluster and its id, checks and warnings, and comes back from the file as it was', async () => {
    const { plan, file } = await world();
    assert.equal(plan.kind, 'offsets-reset');
    assert.deepEqual(plan.clusters, [{ alias: 'LON', clusterId: 'fake-LON', role: 'changed' }]);
    assert.deepEqual(
      plan.checks.map((c) => [c.name, c.status]),
      [
        ['groups inactive', 'pass'],
        ['offsets within the log', 'pass'],
      ],
    );
    assert.deepEqual(loadOffsetsPlan('offsets-reset', file), plan);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).groups[0].partitions[1].current, '7', 'offsets are decimal strings in the file');
  });

  it('refuses a restore plan given to reset, and an edited negative offset, naming the JSON path (exit 2)', async () => {
    const { file } = await world();
    assert.throws(() => loadOffsetsPlan('offsets-restore', file), exitCode(2, /kind: must be "offsets-restore": this file holds a plan of kind "offsets-reset"/));
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.groups[0].partitions[0].target = '-3';
    writeFileSync(file, JSON.stringify(edited));
    assert.throws(() => loadOffsetsPlan('offsets-reset', file), exitCode(2, /groups\[0\]\.partitions\[0\]\.target: must be a non-negative integer offset/));
  });

  it('warns about restored offsets outside the log, not about a reset that fell back to the log end', () => {
    const row = (note: string | null) => ({ group: 'g', state: 'Empty' as const, status: 'planned' as const, reason: null, partitions: [{ topic: 't', partition: 0, current: 3n, target: 9n, note }] });
    const status = (note: string | null) => offsetsPlanChecks([row(note)])[1].status;
    assert.equal(status("below today's log start 12: those records are gone"), 'warn');
    assert.equal(status("above today's log end 8"), 'warn');
    assert.equal(status('no record at or after 2026-11-24T09:00:00.000Z: falling back to the log end'), 'pass');
    assert.equal(status('no committed offset: the log end is used'), 'pass');
    assert.equal(status('requested 99 is above the log end; set to 20'), 'pass');
  });

  it('fails the "groups inactive" check for a refused group', async () => {
    const { gw } = await world();
    gw.setMembers('orders-svc', 1);
    const snap = await readResetSnapshot(gw, ['orders-svc'], { allTopics: true, topics: [] }, { kind: 'to-earliest' }, false);
    const plan = offsetsPlan('offsets-reset', 'LON', snap.clusterId, { ...planOffsetReset(snap.groups, { allTopics: true, topics: [] }, { kind: 'to-earliest' }, snap.partitionCounts, snap.offsets), backup: null });
    assert.equal(plan.checks[0].status, 'fail');
    assert.match(plan.checks[0].detail, /orders-svc \(group is active/);
  });
});

describe('offsetsPlanDrift and a saved plan executed as reviewed', () => {
  it('finds a group that moved or became active; a partition already at the planned offset is a resumed run, not drift', async () => {
    const { gw, plan } = await world();
    const now = async () => (await readResetSnapshot(gw, ['orders-svc'], { allTopics: true, topics: [] }, { kind: 'to-current' }, false)).groups;
    assert.deepEqual(offsetsPlanDrift(plan, await now()), []);
    await gw.commitOffsets('orders-svc', [{ topic: 'orders', partition: 0, offset: 0n }]);
    assert.deepEqual(offsetsPlanDrift(plan, await now()), [], 'partition 0 is at the planned offset already');
    await gw.commitOffsets('orders-svc', [{ topic: 'orders', partition: 1, offset: 9n }]);
    assert.deepEqual(offsetsPlanDrift(plan, await now()), ['orders-svc orders-1: committed offset is now 9, the plan saw 7']);
    gw.setMembers('orders-svc', 1);
    assert.match(offsetsPlanDrift(plan, await now()).join(), /orders-svc is now active on LON/);
  });

  it('refuses a plan that drifted (exit 3): nothing committed, no backup, nothing journaled', async () => {
    const { gw, file } = await world();
    await gw.commitOffsets('orders-svc', [{ topic: 'orders', partition: 1, offset: 9n }]);
    const stateDir = mkdtempSync(join(tmpdir(), 'drctl-offsets-plan-state-'));
    await assert.rejects(runSavedOffsetsPlan(loadOffsetsPlan('offsets-reset', file), gw, stateDir, true, null, new StepRunner()), exitCode(3, /^the plan drifted: orders-svc orders-1: committed offset is now 9, the plan saw 7$/));
    assert.deepEqual(
      (await gw.committedOffsets('orders-svc')).map((o) => o.offset),
      [5n, 9n],
    );
    assert.deepEqual(readJournal(stateDir), []);
  });

  it('refuses a plan made for another cluster behind the same alias (exit 3)', async () => {
    const { file } = await world();
    const other = (await world()).gw;
    const plan = { ...loadOffsetsPlan('offsets-reset', file), clusters: [{ alias: 'LON', clusterId: 'another-id', role: 'changed' as const }] };
    await assert.rejects(runSavedOffsetsPlan(plan, other, dir, true, null, new StepRunner()), exitCode(3, /the plan is for cluster another-id, but LON is fake-LON/));
  });

  it('executes an unchanged plan as named, timed steps, backed up and journaled', async () => {
    const { gw, file } = await world();
    const stateDir = mkdtempSync(join(tmpdir(), 'drctl-offsets-plan-state-'));
    const r = await runSavedOffsetsPlan(loadOffsetsPlan('offsets-reset', file), gw, stateDir, true, 'INC-7', new StepRunner());
    assert.deepEqual(
      r.result!.steps.map((s) => [s.step, s.status]),
      [
        ['check the plan against the cluster', 'done'],
        ['check offsets within the log', 'done'],
        ['back up offsets', 'done'],
        ['commit and verify', 'done'],
      ],
    );
    assert.deepEqual(
      (await gw.committedOffsets('orders-svc')).map((o) => o.offset),
      [0n, 0n],
    );
    const change = readJournal(stateDir).find((e) => e.type === 'offset-change')!;
    assert.equal(change.backup, r.result!.backupId);
    assert.equal(change.reason, 'INC-7');
  });

  it('stops at a step boundary when cancelled: backed up, nothing committed (exit 3), and the same plan then finishes', async () => {
    const { gw, file } = await world();
    const stateDir = mkdtempSync(join(tmpdir(), 'drctl-offsets-plan-state-'));
    const ac = new AbortController();
    const runner = new StepRunner({ signal: ac.signal, onEvent: (e) => e.type === 'step-done' && e.step === 'back up offsets' && ac.abort() });
    await assert.rejects(runSavedOffsetsPlan(loadOffsetsPlan('offsets-reset', file), gw, stateDir, true, null, runner), exitCode(3, /stopped before "commit and verify": cancelled/));
    assert.deepEqual(
      (await gw.committedOffsets('orders-svc')).map((o) => o.offset),
      [5n, 7n],
    );
    const again = await runSavedOffsetsPlan(loadOffsetsPlan('offsets-reset', file), gw, stateDir, true, null, new StepRunner());
    assert.deepEqual(
      again.result!.outcomes.map((o) => o.status),
      ['ok'],
    );
  });
});
