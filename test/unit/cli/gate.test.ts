import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confirmOrCancel, requireConfirmable } from '../../../src/cli/gate.js';
import { isDrctlError } from '../../../src/errors.js';

describe('the confirmation gate', () => {
  it('a dry run or --yes needs no terminal; anything else without one is refused (exit 2) before any cluster is read', () => {
    requireConfirmable({ dryRun: true, yes: false, json: true }, 'fail over');
    requireConfirmable({ dryRun: false, yes: true, json: true }, 'fail over');
    // The test runner has no TTY on stdin: nobody could be asked.
    assert.throws(
      () => requireConfirmable({ dryRun: false, yes: false, json: false }, 'run a drill'),
      (e) => isDrctlError(e) && e.exitCode === 2 && e.message === 'refusing to run a drill without confirmation' && /--yes/.test(e.hint ?? ''),
    );
    assert.throws(() => requireConfirmable({ dryRun: false, yes: false, json: true }, 'fail over'), /refusing to fail over without confirmation/);
  });

  it('--yes confirms without asking', async () => {
    await confirmOrCancel({ dryRun: false, yes: true, json: false }, 'Commit?', 'cancelled');
  });
});
