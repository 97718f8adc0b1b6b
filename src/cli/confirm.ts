/** Asking before a change: only on a TTY and never under --json; elsewhere the caller requires --yes or --dry-run. */
import { createInterface } from 'node:readline/promises';

/** Is an interactive confirmation possible? */
export const canPrompt = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/** Ask a yes/no question on stderr; true only for "y" or "yes". */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
