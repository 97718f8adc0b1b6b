/**
 * The incident mode's questions, on @inquirer/prompts (the only file that imports it). Every prompt draws on stderr
 * (stdout is for data), and Ctrl-C, Escape or Ctrl-D at any of them rejects with PromptCancelled, which the session
 * turns into "cancelled: nothing was changed" (exit 130).
 */
import { checkbox, input, select } from '@inquirer/prompts';

/** The operator left a question with Ctrl-C, Escape or Ctrl-D. */
export class PromptCancelled extends Error {
  constructor(how: string) {
    super(`cancelled at a question (${how})`);
    this.name = 'PromptCancelled';
  }
}

/** inquirer's own ways of saying the prompt was left: Ctrl-C or a closed input, our abort, a cancel(). */
const CANCELLED = new Set(['ExitPromptError', 'AbortPromptError', 'CancelPromptError']);

interface Context {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal: AbortSignal;
}

/**
 * Run one prompt on stdin/stderr. inquirer cancels on Ctrl-C only; Escape and Ctrl-D (readline emits them as
 * keypresses on stdin while the prompt reads it) abort it too, so every way out of a question is the same.
 */
async function ask<T>(prompt: (ctx: Context) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let how = 'Ctrl-C';
  const onKey = (_: unknown, key?: { name?: string; ctrl?: boolean }) => {
    if (key?.name === 'escape' || (key?.ctrl && key.name === 'd')) {
      how = key.name === 'escape' ? 'Escape' : 'Ctrl-D';
      ac.abort();
    }
  };
  const answer = prompt({ input: process.stdin, output: process.stderr, signal: ac.signal });
  process.stdin.on('keypress', onKey);
  try {
    return await answer;
  } catch (e) {
    if (e instanceof Error && CANCELLED.has(e.name)) throw new PromptCancelled(how);
    throw e;
  } finally {
    process.stdin.off('keypress', onKey);
  }
}

/** One choice of a list: what it shows, what it returns, a line shown under the list while it is highlighted, and
 * (when it cannot be chosen) why. */
export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  disabled?: string | false;
}

/** Pick one (Up/Down, Enter). `initial`: the highlighted choice at first. */
export function chooseOne<T>(message: string, choices: readonly Choice<T>[], initial?: T): Promise<T> {
  return ask((ctx) => select({ message, choices: [...choices], default: initial, pageSize: 12, loop: false }, ctx));
}

/** Pick some (Space toggles, Enter submits); at least one unless `required` is false. */
export function chooseSome<T>(message: string, choices: readonly (Choice<T> & { checked?: boolean })[], required = true): Promise<T[]> {
  return ask((ctx) => checkbox({ message, choices: [...choices], required, pageSize: 12, loop: false }, ctx));
}

/** Free text; `validate` returns true or what is wrong. */
export function askText(message: string, validate: (v: string) => true | string = () => true): Promise<string> {
  return ask((ctx) => input({ message, validate }, ctx));
}
