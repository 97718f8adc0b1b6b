import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSwitchCommand, switchSucceeded, switchSummary } from '../../../src/failover/switch-command.js';

describe('the discovery switch command', () => {
  it('runs in a shell with DRCTL_FROM / DRCTL_TO and keeps its output', async () => {
    const r = await runSwitchCommand('echo "switching $DRCTL_FROM to $DRCTL_TO"; echo oops >&2', 5000, { DRCTL_FROM: 'NYC', DRCTL_TO: 'LON' });
    assert.deepEqual([r.ran, r.exitCode, r.timedOut, switchSucceeded(r)], [true, 0, false, true]);
    assert.match(r.output, /switching NYC to LON\n/);
    assert.match(r.output, /oops/);
  });

  it('a failing command is a failure, with its exit code', async () => {
    const r = await runSwitchCommand('echo cannot reach dns; exit 3', 5000, {});
    assert.deepEqual([r.exitCode, switchSucceeded(r), switchSummary(r)], [3, false, 'failed with exit 3']);
    assert.match(r.output, /cannot reach dns/);
  });

  it('a hanging command is killed at the deadline, with what it started', async () => {
    const t0 = Date.now();
    const r = await runSwitchCommand('echo started; sleep 30; echo never', 400, {});
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    assert.deepEqual([r.timedOut, r.exitCode, switchSucceeded(r)], [true, null, false]);
    assert.equal(switchSummary(r), 'timed out after 0.4 s and was killed');
    assert.match(r.output, /started/);
    assert.doesNotMatch(r.output, /never/);
  });
});
