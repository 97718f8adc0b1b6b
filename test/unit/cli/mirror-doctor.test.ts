import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

// Tests run from dist/test/unit/cli.
const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'drctl-doctor-'));
const doctor = (text: string, ...extra: string[]) => {
  const file = join(dir, `mm2-${Math.random().toString(36).slice(2)}.properties`);
  writeFileSync(file, text);
  return spawnSync(process.execPath, [join(repoRoot, 'bin', 'run.js'), 'mirror', 'doctor', '--mm2-config', file, ...extra], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
};
const BASE = 'clusters = NYC, LON\nNYC.bootstrap.servers = nyc:9092\nLON.bootstrap.servers = lon:9092\nNYC->LON.enabled = true\ntasks.max = 4\n';

describe('drctl mirror doctor (the CLI)', () => {
  it('exit 1 when a finding is an error, with the finding in --json', () => {
    const r = doctor(`${BASE}replication.factor = 1\n`, '--json');
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { errors: number; findings: { rule: string; level: string; setting: string }[] };
    assert.equal(out.errors, 1);
    assert.deepEqual(
      out.findings.filter((f) => f.level === 'error').map((f) => [f.rule, f.setting]),
      [['replication-factor', 'replication.factor']],
    );
  });

  it('exit 0 with warnings only, each printed with why and the fix', () => {
    const r = doctor(BASE);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^WARNING NYC->LON {2}refresh\.groups\.interval\.seconds = 600 \(default\) {2}\[refresh-groups\]$/m);
    assert.match(r.stdout, /^ {8}why: a new group gets no checkpoint for up to 600 s/m);
    assert.match(r.stdout, /^ {8}fix: NYC->LON\.refresh\.groups\.interval\.seconds = 60/m);
    assert.match(r.stdout, /^0 error\(s\), \d+ warning\(s\), \d+ note\(s\)$/m);
  });
});
