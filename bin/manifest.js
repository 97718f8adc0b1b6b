#!/usr/bin/env node
// Writes oclif.manifest.json from the compiled commands (dist/commands), after every build. With it, oclif finds a
// command and prints any help without importing the commands' modules (and kafkajs, inquirer … behind them): the
// manifest holds each command's id, flags, args, summary and examples. bin/run.js ignores it once it is older than
// a compiled command, so a bare `tsc` never leaves a stale manifest in charge.
import { writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plugin = new Plugin({ root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
const file = join(root, 'oclif.manifest.json');
writeFileSync(`${file}.tmp`, `${JSON.stringify(plugin.manifest)}\n`);
renameSync(`${file}.tmp`, file);
