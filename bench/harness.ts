/** What every bench script shares: numeric flags, waiting on a condition, and the sandbox it runs on. */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxDown, sandboxStatus, sandboxUp } from '../src/sandbox/sandbox.js';
import { runCli } from '../test/helpers/sandbox.js';

/** `--name N` from the command line, or the default. */
export const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

/** Poll `check` every `everyMs` until it holds; fail after `ms`. */
export async function until(check: () => Promise<boolean>, what: string, ms = 600_000, everyMs = 1000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, everyMs))) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

/** The running sandbox (DRCTL_STATE_DIR), or one brought up in a temporary state dir; `release` tears down only that. */
export async function benchSandbox(): Promise<{ stateDir: string; release: () => Promise<void> }> {
  const given = process.env.DRCTL_STATE_DIR;
  if (given && sandboxStatus(given).up) return { stateDir: given, release: async () => {} };
  const stateDir = mkdtempSync(join(tmpdir(), 'drctl-bench-'));
  process.stderr.write('bringing a sandbox up ...\n');
  await sandboxUp({ stateDir, log: (m) => process.stderr.write(`${m}\n`) });
  return {
    stateDir,
    release: async () => {
      await sandboxDown(stateDir, true);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** One figure of a bench run, beside the reference tool's from the same run (`npm run bench` tabulates them). */
export interface BenchFigure {
  figure: string;
  drctl: number;
  /** The reference tool's figure in the same run (null: there is none to compare). */
  reference: number | null;
  referenceName: string | null;
  unit: 's' | '%' | 'MB' | 'records';
  /** The target as text (e.g. "< 1 s") and whether drctl's figure meets it. */
  target: string;
  met: boolean;
}

/**
 * Hand figures to `npm run bench` (bench/all.ts), which names a file in DRCTL_BENCH_FIGURES: one JSON line each.
 * Run alone, a bench prints its own report and this does nothing.
 */
export function benchFigures(bench: string, figures: BenchFigure[]): void {
  const file = process.env.DRCTL_BENCH_FIGURES;
  if (!file) return;
  appendFileSync(file, figures.map((f) => `${JSON.stringify({ bench, ...f })}\n`).join(''));
}

/**
 * Requests of one API per broker in a drctl run with DRCTL_DEBUG=1 (kafkajs's connection logs each request with its
 * broker), named by `nameOf(host:port)`: e.g. "LON 10, NYC 2".
 */
export function requestsPerBroker(debugOutput: string, api: string, nameOf: (broker: string) => string): string {
  const per = new Map<string, number>();
  for (const line of debugOutput.split('\n')) {
    if (!line.includes(`[Connection] Request ${api}(`)) continue;
    const name = nameOf(/"broker":"([^"]+)"/.exec(line)?.[1] ?? '?');
    per.set(name, (per.get(name) ?? 0) + 1);
  }
  return [...per]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([b, n]) => `${b} ${n}`)
    .join(', ');
}

/**
 * Time `runs` runs of `drctl report rpo --flow NYC->LON --json` (env: the sandbox's), each checked: every partition of
 * the bench's topics (named from `prefix`) at 0 records at risk, and `expected` of them when given. Then one more
 * run with DRCTL_DEBUG=1, whose output `requestsPerBroker` counts. The median is the middle run (the lower of two).
 */
export async function timeRpoReports(env: NodeJS.ProcessEnv, prefix: string, runs: number, expected?: number): Promise<{ times: number[]; median: number; measured: number; debugOutput: string }> {
  const times: number[] = [];
  let measured = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = Date.now();
    const r = await runCli(['report', 'rpo', '--flow', 'NYC->LON', '--json'], env);
    times.push(Date.now() - t0);
    if (r.code !== 0) throw new Error(`report rpo failed (${r.code}): ${r.stderr}`);
    const flow = JSON.parse(r.stdout).flows[0];
    const bench = flow.partitions.filter((p: { topic: string }) => p.topic.startsWith(prefix));
    measured = flow.partitions.length;
    if (expected !== undefined && bench.length !== expected) throw new Error(`report rpo: ${bench.length} bench partitions, not ${expected}`);
    const bad = bench.filter((p: { records: string | null }) => p.records !== '0');
    if (bad.length) throw new Error(`report rpo: ${bad.length} bench partitions not at 0 records at risk`);
  }
  const dbg = await runCli(['report', 'rpo', '--flow', 'NYC->LON'], { ...env, DRCTL_DEBUG: '1' });
  const sorted = [...times].sort((a, b) => a - b);
  return { times, median: sorted[Math.floor((sorted.length - 1) / 2)], measured, debugOutput: `${dbg.stdout}\n${dbg.stderr}` };
}
