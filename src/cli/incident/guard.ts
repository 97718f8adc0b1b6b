/**
 * The incident mode only runs for a person at a terminal: its questions need a TTY on stdin (keys) and stderr (where
 * they are drawn), and --json has no person to ask. Anything else gets the non-interactive commands that do the same.
 */
import { usageError, type DrctlError } from '../../errors.js';

/** What the guard looks at. */
export interface Terminal {
  stdinTTY: boolean;
  stderrTTY: boolean;
  json: boolean;
}

/** The refusal (exit 2) when the session cannot be interactive, else null. */
export function incidentGuard(t: Terminal): DrctlError | null {
  if (t.stdinTTY && t.stderrTTY && !t.json) return null;
  return usageError(
    'drctl incident is interactive and needs a terminal',
    `${t.json ? 'it has no JSON output' : 'without one'}, run the same steps as commands: drctl status (assess), then drctl failover --group G --to LON --yes (planned when the source answers; add --unplanned --reason R when it does not)`,
  );
}
