/**
 * `npm run bench`: every bench, one after the other on one sandbox, then one table: figure, drctl, the reference
 * tool measured in the same run, the ratio, the target, met or not. Each bench still prints its own report (stderr
 * progress, stdout figures) as it goes. failback runs last on the shared sandbox: it reverses its MM2. rpo-large
 * brings up the secure profile of its own after the shared sandbox is down.
 * Exit 1 when any target is not met or a bench failed.
 * Usage: npm run bench [-- --only startup,rpo]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSandbox, type BenchFigure } from './harness.js';

const BENCHES = ['startup', 'translate', 'reset', 'rpo', 'failover', 'agent', 'failback', 'rpo-large'] as const;
/** Benches that bring up a sandbox of their own (rpo-large: the secure profile), run after the shared one is down. */
const OWN_SANDBOX = new Set<string>(['startup', 'rpo-large']);
const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;

const work = mkdtempSync(join(tmpdir(), 'drctl-bench-all-'));
const figuresFile = join(work, 'figures.jsonl');
const failed: string[] = [];
const runBench = (b: string, env: NodeJS.ProcessEnv) => {
  process.stderr.write(`\n=== bench/${b} ===\n`);
  const r = spawnSync(process.execPath, [join(here, `${b}.js`)], { stdio: 'inherit', env: { ...process.env, ...env, DRCTL_BENCH_FIGURES: figuresFile } });
  if (r.status !== 0) failed.push(`${b} (exit ${r.status})`);
};
const chosen = BENCHES.filter((x) => !only || only.includes(x));
// Start-up needs no cluster: timed before the sandbox comes up, so that no JVM competes for the CPU.
if (chosen.includes('startup')) runBench('startup', {});
if (chosen.some((b) => !OWN_SANDBOX.has(b))) {
  const { stateDir, release } = await benchSandbox();
  try {
    for (const b of chosen.filter((x) => !OWN_SANDBOX.has(x))) runBench(b, { DRCTL_STATE_DIR: stateDir });
  } finally {
    await release();
  }
}
// Never two sandboxes at once on this machine: the secure profile's bench starts once the shared sandbox is down.
if (chosen.includes('rpo-large')) runBench('rpo-large', {});

let figures: (BenchFigure & { bench: string })[] = [];
try {
  figures = readFileSync(figuresFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BenchFigure & { bench: string });
} catch {
  // no bench reported a figure
}
rmSync(work, { recursive: true, force: true });
const fmt = (v: number, unit: BenchFigure['unit']) => (unit === 's' ? (v < 1 ? `${(v * 1000).toFixed(0)} ms` : `${v.toFixed(2)} s`) : unit === '%' ? `${v.toFixed(1)} %` : unit === 'MB' ? `${v.toFixed(0)} MB` : `${v}`);
const rows = figures.map((f) => [
  f.figure,
  fmt(f.drctl, f.unit),
  f.reference === null ? '-' : `${fmt(f.reference, f.unit)} (${f.referenceName})`,
  f.reference === null || f.drctl === 0 ? '-' : `${(f.reference / f.drctl).toFixed(1)}x`,
  f.target,
  f.met ? 'met' : 'NOT met',
]);
const head = ['figure', 'drctl', 'reference (same run)', 'reference / drctl', 'target', 'met'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\nnpm run bench (${new Date().toISOString().slice(0, 10)}):\n`);
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
if (failed.length) console.log(`\nbenches that failed or missed their target: ${failed.join(', ')}`);
process.exit(failed.length === 0 && figures.every((f) => f.met) ? 0 : 1);
