/**
 * Start-up: help, a command's help and --version come from the command manifest (bin/manifest.js, written by every
 * build), so none of them imports a command, drctl's own code or the heavy libraries behind it. Which modules a run
 * loaded is recorded by test/helpers/record-imports.mjs; this is about what is imported, not a timing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
/** What none of these paths may load. */
const HEAVY = [
  /\/dist\/(commands|src)\//,
  /\/node_modules\/kafkajs\//,
  /\/node_modules\/(@inquirer|inquirer)\//,
  /\/node_modules\/cli-table3\//,
  /\/node_modules\/chalk\//,
  /\/node_modules\/zod\//,
  /\/node_modules\/yaml\//,
  /\/node_modules\/dayjs\//,
  /\/node_modules\/prom-client\//,
];

/** Run drctl with `args`, returning its stdout and the modules it loaded. */
function drctl(args: string[]): { code: number | null; stdout: string; loaded: string[] } {
  const r = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/record-imports.mjs'), join(root, 'bin/run.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const [, list = ''] = r.stderr.split('\n--- loaded modules ---\n');
  return { code: r.status, stdout: r.stdout, loaded: list.split('\n').filter(Boolean) };
}

describe('start-up: help without loading the commands', () => {
  // The manifest as a build writes it (a bare tsc since would have made bin/run.js drop it).
  before(() => assert.equal(spawnSync(process.execPath, [join(root, 'bin/manifest.js')]).status, 0));

  for (const args of [['--help'], ['failover', '--help'], ['mirror', 'deploy', '--help'], ['sandbox', 'up', '--help'], ['--version']])
    it(`drctl ${args.join(' ')}: answered from the manifest, nothing heavy imported`, () => {
      const r = drctl(args);
      assert.equal(r.code, 0);
      assert.ok(
        r.loaded.some((m) => m.includes('/@oclif/core/')),
        'the recorder saw the modules oclif loaded',
      );
      const heavy = r.loaded.filter((m) => HEAVY.some((re) => re.test(m)));
      assert.deepEqual(heavy, [], `loaded for ${args.join(' ')}`);
    });

  it("a command's help is complete from the manifest: its flags and its examples", () => {
    const r = drctl(['failover', '--help']);
    assert.match(r.stdout, /--to=<value>/);
    assert.match(r.stdout, /EXAMPLES/);
    assert.match(r.stdout, /drctl failover --group orders-svc --to LON/);
  });
});
