/** Where drctl keeps its state (journal, backups, the sandbox): DRCTL_STATE_DIR, else the config's, else ~/.drctl. */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { expandPath } from './expand-path.js';

/** The state dir before any config is read (the env var or the default); used to find the sandbox's config. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return expandPath(env.DRCTL_STATE_DIR || '~/.drctl');
}

/** The sandbox's own folder inside a state dir. */
export const sandboxDir = (stateDir: string): string => join(stateDir, 'sandbox');

/** The drctl.yaml the running sandbox writes for itself. */
export const sandboxConfigPath = (stateDir: string): string => join(sandboxDir(stateDir), 'drctl.yaml');

/** What checkStateDir needs of the file system (injectable so tests can play a read-only one). */
export interface StateDirFs {
  /** The entry's kind, or undefined when there is none (ENOENT, or a file where a folder is expected: ENOTDIR). */
  kind(path: string): 'dir' | 'other' | undefined;
  /** Can this process create entries in the folder? */
  writable(dir: string): boolean;
  /** The path with symlinks resolved (so a link into /proc is seen as /proc). */
  realpath(path: string): string;
}

const nodeFs: StateDirFs = {
  kind(path) {
    try {
      return statSync(path).isDirectory() ? 'dir' : 'other';
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  writable(dir) {
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  realpath: (path) => realpathSync(path),
};

/**
 * Kernel file systems: Node's recursive mkdir loops forever under /proc, and nothing drctl writes belongs in any of
 * them. /dev/shm is a plain tmpfs, so a state dir there is allowed.
 */
const KERNEL_FS = ['/proc', '/sys', '/dev'];
const kernelFsOf = (p: string): string | undefined => (p === '/dev/shm' || p.startsWith('/dev/shm/') ? undefined : KERNEL_FS.find((k) => p === k || p.startsWith(`${k}/`)));

const STATE_DIR_HINT = 'set DRCTL_STATE_DIR (or stateDir in drctl.yaml) to a directory drctl can write, e.g. ~/.drctl';

/**
 * Refuse a state dir drctl cannot use, before any I/O (exit 2): one under /proc, /sys or /dev; one whose path runs
 * through a regular file; and, when the command writes state (`write`), one that is not writable or cannot be
 * created (its nearest existing parent is not writable). Only stats the path: nothing is created.
 */
export function checkStateDir(dir: string, options: { write: boolean }, fs: StateDirFs = nodeFs): void {
  const abs = resolve(dir);
  let existing = abs;
  let kind: ReturnType<StateDirFs['kind']>;
  let real: string;
  try {
    kind = fs.kind(existing);
    while (kind === undefined && dirname(existing) !== existing) {
      existing = dirname(existing);
      kind = fs.kind(existing);
    }
    real = kind === undefined ? abs : join(fs.realpath(existing), relative(existing, abs));
  } catch (e) {
    // EACCES on a parent, ELOOP: the path cannot be used, whatever the command does with it.
    throw usageError(`state dir ${dir} cannot be used: ${(e as Error).message}`, STATE_DIR_HINT);
  }
  const kernel = kernelFsOf(abs) ?? kernelFsOf(real);
  if (kernel) throw usageError(`state dir ${dir} is under ${kernel}, a kernel file system`, STATE_DIR_HINT);
  if (kind === 'other') throw usageError(`state dir ${dir}: ${existing} is a file, not a directory`, STATE_DIR_HINT);
  if (options.write && kind === 'dir' && !fs.writable(existing)) {
    throw usageError(existing === abs ? `state dir ${dir} is not writable` : `state dir ${dir} cannot be created: ${existing} is not writable`, STATE_DIR_HINT);
  }
}
