#!/usr/bin/env node
// The drctl executable: oclif loads the compiled commands from dist/commands (see package.json "oclif").
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
// A command is over when its run() is: kafkajs can leave a socket open after disconnect (its broker pool races on
// concurrent metadata refreshes), which must not keep a finished CLI alive. Flush both streams, then exit.
const drain = (s) => new Promise((resolve) => s.write('', resolve));
await Promise.all([drain(process.stdout), drain(process.stderr)]);
process.exit(process.exitCode ?? 0);
