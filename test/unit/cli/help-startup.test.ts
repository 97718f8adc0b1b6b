/**
 * Start-up: help, a command's help and --version come from the command manifest (bin/manifest.js, written by every
 * build), so none of them loads a command's bundle, drctl's own code (but the compile cache bin/run.js starts with)
 * or the heavy libraries behind the commands. Which modules a run loaded is recorded by
 * test/helpers/record-imports.mjs; what each bundle file holds is esbuild's metafile (dist/bundle/meta.json). This is
 * about what is loaded, not a timing (bench/startup times it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
/** Packages none of these paths may load, directly or inside a bundle file. */
const HEAVY = ['kafkajs', '@inquirer/prompts', 'cli-table3', 'chalk', 'zod', 'yaml', 'dayjs', 'prom-client'];
/** The bundle files help runs: oclif and drctl's help class. */
const HELP = ['dist/bundle/oclif.cjs', 'dist/bundle/help.cjs'];
/** drctl's own modules bin/run.js loads before oclif: the V8 compile cache and where it lives (built-ins only). */
const START = ['dist/src/cli/compile-cache.js', 'dist/src/config/cache-dir.js', 'dist/src/config/expand-path.js'];

/** Run drctl with `args`, returning its stdout and the files it loaded, relative to the repository. */
function drctl(args: string[]): { code: number | null; stdout: string; loaded: string[] } {
  const r = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/record-imports.mjs'), join(root, 'bin/run.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const [, list = ''] = r.stderr.split('\n--- loaded modules ---\n');
  const files = list
    .split('\n')
    .filter((m) => m.startsWith('/') || m.startsWith('file://'))
    .map((m) => relative(root, m.startsWith('file://') ? fileURLToPath(m) : m));
  return { code: r.status, stdout: r.stdout, loaded: files };
}

/** The npm packages whose code a bundle file holds (from esbuild's metafile). */
function packagesIn(bundleFile: string): Set<string> {
  const meta = JSON.parse(readFileSync(join(root, 'dist/bundle/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const output = meta.outputs[bundleFile];
  assert.ok(output, `${bundleFile} is in the bundle's metafile`);
  return new Set(Object.keys(output.inputs).flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? []));
}

describe('start-up: help without loading the commands', () => {
  // The manifest as a build writes it.
  before(() => assert.equal(spawnSync(process.execPath, [join(root, 'bin/manifest.js')]).status, 0));

  it('the bundle a command runs holds the heavy libraries, and the one help runs holds none', () => {
    const failover = packagesIn('dist/bundle/commands/failover.cjs');
    for (const pkg of ['kafkajs', 'zod', 'yaml']) assert.ok(failover.has(pkg), `failover's bundle holds ${pkg}`);
    for (const file of ['dist/bundle/oclif.cjs', 'dist/bundle/help.cjs'])
      assert.deepEqual(
        HEAVY.filter((pkg) => packagesIn(file).has(pkg)),
        [],
        file,
      );
  });

  for (const args of [['--help'], ['failover', '--help'], ['mirror', 'deploy', '--help'], ['sandbox', 'up', '--help'], ['--version']])
    it(`drctl ${args.join(' ')}: answered from the manifest, nothing heavy loaded`, () => {
      const r = drctl(args);
      assert.equal(r.code, 0);
      assert.ok(r.loaded.includes('dist/bundle/oclif.cjs'), `oclif's bundle was loaded: ${r.loaded.join(', ')}`);
      const heavy = r.loaded.filter((f) => (f.startsWith('dist/') && !HELP.includes(f) && !START.includes(f)) || HEAVY.some((pkg) => f.includes(`node_modules/${pkg}/`)));
      assert.deepEqual(heavy, [], `loaded for ${args.join(' ')}`);
    });

  it('a command runs from its bundle: the recorder sees what help never loads', () => {
    const r = drctl(['status', '--config', join(root, 'no-such-drctl.yaml')]);
    assert.equal(r.code, 2);
    assert.ok(r.loaded.includes('dist/bundle/commands/status.cjs'), r.loaded.join(', '));
  });

  it("a command's help is complete from the manifest: its flags and its examples", () => {
    const r = drctl(['failover', '--help']);
    assert.match(r.stdout, /--to=<value>/);
    assert.match(r.stdout, /EXAMPLES/);
    assert.match(r.stdout, /drctl failover --group orders-svc --to LON/);
  });
});
