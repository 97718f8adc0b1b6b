/** Terminal rendering: tables (cli-table3) and a small semantic palette (chalk), colour only on a TTY without NO_COLOR. */
import { Chalk } from 'chalk';
import Table from 'cli-table3';

/** Should output to this stream be coloured? */
export const useColor = (stream: NodeJS.WriteStream = process.stdout): boolean => Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

const chalk = new Chalk({ level: useColor() ? 1 : 0 });

/** Semantic colours, so every command says "good", "bad" and "warning" the same way. */
export const palette = {
  ok: (s: string) => chalk.green(s),
  bad: (s: string) => chalk.red(s),
  warn: (s: string) => chalk.yellow(s),
  dim: (s: string) => chalk.dim(s),
  bold: (s: string) => chalk.bold(s),
};

/** A borderless table with upper-case headers. */
export function renderTable(head: string[], rows: (string | number)[][]): string {
  const t = new Table({
    head: head.map((h) => palette.bold(h.toUpperCase())),
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

/** "12.3s", "4m05s" or "-" for a missing age. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return m < 120 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
