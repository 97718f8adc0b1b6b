/**
 * How a failed command reports its error: under --json, `{"error": {...}}` on stdout (the command's output); else
 * "error: <one line>" and "hint: <what to do>" on stderr. Every error gets a hint: one without its own points to the
 * command's help.
 */
import { DrctlError } from '../errors.js';
import { palette, useColor } from './render.js';

/** The hint for an error that brings none: the help of the command that failed. */
export const helpHint = (commandId: string | undefined): string => `see \`${['drctl', ...(commandId ? [commandId.replace(/:/g, ' ')] : [])].join(' ')} --help\``;

/** `e`, with `fallbackHint` when it has no hint of its own. */
export function withHint(e: DrctlError, fallbackHint: string): DrctlError {
  return e.hint ? e : new DrctlError(e.code, e.message, { hint: fallbackHint, retriable: e.retriable, cause: e });
}

/** Print the error as --json output or as the two lines for a person. */
export function printError(e: DrctlError, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: e.toJSON() }, null, 2)}\n`);
    return;
  }
  const red = useColor(process.stderr) ? palette.bad : (s: string) => s;
  process.stderr.write(`${red('error:')} ${e.message}\n`);
  if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
}
