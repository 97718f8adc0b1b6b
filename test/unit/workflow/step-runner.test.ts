import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDrctlError } from '../../../src/errors.js';
import type { WorkflowEvent } from '../../../src/workflow/events.js';
import { StepRunner, type StepJournalEntry } from '../../../src/workflow/step-runner.js';

describe('the step runner', () => {
  it('runs steps in order: each timed, journaled with its audit, announced as events', async () => {
    const journal: StepJournalEntry[] = [];
    const events: WorkflowEvent[] = [];
    const r = new StepRunner({ journal: (e) => journal.push(e), onEvent: (e) => events.push(e) });
    const v = await r.run('salvage', async (ctx) => {
      ctx.progress('3 of 3 partitions');
      return { status: 'done', detail: '42 records', audit: { sha256: 'abc' }, value: 42 };
    });
    await r.run('reverse', async () => ({ status: 'pending', detail: 'for the operator' }));
    assert.equal(v, 42);
    assert.deepEqual(
      r.steps.map((s) => [s.step, s.status, s.detail]),
      [
        ['salvage', 'done', '42 records'],
        ['reverse', 'pending', 'for the operator'],
      ],
    );
    assert.deepEqual(
      journal.map((j) => [j.step, j.status, j.sha256]),
      [
        ['salvage', 'done', 'abc'],
        ['reverse', 'pending', undefined],
      ],
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['step-start', 'step-progress', 'step-done', 'step-start', 'step-done'],
    );
    assert.ok(r.steps.every((s) => s.ms >= 0));
  });

  it('a failed step is journaled and announced, then rethrown', async () => {
    const journal: StepJournalEntry[] = [];
    const events: WorkflowEvent[] = [];
    const r = new StepRunner({ journal: (e) => journal.push(e), onEvent: (e) => events.push(e) });
    await assert.rejects(
      r.run('truncate', async () => {
        throw new Error('log start still below');
      }),
      /log start still below/,
    );
    assert.deepEqual(
      journal.map((j) => [j.step, j.status, j.detail]),
      [['truncate', 'failed', 'log start still below']],
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['step-start', 'step-failed'],
    );
  });

  it('an aborted run stops at the next step boundary: the step under way finishes, the next never starts', async () => {
    const ac = new AbortController();
    const r = new StepRunner({ signal: ac.signal });
    let second = false;
    await r.run('first', async () => {
      ac.abort();
      return { status: 'done', detail: 'finished although aborted meanwhile' };
    });
    await assert.rejects(
      r.run('second', async () => {
        second = true;
        return { status: 'done', detail: '' };
      }),
      (e) => isDrctlError(e) && e.code === 'DRCTL_CANCELLED' && e.exitCode === 3 && /stopped before "second"/.test(e.message),
    );
    assert.equal(second, false);
    assert.deepEqual(
      r.steps.map((s) => s.step),
      ['first'],
    );
  });
});
