/**
 * RPO history: samples appended to <state dir>/rpo-history.ndjson (by `drctl status --record`, and later the canary),
 * read back for `drctl report rpo --since`, summarised, and drawn as a one-line chart in the terminal.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One sample: a flow's RPO at a moment (totals over its topics). */
export interface RpoSample {
  at: string;
  flow: string;
  /** Records at risk over all topics (decimal string), null when unknown (source down). */
  records: string | null;
  /** The oldest data at risk, or the age of the newest copy when the source is down. */
  seconds: number | null;
  by: string;
}

/** What the history says over a window. */
export interface RpoTrend {
  flow: string;
  samples: number;
  from: string | null;
  to: string | null;
  latest: RpoSample | null;
  maxSeconds: number | null;
  medianSeconds: number | null;
  maxRecords: string | null;
  unknown: number;
  /** Seconds at risk over the window, one character per time bucket. */
  chart: string;
}

const file = (stateDir: string) => join(stateDir, 'rpo-history.ndjson');

/** Append samples. */
export function appendRpoSamples(stateDir: string, samples: readonly RpoSample[]): void {
  if (samples.length === 0) return;
  mkdirSync(stateDir, { recursive: true });
  appendFileSync(file(stateDir), samples.map((s) => `${JSON.stringify(s)}\n`).join(''));
}

/** Samples since `sinceMs` (epoch ms), oldest first; torn lines are skipped. */
export function readRpoSamples(stateDir: string, sinceMs: number): RpoSample[] {
  if (!existsSync(file(stateDir))) return [];
  return readFileSync(file(stateDir), 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        const s = JSON.parse(l) as RpoSample;
        return Date.parse(s.at) >= sinceMs ? [s] : [];
      } catch {
        return [];
      }
    });
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart of `values` (null: no data, shown as a space; NaN: unknown, shown as '?'), scaled to the max. */
export function sparkline(values: readonly (number | null)[]): string {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null && !Number.isNaN(v)));
  return values.map((v) => (v === null ? ' ' : Number.isNaN(v) ? '?' : max === 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1) + 0.5))])).join('');
}

/** Summarise one flow's samples over [sinceMs, nowMs], with a chart of `width` buckets (max seconds per bucket). */
export function rpoTrend(flow: string, samples: readonly RpoSample[], sinceMs: number, nowMs: number, width = 48): RpoTrend {
  const mine = samples.filter((s) => s.flow === flow);
  const secs = mine
    .map((s) => s.seconds)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const recs = mine
    .map((s) => s.records)
    .filter((v): v is string => v !== null)
    .map(BigInt);
  const buckets: (number | null)[] = Array.from({ length: width }, () => null);
  const span = Math.max(1, nowMs - sinceMs);
  for (const s of mine) {
    const i = Math.min(width - 1, Math.max(0, Math.floor(((Date.parse(s.at) - sinceMs) / span) * width)));
    const v = s.seconds === null ? Number.NaN : s.seconds;
    const cur = buckets[i];
    buckets[i] = cur === null || Number.isNaN(cur) ? v : Number.isNaN(v) ? cur : Math.max(cur, v);
  }
  return {
    flow,
    samples: mine.length,
    from: mine[0]?.at ?? null,
    to: mine.at(-1)?.at ?? null,
    latest: mine.at(-1) ?? null,
    maxSeconds: secs.length ? secs[secs.length - 1] : null,
    medianSeconds: secs.length ? secs[Math.floor((secs.length - 1) / 2)] : null,
    maxRecords: recs.length ? recs.reduce((a, b) => (a > b ? a : b)).toString() : null,
    unknown: mine.filter((s) => s.records === null).length,
    chart: sparkline(buckets),
  };
}
