/**
 * The V8 compile cache of the bundle (src/cli/compile-cache.ts), in child processes as bin/run.js uses it: the first
 * run compiles and writes the cache at exit, the next runs from it, a rebuilt file gets a new cache and the old one
 * is removed, and an unwritable cache dir only costs the speed-up.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const cacheModule = fileURLToPath(new URL('../../../src/cli/compile-cache.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'drctl-compile-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));

const bundleDir = join(work, 'bundle');
mkdirSync(bundleDir);
const bundled = join(bundleDir, 'command.cjs');
const other = join(work, 'other.cjs');
writeFileSync(other, 'module.exports = 1;\n');

/** Run a process that enables the cache for `bundleDir` and requires both files; returns its stats and answer. */
function run(cacheDir: string): { hits: number; misses: number; rejected: number; answer: number } {
  const script = [
    `import { enableCompileCache, compileCacheStats } from ${JSON.stringify(cacheModule)};`,
    "import { createRequire } from 'node:module';",
    `enableCompileCache(${JSON.stringify(cacheDir)}, (f) => f.startsWith(${JSON.stringify(bundleDir)}));`,
    'const require = createRequire(import.meta.url);',
    `const answer = require(${JSON.stringify(bundled)}).answer() + require(${JSON.stringify(other)});`,
    'console.log(JSON.stringify({ ...compileCacheStats(), answer }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const cacheFiles = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.bin'));

describe('compile cache', () => {
  const cache = join(work, 'cache');

  it('compiles once, then runs from the cache; files outside the bundle are left to Node', () => {
    writeFileSync(bundled, 'exports.answer = () => 41;\n');
    assert.deepEqual(run(cache), { hits: 0, misses: 1, rejected: 0, answer: 42 });
    assert.equal(cacheFiles(cache).length, 1);
    assert.deepEqual(run(cache), { hits: 1, misses: 0, rejected: 0, answer: 42 });
  });

  it('a rebuilt file (same length, new content) gets a new cache, and the old one is removed', () => {
    const before = cacheFiles(cache);
    writeFileSync(bundled, 'exports.answer = () => 40;\n');
    utimesSync(bundled, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(run(cache), { hits: 0, misses: 1, rejected: 0, answer: 41 });
    const now = cacheFiles(cache);
    assert.equal(now.length, 1);
    assert.notDeepEqual(now, before);
    assert.deepEqual(run(cache), { hits: 1, misses: 0, rejected: 0, answer: 41 });
  });

  it('an unwritable cache dir is not an error: every run compiles', () => {
    const readOnly = join(work, 'read-only');
    mkdirSync(readOnly);
    // A file where the cache's folder should be: unwritable for every user (root ignores permissions).
    writeFileSync(join(readOnly, `v8-${process.versions.v8}`), 'not a folder');
    assert.deepEqual(run(readOnly), { hits: 0, misses: 1, rejected: 0, answer: 41 });
    assert.deepEqual(run(readOnly), { hits: 0, misses: 1, rejected: 0, answer: 41 });
  });
});
