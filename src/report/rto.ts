/**
 * RTO from the journal: every failover (and drill) journals its step timings; this turns them into the latest run,
 * per-step and total statistics over the history, and a verdict against the objective. Pure: the caller reads the
 * journal and, with no history, supplies a measured estimate.
 */
import type { JournalEntry } from '../journal/journal.js';

/** One journaled run. */
export interface RtoRun {
  at: string;
  flow: string;
  mode: string;
  reason: string | null;
  groups: number;
  totalMs: number;
  steps: { step: string; ms: number }[];
}

/** min / median / max of a list of milliseconds. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** The RTO report (also the `--json` output). */
export interface RtoReport {
  objectiveSeconds: number | null;
  runs: number;
  latest: RtoRun | null;
  total: Spread | null;
  steps: ({ step: string } & Spread)[];
  /** When there is no history: a measured estimate for the current topology. */
  estimate: { totalMs: number; basis: string } | null;
  /** Runs over the objective. */
  overObjective: number;
  ok: boolean;
  verdict: string;
}

/** The failover runs in the journal, oldest first, optionally for one flow. */
export function rtoRuns(entries: readonly JournalEntry[], flow?: string): RtoRun[] {
  return entries
    .filter((e) => e.command === 'failover' && typeof (e.rto as { totalMs?: unknown } | undefined)?.totalMs === 'number')
    .filter((e) => !flow || e.flow === flow)
    .map((e) => {
      const rto = e.rto as { totalMs: number; steps: { step: string; ms: number }[] };
      return { at: e.at, flow: String(e.flow ?? ''), mode: String(e.mode ?? ''), reason: e.reason ?? null, groups: Array.isArray(e.outcomes) ? e.outcomes.length : 0, totalMs: rto.totalMs, steps: rto.steps ?? [] };
    });
}

/** min, median (lower middle for an even count) and max. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1] };
}

/** Build the report from the runs (and an estimate when there are none). */
export function rtoReport(runs: readonly RtoRun[], objectiveSeconds: number | null, estimate: RtoReport['estimate'] = null): RtoReport {
  const latest = runs.at(-1) ?? null;
  const stepNames = [...new Set(runs.flatMap((r) => r.steps.map((s) => s.step)))];
  const steps = stepNames.map((step) => ({ step, ...spread(runs.flatMap((r) => r.steps.filter((s) => s.step === step).map((s) => s.ms)))! }));
  const limit = objectiveSeconds === null ? null : objectiveSeconds * 1000;
  const overObjective = limit === null ? 0 : runs.filter((r) => r.totalMs > limit).length;
  const current = latest?.totalMs ?? estimate?.totalMs ?? null;
  const ok = limit === null || current === null || current <= limit;
  const what = latest ? `latest run ${(latest.totalMs / 1000).toFixed(2)} s` : estimate ? `estimate ${(estimate.totalMs / 1000).toFixed(2)} s` : 'no runs and no estimate';
  const verdict = limit === null ? `${what}; no RTO objective set (config objectives.rtoSeconds or --objective)` : `${what} ${ok ? '<=' : '>'} objective ${objectiveSeconds} s${runs.length ? `; ${overObjective} of ${runs.length} run(s) over it` : ''}`;
  return { objectiveSeconds, runs: runs.length, latest, total: spread(runs.map((r) => r.totalMs)), steps, estimate, overObjective, ok, verdict };
}
