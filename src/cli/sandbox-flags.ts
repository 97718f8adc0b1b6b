/** Flags and arguments shared by the `drctl sandbox` commands. */
import { Args } from '@oclif/core';
import { defaultStateDir } from '../config/state-dir.js';
import { SANDBOX_COMPONENTS } from '../sandbox/sandbox.js';

/** The state dir the sandbox lives in (DRCTL_STATE_DIR or ~/.drctl). */
export const sandboxStateDir = (): string => defaultStateDir();

/** The NYC|LON|mirror argument of `sandbox stop` and `sandbox start`. */
export const componentArg = Args.string({ description: 'what to stop or start', required: true, options: [...SANDBOX_COMPONENTS] });
