/** Rendering of failback plans and results. */
import { isInactive, protocolLabel } from '../groups/activity.js';
import type { FailbackPlan } from '../failback/failback-plan.js';
import type { FailbackResult } from '../failback/run-failback.js';
import { palette, renderTable } from './render.js';

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

/** Checks, the tail per partition, the groups, the cleanup and the reverse flow with its MM2 properties. */
export function renderFailbackPlan(plan: FailbackPlan): string {
  const mark = { pass: palette.ok('pass'), warn: palette.warn('warn'), fail: palette.bad('fail') };
  const old = plan.oldPrimary;
  const out = [palette.bold(`failback: make ${old} a DR copy of ${plan.newPrimary}`), ...plan.checks.map((c) => `  ${mark[c.status]}  ${c.name}: ${c.detail}`), ''];
  const tail = plan.partitions.filter((p) => p.tailFrom < p.logEnd);
  const where = !plan.salvage ? 'no salvage target given' : plan.salvage.kind === 'dir' ? `salvaged to ${plan.salvage.dir}` : plan.salvage.kind === 'topic' ? `salvaged to ${plan.newPrimary} topic ${plan.salvage.topic}` : 'salvage WAIVED';
  out.push(palette.bold(`unreplicated tail on ${old}: ${tail.length} of ${plan.partitions.length} partition(s), ${plan.tail.unreplicated ?? '?'} record(s) ${plan.newPrimary} lacks, offsets to salvage ${plan.tail.offsets} (${where})`));
  if (tail.length) {
    out.push(
      renderTable(
        ['topic', 'partition', 'log start', 'log end', 'tail offsets', 'unreplicated', 'first record', 'last record', 'note'],
        tail.map((p) => [p.topic, p.partition, p.logStart.toString(), p.logEnd.toString(), `${p.tailFrom}..${p.logEnd - 1n}`, p.unreplicated?.toString() ?? '?', iso(p.firstTimestamp), iso(p.lastTimestamp), p.note ? palette.warn(p.note) : '']),
      ),
    );
  }
  out.push('', palette.bold(`consumer groups on ${old} (offsets on the topics in scope)`));
  out.push(
    plan.groups.length
      ? renderTable(
          ['group', 'protocol', 'state', 'members', 'action', 'why'],
          plan.groups.map((g) => [g.group, protocolLabel(g.type), g.state, g.members, g.failedOver && isInactive(g) ? 'delete (offsets backed up first)' : 'keep', g.unsure ?? g.failedOver ?? 'not failed over']),
        )
      : palette.dim('  none'),
  );
  const total = plan.deletions.reduce((n, d) => n + d.records, 0n);
  out.push(
    '',
    palette.bold(plan.cleanup === 'truncate' ? `cleanup: delete records below the log end (DeleteRecords) of ${plan.deletions.length} topic(s) on ${old}, ${total} offsets` : `cleanup: delete ${plan.deletions.length} topic(s) on ${old}, ${total} offsets`),
  );
  if (plan.deletions.length)
    out.push(
      renderTable(
        ['topic', 'partitions', 'offsets deleted', 'cleanup.policy'],
        plan.deletions.map((d) => [d.topic, d.partitions, d.records.toString(), d.compacted ? palette.warn('compact') : 'delete']),
      ),
    );
  out.push('', palette.bold(`reverse flow ${plan.reverse.flow}`), ...plan.reverse.steps.map((s, i) => `  ${i + 1}. ${s}`));
  out.push(
    palette.dim(`  MM2 properties (drctl mirror config --flow "${plan.reverse.flow}"):`),
    ...plan.reverse.properties
      .trimEnd()
      .split('\n')
      .map((l) => `    ${l}`),
  );
  for (const w of plan.warnings) out.push(palette.warn(`warning: ${w}`));
  return out.join('\n');
}

/** Each step with its status and time, then the salvage and what is left to do (the reverse flow's steps). */
export function renderFailbackResult(r: FailbackResult, plan: Pick<FailbackPlan, 'reverse'>): string {
  const color = (s: string) => (s === 'done' || s === 'already done' ? palette.ok(s) : palette.warn(s));
  const out = [
    renderTable(
      ['step', 'status', 'time', 'detail'],
      r.steps.map((s) => [s.step, color(s.status), `${(s.ms / 1000).toFixed(2)} s`, s.detail]),
    ),
  ];
  if (r.salvage.length) out.push(palette.dim(`salvage: ${r.salvage.map((s) => `${s.topic}-${s.partition} ${s.records} record(s) ${s.status}, sha256 ${s.sha256.slice(0, 12)}…`).join('; ')}`));
  if (r.backupId) out.push(palette.dim(`deleted groups' offsets backed up: drctl offsets restore --backup ${r.backupId}`));
  if (r.steps.some((s) => s.step.startsWith('reverse flow') && s.status === 'pending')) out.push(palette.bold(`reverse flow ${plan.reverse.flow}, for the operator:`), ...plan.reverse.steps.map((s, i) => `  ${i + 1}. ${s}`));
  out.push(
    r.complete
      ? palette.ok(`failback complete in ${(r.totalMs / 1000).toFixed(2)} s`)
      : palette.warn(
          `failback done on the clusters in ${(r.totalMs / 1000).toFixed(2)} s; left for the operator: ${r.steps
            .filter((s) => s.status === 'pending')
            .map((s) => s.step)
            .join(', ')}`,
        ),
  );
  return out.join('\n');
}
