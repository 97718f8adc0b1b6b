/**
 * The built drctl in a real pseudo-terminal (@lydell/node-pty: prebuilt, nothing compiled), its output fed into a
 * headless xterm (@xterm/headless), so tests assert on what a person sees (inquirer redraws in place) and send the
 * bytes a keyboard sends. See shared/reference/interactive-testing.md, section 2.
 */
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { repoRoot, sandboxStateDir } from './sandbox.js';

/** The bytes of the keys the tests press. */
export const KEY = { up: '\x1b[A', down: '\x1b[B', enter: '\r', space: ' ', ctrlC: '\x03', ctrlD: '\x04', escape: '\x1b' } as const;

/** A drctl process in a terminal. */
export interface Terminal {
  /** Type bytes (keys or text). */
  send(bytes: string): void;
  /** The screen as a person sees it now (scrollback included), lines without trailing blanks. */
  screen(): Promise<string>;
  /** Everything the process wrote since it started, with escapes removed (for what scrolled by in redraws). */
  text(): string;
  /** Wait until the screen matches (polled every 25 ms); fails with the screen after `ms`. */
  waitFor(pattern: RegExp | string, ms?: number): Promise<string>;
  /** The line the cursor of a select or checkbox is on (the one starting with ❯). */
  cursorLine(): Promise<string>;
  /** Resolves with the exit code (or 128 + signal) when the process ends. */
  exited: Promise<number>;
  pid: number;
  kill(signal?: string): void;
}

/** Start `drctl <args>` in a 160x50 terminal against the shared sandbox's state dir. */
export function spawnTerminal(args: string[], { cols = 160, rows = 50, env: extra = {} }: { cols?: number; rows?: number; env?: Record<string, string> } = {}): Terminal {
  // TERM must not be dumb (readline's line editing), CI must be absent (not empty), colours off to keep text plain.
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DRCTL_STATE_DIR: sandboxStateDir(), TERM: 'xterm-256color', NO_COLOR: '1', LANG: 'C.UTF-8', ...extra };
  delete env.CI;
  const term = new xterm.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  const child = pty.spawn(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], { cols, rows, env, cwd: repoRoot });
  let raw = '';
  child.onData((d) => {
    raw += d;
    term.write(d);
  });
  const exited = new Promise<number>((resolve) => child.onExit(({ exitCode, signal }) => resolve(signal ? 128 + signal : exitCode)));
  let done = false;
  void exited.then(() => (done = true));
  const screen = () =>
    new Promise<string>((resolve) =>
      term.write('', () => {
        const buf = term.buffer.active;
        const lines: string[] = [];
        for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)!.translateToString(true));
        resolve(lines.join('\n').trimEnd());
      }),
    );
  async function waitFor(pattern: RegExp | string, ms = 30_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const s = await screen();
      if (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s)) return s;
      if (Date.now() > deadline || done) {
        // One more look: the last output may have come with the exit.
        const last = await screen();
        if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
        throw new Error(`${done ? 'the process exited' : `timed out after ${ms} ms`} waiting for ${pattern}\n--- screen ---\n${last.split('\n').slice(-60).join('\n')}\n---`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    send: (bytes) => child.write(bytes),
    screen,
    text: () => stripVTControlCharacters(raw),
    waitFor,
    async cursorLine() {
      const lines = (await screen()).split('\n');
      return [...lines].reverse().find((l) => l.trimStart().startsWith('❯')) ?? '';
    },
    exited,
    pid: child.pid,
    kill: (signal = 'SIGKILL') => child.kill(signal),
  };
}
