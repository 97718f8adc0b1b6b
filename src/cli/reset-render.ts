/** Rendering of offset plans and their execution. */
import type { GroupOutcome } from '../offsets/execute-reset.js';
import type { GroupPlan } from '../offsets/reset-plan.js';
import type { OffsetsRunResult } from '../offsets/run-offsets-plan.js';
import { palette, renderTable } from './render.js';

/** The plan as a table (group, topic, partition, current, new, delta, note), then refused groups. */
export function renderPlan(groups: GroupPlan[]): string {
  const rows = groups.flatMap((g) =>
    g.partitions.map((p) => [
      g.group,
      p.topic,
      p.partition,
      p.current === null ? '-' : p.current.toString(),
      p.target.toString(),
      p.current === null ? '-' : p.target - p.current >= 0n ? `+${p.target - p.current}` : (p.target - p.current).toString(),
      p.note ? palette.warn(p.note) : '',
    ]),
  );
  const out = [rows.length ? renderTable(['group', 'topic', 'partition', 'current', 'new', 'delta', 'note'], rows) : palette.dim('no partitions to change')];
  for (const g of groups.filter((x) => x.deleteGroup && x.status === 'planned')) out.push(palette.warn(`delete group ${g.group}: ${g.reason}`));
  for (const g of groups.filter((x) => x.status === 'refused')) out.push(palette.bad(`refused: ${g.group}: ${g.reason}`));
  return out.join('\n');
}

/** One line per group after execution. */
export function renderOutcomes(outcomes: GroupOutcome[], backupId: string | null): string {
  const lines = outcomes.map((o) => `${o.status === 'ok' ? palette.ok('ok') : palette.bad(o.status)}  ${o.group}${o.reason ? `: ${o.reason}` : ` (${o.partitions} partitions, ${o.ms} ms)`}`);
  if (backupId) lines.push(palette.dim(`previous offsets saved as backup ${backupId}: undo with \`drctl offsets restore --backup ${backupId} --execute\``));
  return lines.join('\n');
}

/** `offsets reset` / `restore` as text: the plan, then each group's outcome, or what a dry run left to do. */
export function renderOffsetsRun(out: OffsetsRunResult, o: { planOut?: string; verb: 'commit' | 'restore' }): string {
  const saved = o.planOut ? `; plan saved to ${o.planOut} (run it with --plan ${o.planOut} --execute)` : '';
  return [renderPlan(out.plan.groups), out.result ? renderOutcomes(out.result.outcomes, out.result.backupId) : palette.dim(`dry run: nothing changed (add --execute to ${o.verb})${saved}`)].join('\n');
}
