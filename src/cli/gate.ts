/**
 * The confirmation policy of the commands that ask before they change anything (failover, drill): --dry-run only
 * plans; --yes goes ahead; otherwise a person at a terminal is asked, and without a TTY (or under --json) the
 * command refuses before it reads any cluster. Commands whose default is a dry run (offsets reset and restore,
 * failback) take --execute as the confirmation instead.
 */
import { usageError } from '../errors.js';
import { canPrompt, confirm } from './confirm.js';

/** The flags that decide. */
export interface GateFlags {
  dryRun: boolean;
  yes: boolean;
  json: boolean;
}

/**
 * Before any cluster is read: refuse a run that could never be confirmed (no --yes, no --dry-run, and no terminal to
 * ask on). `action` completes "refusing to … without confirmation".
 */
export function requireConfirmable(f: GateFlags, action: string): void {
  if (!f.dryRun && !f.yes && (f.json || !canPrompt())) {
    throw usageError(`refusing to ${action} without confirmation`, 'pass --yes to execute, or --dry-run to only plan (no TTY to ask on)');
  }
}

/** After the plan is shown: go ahead with --yes, else ask; a "no" cancels (exit 2, nothing changed). */
export async function confirmOrCancel(f: GateFlags, question: string, cancelled: string): Promise<void> {
  if (f.yes) return;
  if (!(await confirm(question))) throw usageError(cancelled, 'nothing was changed');
}
