/** Rendering of failover plans and results. */
import type { FailoverPlan } from '../failover/failover-plan.js';
import type { TopicRpo } from '../report/rpo.js';
import type { FailoverResult } from '../failover/run-failover.js';
import { switchSucceeded, switchSummary } from '../failover/switch-command.js';
import { palette, renderTable } from './render.js';

/** Preflight checks, then the per-partition plan, then refused groups. */
export function renderFailoverPlan(plan: FailoverPlan): string {
  const mark = { pass: palette.ok('pass'), warn: palette.warn('warn'), fail: palette.bad('fail') };
  const out = [palette.bold(`${plan.mode} failover ${plan.flow}`), ...plan.checks.map((c) => `  ${mark[c.status]}  ${c.name}: ${c.detail}`), ''];
  const rows = plan.groups.flatMap((g) =>
    g.partitions.map((p) => [g.group, p.topic, p.partition, p.currentTarget?.toString() ?? '-', p.newOffset.toString(), p.method, p.expectedDuplicates?.toString() ?? '-', p.recordsAtRisk?.toString() ?? '?', p.note ? palette.warn(p.note) : '']),
  );
  out.push(rows.length ? renderTable(['group', 'topic', 'partition', 'current', 'new', 'method', 'duplicates', 'at risk', 'note'], rows) : palette.dim('no partitions to move'));
  for (const g of plan.groups.filter((x) => x.status === 'refused')) out.push(palette.bad(`refused: ${g.group}: ${g.reason}`));
  for (const w of plan.warnings) out.push(palette.warn(`warning: ${w}`));
  if (plan.rpo?.length) out.push('', palette.bold('RPO (data the target does not have)'), ...renderRpo(plan.rpo));
  return out.join('\n');
}

function renderRpo(rpo: TopicRpo[]): string[] {
  return rpo.map((x) => {
    const what = x.records === null ? (x.seconds === null ? 'unknown' : `unknown records, newest copy ${x.seconds} s old`) : `${x.records} records, ${x.seconds} s of data`;
    return `  ${x.topic}: ${x.records === 0n ? palette.ok(what) : palette.warn(what)} (${x.note})`;
  });
}

/** Outcomes, RPO and RTO. */
export function renderFailoverResult(r: FailoverResult): string {
  const out = r.outcomes.map((o) => `${o.status === 'ok' ? palette.ok('ok') : palette.bad(o.status)}  ${o.group}${o.reason ? `: ${o.reason}` : ''}`);
  out.push('', palette.bold('RPO'), ...renderRpo(r.rpo));
  out.push('', palette.bold(`RTO ${(r.rto.totalMs / 1000).toFixed(2)} s`), ...r.rto.steps.map((s) => `  ${s.step}: ${s.ms} ms`));
  if (r.switchCommand.ran) out.push('', `discovery switch: ${switchSucceeded(r.switchCommand) ? palette.ok(switchSummary(r.switchCommand)) : palette.bad(switchSummary(r.switchCommand))}`);
  if (r.backupId) out.push('', palette.dim(`undo: drctl offsets restore --backup ${r.backupId} --execute`));
  return out.join('\n');
}
