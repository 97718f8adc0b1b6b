import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refuseWithFlag } from '../../../src/cli/flag-conflicts.js';

describe('refuseWithFlag', () => {
  it('accepts no conflicting flag', () => refuseWithFlag('--plan', [], 'why'));
  it('names every conflicting flag in one usage error (exit 2), with the reason as the hint', () => {
    assert.throws(
      () => refuseWithFlag('--plan', ['to', 'group', 'fallback'], 'a saved plan already names them'),
      (e: { exitCode: number; message: string; hint?: string }) => e.exitCode === 2 && e.message === '--plan cannot be combined with --to, --group, --fallback' && e.hint === 'a saved plan already names them',
    );
  });
});
