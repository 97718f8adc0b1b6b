#!/usr/bin/env node
// Writes oclif.manifest.json from the bundled commands (dist/bundle/commands), after every build. With it, oclif finds a
// command and prints any help without importing the commands' modules (and kafkajs, inquirer … behind them): the
// manifest holds each command's id, flags, args, summary and examples. bin/run.js refuses to run when it is older
// than the bundle.
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
