#!/usr/bin/env node
// Makes a fresh clone runnable with no manual step: installs npm packages when node_modules is missing or older
// than package-lock.json, then compiles TypeScript into dist/, bundles the CLI (bin/bundle.js) and writes the command manifest. Uses only Node built-ins (it runs before npm ci).
// The Kafka jars are resolved later, on demand, by the sandbox code (Maven, cached per version).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`bootstrap: "${cmd} ${args.join(' ')}" failed (exit ${r.status ?? r.error?.message})\n`);
    process.exit(r.status || 1);
  }
};
const stamp = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(stamp) || statSync(lock).mtimeMs > statSync(stamp).mtimeMs) {
  process.stderr.write('bootstrap: installing npm packages (npm ci) ...\n');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')]);
run(process.execPath, [join(root, 'bin', 'bundle.js')]);
run(process.execPath, [join(root, 'bin', 'manifest.js')]);
