/**
 * JSON files drctl writes and reads back (saved plans). Loading one that may have been edited or damaged since:
 * unreadable, not JSON, or not matching its schema are each refused with the file and the JSON path (exit 2), before
 * anything runs.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type * as z from 'zod';
import { configError, usageError } from '../errors.js';
import { parseFile } from './parse-file.js';

/** Read `file` and validate it against `schema`; `flag` and `writtenBy` make the messages ("--plan", "drctl failover --plan-out"). */
export function loadJsonFile<S extends z.ZodType>(schema: S, file: string, flag: string, writtenBy: string, hint: string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(`${flag} ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, `pass the file written by ${writtenBy}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw configError(file, '(syntax)', `not JSON: ${(e as Error).message.split('\n')[0]}`, `pass the file written by ${writtenBy}`);
  }
  return parseFile(schema, json, file, { hint });
}

/**
 * Write `value` as JSON (bigints as decimal strings), to a temporary file renamed over `file`, so that a reader never
 * sees half a plan.
 */
export function writeJsonFile(file: string, value: unknown): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  renameSync(tmp, file);
}
