#!/usr/bin/env node
// The drctl executable. It runs the bundle (bin/bundle.js: dist/bundle, one CommonJS file per command and one for
// oclif) with V8's cached code (src/cli/compile-cache.ts), and oclif finds commands and prints help from
// oclif.manifest.json (bin/manifest.js) without loading any command. Every build writes all three
// (`npm run build`, or bin/bootstrap.js).
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { enableCompileCache } from '../dist/src/cli/compile-cache.js';
import { cacheRoot } from '../dist/src/config/cache-dir.js';

// A bare `tsc` since the last build leaves dist/ newer than the bundle and the manifest, which would then run old
// code and hide new flags: refuse that (a stat each) rather than run something other than what was compiled.
const at = (rel) => {
  try {
    return statSync(new URL(rel, import.meta.url)).mtimeMs;
  } catch {
    return 0;
  }
};
const bundled = at('../dist/bundle/commands/status.cjs');
if (bundled === 0 || at('../dist/commands/status.js') > bundled || at('../oclif.manifest.json') < bundled) {
  process.stderr.write(`error: drctl's bundle is ${bundled === 0 ? 'missing' : 'older than its compiled code'}\nhint: run \`npm run build\` (tsc, then bin/bundle.js and bin/manifest.js)\n`);
  process.exit(10);
}

const bundle = fileURLToPath(new URL('../dist/bundle/', import.meta.url));
enableCompileCache(cacheRoot(), (file) => file.startsWith(bundle));
const { execute } = createRequire(import.meta.url)('../dist/bundle/oclif.cjs');
await execute({ dir: import.meta.url });
// A command is over when its run() is: kafkajs can leave a socket open after disconnect (its broker pool races on
// concurrent metadata refreshes), which must not keep a finished CLI alive. Flush both streams, then exit.
const drain = (s) => new Promise((resolve) => s.write('', resolve));
await Promise.all([drain(process.stdout), drain(process.stderr)]);
process.exit(process.exitCode ?? 0);
