/** Flags and arguments shared by the `drctl sandbox` commands. */
import { Args } from '@oclif/core';
import { checkStateDir, defaultStateDir } from '../config/state-dir.js';
import { SANDBOX_COMPONENTS } from '../sandbox/sandbox.js';

/**
 * The state dir the sandbox lives in (DRCTL_STATE_DIR or ~/.drctl), refused (exit 2) when unusable before the
 * sandbox touches it: `write` for the commands that start, stop or remove it.
 */
export function sandboxStateDir(options: { write: boolean }): string {
  const dir = defaultStateDir();
  checkStateDir(dir, options);
  return dir;
}

/** The NYC|LON|mirror argument of `sandbox stop` and `sandbox start`. */
export const componentArg = Args.string({ description: 'what to stop or start', required: true, options: [...SANDBOX_COMPONENTS] });
