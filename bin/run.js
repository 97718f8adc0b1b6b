#!/usr/bin/env node
// The drctl executable: oclif loads the compiled commands from dist/commands (see package.json "oclif").
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute } from '@oclif/core/execute';

// The command manifest (bin/manifest.js, written by every build) spares importing every command to find one or to
// print help. One older than a compiled command (a bare `tsc` since) would hide new commands and flags: drop it,
// and oclif reads the commands themselves.
const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = join(root, 'oclif.manifest.json');
try {
  const built = statSync(manifest).mtimeMs;
  const commands = join(root, 'dist', 'commands');
  if (readdirSync(commands, { recursive: true }).some((f) => String(f).endsWith('.js') && statSync(join(commands, String(f))).mtimeMs > built)) rmSync(manifest, { force: true });
} catch {
  // no manifest (or no build): oclif reads the commands
}

await execute({ dir: import.meta.url });
// A command is over when its run() is: kafkajs can leave a socket open after disconnect (its broker pool races on
// concurrent metadata refreshes), which must not keep a finished CLI alive. Flush both streams, then exit.
const drain = (s) => new Promise((resolve) => s.write('', resolve));
await Promise.all([drain(process.stdout), drain(process.stderr)]);
process.exit(process.exitCode ?? 0);
