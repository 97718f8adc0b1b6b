/** Rendering of `drctl canary`: a table per flow, its verdict, and with several flows an overall line. */
import type { CanarySummary } from '../canary/summary.js';
import { palette, renderTable } from './render.js';

/** The overall line over several flows (uncoloured): which flows failed, or that all passed. */
export function canaryOverallText(summaries: readonly Pick<CanarySummary, 'flow' | 'ok'>[]): string {
  const failed = summaries.filter((s) => !s.ok).map((s) => s.flow);
  return failed.length === 0 ? `canary: ok on all ${summaries.length} flows` : `canary: FAILED on ${failed.join(', ')} (${failed.length} of ${summaries.length} flows)`;
}

/** One flow's table and verdict line, as the single-flow canary has always printed it. */
function renderOne(s: CanarySummary): string {
  const f = (v: number | null) => (v === null ? '-' : `${v.toFixed(3)}s`);
  const table = renderTable(
    ['partition', 'sent', 'seen', 'lost', 'duplicates', 'reordered', 'p50', 'p95', 'p99', 'max'],
    s.rows.map((r) => [r.partition, r.sent, r.received, r.lost, r.duplicates, r.reordered, f(r.p50), f(r.p95), f(r.p99), f(r.max)]),
  );
  const verdict = s.ok ? palette.ok(`canary ${s.flow}: ok (${s.rounds} round(s))`) : palette.bad(`canary ${s.flow}: ${s.problems.join('; ')}`);
  return `${palette.bold(`canary ${s.topic} -> ${s.remoteTopic}`)}\n${table}\n${verdict}`;
}

/** Every flow's table and verdict; with several flows, then the overall line. */
export function renderCanary(summaries: readonly CanarySummary[]): string {
  const out = summaries.map(renderOne);
  if (summaries.length > 1) {
    const overall = canaryOverallText(summaries);
    out.push(summaries.every((s) => s.ok) ? palette.ok(overall) : palette.bad(overall));
  }
  return out.join('\n\n');
}
