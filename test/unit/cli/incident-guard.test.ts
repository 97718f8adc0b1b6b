import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { incidentGuard } from '../../../src/cli/incident/guard.js';

// Tests run from dist/test/unit/cli.
const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');

describe('incident: the terminal guard', () => {
  it('runs only with a TTY on stdin and stderr, and never under --json', () => {
    assert.equal(incidentGuard({ stdinTTY: true, stderrTTY: true, json: false }), null);
    for (const t of [
      { stdinTTY: false, stderrTTY: true, json: false },
      { stdinTTY: true, stderrTTY: false, json: false },
      { stdinTTY: false, stderrTTY: false, json: false },
      { stdinTTY: true, stderrTTY: true, json: true },
    ]) {
      const e = incidentGuard(t);
      assert.ok(e && e.exitCode === 2, JSON.stringify(t));
      assert.equal(e.message, 'drctl incident is interactive and needs a terminal');
      assert.match(e.hint!, /drctl status/);
      assert.match(e.hint!, /drctl failover --group G --to LON --yes/);
    }
  });

  it('the built CLI without a terminal: exit 2, one error line and the hint, before reading any config or cluster', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'drctl-incident-cwd-'));
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'run.js'), 'incident'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DRCTL_CONFIG: '/nonexistent/drctl.yaml', NO_COLOR: '1' } });
    assert.equal(r.status, 2, r.stderr.toString());
    const lines = r.stderr.toString().trimEnd().split('\n');
    assert.deepEqual(lines[0], 'error: drctl incident is interactive and needs a terminal');
    assert.match(lines[1], /^hint: .*drctl status.*drctl failover --group G --to LON --yes/);
    assert.equal(lines.length, 2);
    assert.equal(r.stdout.toString(), '');
  });
});
