/** Rendering of a drill report. */
import type { DrillReport } from '../drill/run-drill.js';
import { palette, renderTable } from './render.js';

/** The drill's outcome, per partition checks, RPO and RTO per step. */
export function renderDrillReport(r: DrillReport): string {
  const out = [palette.bold(`drill ${r.runId} on ${r.flow}: ${r.passed ? palette.ok('PASSED') : palette.bad('FAILED')}`)];
  out.push(`  topic ${r.topic} -> ${r.remoteTopic}, group ${r.group}`);
  for (const p of r.problems) out.push(palette.bad(`  problem: ${p}`));
  if (r.checks.length) {
    out.push(
      '',
      renderTable(
        ['partition', 'source offset', 'target offset', 'to process', 'delivered', 'missing', 'again'],
        r.checks.map((c) => [c.partition, c.sourceOffset.toString(), c.targetOffset < 0n ? '-' : c.targetOffset.toString(), c.expected, c.delivered, c.missing ? palette.bad(String(c.missing)) : 0, c.duplicates ? palette.bad(String(c.duplicates)) : 0]),
      ),
    );
  }
  out.push('', `RPO ${r.rpoRecords === null ? 'unknown' : `${r.rpoRecords} record(s)`} at the failover`);
  if (r.failover) out.push(palette.bold(`RTO ${(r.failover.rto.totalMs / 1000).toFixed(2)} s`), ...r.failover.rto.steps.map((s) => `  ${s.step}: ${s.ms} ms`));
  if (r.failback)
    out.push(
      palette.bold(`failback to the source ${r.failback.passed ? palette.ok('back where it left') : palette.bad('NOT where it left')} (${(r.failback.totalMs / 1000).toFixed(2)} s)`),
      ...r.failback.partitions.map((p) => `  partition ${p.partition}: target ${p.targetOffset} -> source ${p.sourceOffset}`),
      ...r.failback.steps.map((s) => `  ${s.step}: ${s.ms} ms`),
    );
  out.push('', palette.bold(`drill steps (${(r.totalMs / 1000).toFixed(1)} s)`), ...r.steps.map((s) => `  ${s.status === 'failed' ? palette.bad('failed') : palette.ok(s.status)}  ${s.step}: ${s.ms} ms${s.detail ? palette.dim(` (${s.detail})`) : ''}`));
  out.push(palette.dim(r.cleanedUp ? 'cleaned up: the drill topics and group are deleted' : `kept: ${r.topic}, ${r.remoteTopic} and group ${r.group}`));
  return out.join('\n');
}
