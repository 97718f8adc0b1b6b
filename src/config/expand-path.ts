/** Paths as a user writes them in drctl.yaml and in environment variables. Node built-ins only: bin/run.js loads it. */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Expand a leading `~` and make a path absolute (relative to `base`). */
export function expandPath(p: string, base = process.cwd()): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(base, p);
}
