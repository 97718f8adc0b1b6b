/** Where drctl keeps its state (journal, backups, the sandbox): DRCTL_STATE_DIR, else the config's, else ~/.drctl. */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Expand a leading `~` and make a path absolute (relative to `base`). */
export function expandPath(p: string, base = process.cwd()): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(base, p);
}

/** The state dir before any config is read (the env var or the default); used to find the sandbox's config. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return expandPath(env.DRCTL_STATE_DIR || '~/.drctl');
}

/** The sandbox's own folder inside a state dir. */
export const sandboxDir = (stateDir: string): string => join(stateDir, 'sandbox');

/** The drctl.yaml the running sandbox writes for itself. */
export const sandboxConfigPath = (stateDir: string): string => join(sandboxDir(stateDir), 'drctl.yaml');
