/** Rendering of failover plans and results. */
import type { FailoverPlan } from '../failover/failover-plan.js';
import type { FailoverResult } from '../failover/run-failover.js';
import { palette, renderTable } from './render.js';

/** Preflight checks, then the per-partition plan, then refused groups. */
export function renderFailoverPlan(plan: FailoverPlan): string {
  const mark = { pass: palette.ok('pass'), warn: palette.warn('warn'), fail: palette.bad('fail') };
  const out = [palette.bold(`${plan.mode} failover ${plan.flow}`), ...plan.preflight.map((c) => `  ${mark[c.status]}  ${c.name}: ${c.detail}`), ''];
  const rows = plan.groups.flatMap((g) => g.partitions.map((p) => [g.group, p.topic, p.partition, p.currentTarget?.toString() ?? '-', p.newOffset.toString(), p.method, p.expectedDuplicates?.toString() ?? '-', p.recordsAtRisk?.toString() ?? '?', p.note ? palette.warn(p.note) : '']));
  out.push(rows.length ? renderTable(['group', 'topic', 'partition', 'current', 'new', 'method', 'duplicates', 'at risk', 'note'], rows) : palette.dim('no partitions to move'));
  for (const g of plan.groups.filter((x) => x.status === 'refused')) out.push(palette.bad(`refused: ${g.group}: ${g.reason}`));
  return out.join('\n');
}

/** Outcomes, RPO and RTO. */
export function renderFailoverResult(r: FailoverResult): string {
  const out = r.outcomes.map((o) => `${o.status === 'ok' ? palette.ok('ok') : palette.bad(o.status)}  ${o.group}${o.reason ? `: ${o.reason}` : ''}`);
  out.push('', palette.bold('RPO'), ...r.rpo.map((x) => `  ${x.topic}: ${x.records ?? '?'} records, ${x.seconds ?? '?'} s (${x.note})`));
  out.push('', palette.bold(`RTO ${(r.rto.totalMs / 1000).toFixed(2)} s`), ...r.rto.steps.map((s) => `  ${s.step}: ${s.ms} ms`));
  if (r.backupId) out.push('', palette.dim(`undo: drctl offsets restore --backup ${r.backupId} --execute`));
  return out.join('\n');
}
