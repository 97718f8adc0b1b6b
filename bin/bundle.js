#!/usr/bin/env node
// Bundles the compiled CLI into dist/bundle with esbuild, after every tsc. Why: a command used to spend ~0.3 s
// before its first request resolving, reading and compiling some 900 files (kafkajs, zod, yaml, oclif, drctl's
// own). Now:
// - dist/bundle/oclif.cjs: @oclif/core, once; bin/run.js starts it, and every command requires this same copy;
// - dist/bundle/commands/**/*.cjs: one file per command with everything it imports (but oclif);
// - dist/bundle/hooks/command-not-found.cjs: oclif's hook for an unknown command;
// - dist/bundle/help.cjs: drctl's help class (src/cli/help.ts).
// CommonJS, because Node 20 can give CommonJS V8's cached code (src/cli/compile-cache.ts) and has no way to do
// that for ES modules. dist/bundle/meta.json is esbuild's metafile: which sources each file holds (the start-up
// test reads it). Tests and benches keep importing dist/src directly; users run the bundle.
import { build } from 'esbuild';
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const bundle = join(dist, 'bundle');
// Built beside the live bundle, then swapped in: a drctl started during a build (a test, the sandbox's agent) runs
// the old bundle or the new one, never a half-written one.
const out = join(dist, `bundle.new-${process.pid}`);
rmSync(out, { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // DRCTL_BUNDLE_READABLE=1: names kept and code unminified, for reading a CPU profile.
  minify: !process.env.DRCTL_BUNDLE_READABLE,
  // Maps to the compiled files in dist/ (shipped beside), without copies of their text: `node --enable-source-maps`.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  // oclif requires these only to run TypeScript sources in development, never for a built CLI.
  external: ['typescript', 'ts-node', 'pnpapi'],
  logLevel: 'warning',
  // oclif's engine check reads its package.json from a computed path, in a try: bundled, it skips.
  logOverride: { 'unsupported-require-call': 'silent' },
};

const oclif = await build({ ...common, entryPoints: [createRequire(import.meta.url).resolve('@oclif/core')], outfile: join(out, 'oclif.cjs') });

// Every `@oclif/core` import in a command becomes oclif.cjs, found above the command's file at run time (a command
// sits one or two folders down), so the command and bin/run.js share one oclif.
const sharedOclif = {
  name: 'shared-oclif',
  setup(b) {
    b.onResolve({ filter: /^@oclif\/core$/ }, () => ({ path: 'oclif', namespace: 'shared-oclif' }));
    b.onLoad({ filter: /.*/, namespace: 'shared-oclif' }, () => ({
      loader: 'js',
      contents: [
        "const { existsSync } = require('node:fs');",
        "const { dirname, join } = require('node:path');",
        'let dir = __dirname;',
        "while (!existsSync(join(dir, 'oclif.cjs'))) {",
        "  if (dirname(dir) === dir) throw new Error(`drctl's bundle is incomplete: no oclif.cjs above ${__dirname}`);",
        '  dir = dirname(dir);',
        '}',
        "module.exports = require(join(dir, 'oclif.cjs'));",
      ].join('\n'),
    }));
  },
};
const commands = readdirSync(join(dist, 'commands'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({ in: join(dist, 'commands', f), out: join('commands', f.slice(0, -3)) }));
const cli = await build({
  ...common,
  entryPoints: [...commands, { in: join(dist, 'src', 'cli', 'command-not-found.js'), out: join('hooks', 'command-not-found') }, { in: join(dist, 'src', 'cli', 'help.js'), out: 'help' }],
  outdir: out,
  outExtension: { '.js': '.cjs' },
  // drctl's ES modules read import.meta.url (to find their installation): in CommonJS, the file's own URL.
  define: { 'import.meta.url': '__drctlImportMetaUrl' },
  banner: { js: "const __drctlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [sharedOclif],
});
// Output paths as they will be once swapped in (dist/bundle/...).
const outputs = Object.fromEntries(Object.entries({ ...oclif.metafile.outputs, ...cli.metafile.outputs }).map(([k, v]) => [k.replace(`dist/${out.slice(dist.length + 1)}/`, 'dist/bundle/'), v]));
writeFileSync(join(out, 'meta.json'), JSON.stringify({ inputs: { ...oclif.metafile.inputs, ...cli.metafile.inputs }, outputs }));
const old = join(dist, `bundle.old-${process.pid}`);
if (existsSync(bundle)) renameSync(bundle, old);
renameSync(out, bundle);
rmSync(old, { recursive: true, force: true });
