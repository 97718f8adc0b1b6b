/** Starting, checking and stopping the sandbox's JVM processes, by pid, only ever our own. */
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Start a detached process that outlives drctl, with stdout and stderr appended to `logFile`; returns its pid. */
export function startDetached(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Is `pid` alive and is its command line ours (it mentions `marker`, e.g. our properties file)? */
export function isOurProcess(pid: number | undefined, marker: string): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const state = /\)\s+(\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    if (state === 'Z') return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true; // no /proc (macOS): trust the pid we recorded
  }
}

/** Wait until `check` holds, polling every `everyMs`, or fail after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 200): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Stop our process: SIGTERM and wait (SIGKILL after `graceMs`), or SIGKILL at once with `kill`. */
export async function stopProcess(pid: number | undefined, marker: string, kill = false, graceMs = 20000): Promise<boolean> {
  if (!isOurProcess(pid, marker)) return false;
  const signal = kill ? 'SIGKILL' : 'SIGTERM';
  try {
    process.kill(-pid!, signal); // the process group: the JVM and anything it started
  } catch {
    process.kill(pid!, signal);
  }
  try {
    await waitFor(() => !isOurProcess(pid, marker), graceMs, `pid ${pid} to exit`);
  } catch {
    process.kill(pid!, 'SIGKILL');
    await waitFor(() => !isOurProcess(pid, marker), 5000, `pid ${pid} to exit after SIGKILL`);
  }
  return true;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
