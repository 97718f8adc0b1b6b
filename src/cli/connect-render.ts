/** How the `drctl mirror` commands on Connect show what they found and did. */
import type { DeployResult } from '../connect/mirror-deploy.js';
import type { MirrorHealth } from '../connect/mirror-health.js';
import { palette, renderTable } from './render.js';

/** A flow's connectors and tasks, then the verdict with every problem. */
export function renderMirrorHealth(h: MirrorHealth, lag?: { partitions: number; records: bigint | null }): string {
  const rows = h.connectors.flatMap((c) => [[c.name, 'connector', c.state ?? 'absent', c.worker ?? '-', c.trace ?? ''], ...c.tasks.map((t) => ['', `task ${t.id}`, t.state, t.worker, t.trace ?? ''])]);
  const problems = h.connectors.flatMap((c) => [...c.problems.map((p) => palette.bad(`NO-GO  ${c.name}: ${p}`)), ...c.warnings.map((w) => palette.warn(`note   ${c.name}: ${w}`))]);
  const lagLine = lag ? `replication lag (source log ends vs the source connector's offsets, ${lag.partitions} partition(s)): ${lag.records === null ? 'unknown' : `${lag.records} record(s)`}` : null;
  const verdict = h.verdict === 'GO' ? palette.ok(`${h.flow}: GO`) : palette.bad(`${h.flow}: NO-GO`);
  return [renderTable(['connector', 'what', 'state', 'worker', 'trace (first line)'], rows), ...problems, ...(lagLine ? [lagLine] : []), verdict].join('\n');
}

/** What a deploy changed (or would change), connector by connector. */
export function renderDeploy(r: DeployResult): string {
  const lines = r.changes.map((c) => {
    if (c.action === 'none') return `${c.name}: unchanged`;
    const head = `${c.name}: ${r.dryRun ? 'would ' : ''}${c.action}`;
    if (c.action === 'create') return `${head} (${c.keys.length} settings)`;
    return [head, ...c.keys.map((k) => `  ${k.key}: ${k.from ?? '(unset)'} -> ${k.to ?? '(unset)'}`)].join('\n');
  });
  const tail = r.dryRun ? palette.dim('dry run: nothing changed') : r.changes.every((c) => c.action === 'none') ? palette.ok('nothing to change; the flow runs') : palette.ok('deployed; the flow runs');
  return [...lines, tail].join('\n');
}
