/**
 * The discovery switch command (config `discovery.switchCommand`): the operator's own step that points clients at
 * the target after a failover (a DNS or service-discovery update). It runs with a deadline, its output is kept
 * (the end of it, for the journal and the result), and a failure or a timeout is a failure of the failover.
 */
import { spawn } from 'node:child_process';

/** What the switch command did. */
export interface SwitchCommandResult {
  ran: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** The deadline it ran with (null when it did not run). */
  timeoutMs: number | null;
  /** The last OUTPUT_KEEP characters of its stdout and stderr, interleaved as written. */
  output: string;
}

/** How long the switch command may run when the config does not say (discovery.switchTimeoutSeconds). */
export const DEFAULT_SWITCH_TIMEOUT_MS = 30_000;

/** How much of the command's output is kept. */
const OUTPUT_KEEP = 2000;

/** Run `command` in a shell with `env` added, killing it (and its process group) after `timeoutMs`. */
export function runSwitchCommand(command: string, timeoutMs: number, env: Record<string, string>): Promise<SwitchCommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-OUTPUT_KEEP);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the shell and whatever it started
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ran: true, exitCode: null, timedOut: false, timeoutMs, output: `${output}${e.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ran: true, exitCode: timedOut ? null : code, timedOut, timeoutMs, output });
    });
  });
}

/** Did the switch command succeed? */
export const switchSucceeded = (r: SwitchCommandResult): boolean => r.ran && !r.timedOut && r.exitCode === 0;

/** One line on how the switch command ended. */
export function switchSummary(r: SwitchCommandResult): string {
  if (!r.ran) return 'not run';
  if (r.timedOut) return `timed out after ${(r.timeoutMs ?? 0) / 1000} s and was killed`;
  return r.exitCode === 0 ? 'exit 0' : `failed with exit ${r.exitCode ?? 'unknown'}`;
}
