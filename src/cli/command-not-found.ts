/**
 * oclif's `command_not_found` hook: an unknown command is a usage error (exit 2) reported like every other error,
 * one line and a hint naming the commands there are, instead of oclif's " ›   Error: command x not found".
 */
import type { Hook } from '@oclif/core';
import { usageError } from '../errors.js';
import { printError } from './print-error.js';

const hook: Hook<'command_not_found'> = async function ({ id, argv, config }) {
  const name = id.replace(/:/g, ' ');
  const topic = id.includes(':') ? id.slice(0, id.lastIndexOf(':')) : undefined;
  const all = config.commands
    .filter((c) => !c.hidden)
    .map((c) => c.id)
    .sort();
  const near = topic ? all.filter((c) => c.startsWith(`${topic}:`)) : [];
  const listed = (near.length ? near : all).map((c) => c.replace(/:/g, ' '));
  printError(usageError(`unknown command "${name}"`, `${near.length ? `${topic!.replace(/:/g, ' ')} commands` : 'commands'}: ${listed.join(', ')}; see \`drctl --help\``), (argv ?? []).includes('--json'));
  process.exitCode = 2;
};

export default hook;
