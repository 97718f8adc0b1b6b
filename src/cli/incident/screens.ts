/** What the incident mode shows between its questions: the assessment, live step progress, the check, a resume. */
import type { Assessment, FlowFacts, GroupFacts } from '../../incident/assess.js';
import { describeRpo } from '../../incident/recommend.js';
import type { IncidentSession, SessionVerification } from '../../incident/session.js';
import type { WorkflowEvent } from '../../workflow/events.js';
import { activityText } from '../../groups/activity.js';
import { formatAge, palette, renderTable } from '../render.js';

const recommendationMark = { planned: palette.ok, unplanned: palette.warn, 'fix-mirror': palette.warn, 'target-down': palette.bad } as const;

/** Clusters, flows (liveness, data at risk, the recommendation and why), and the groups of each flow. */
export function renderAssessment(a: Assessment): string {
  const out = [palette.bold(`Assessment at ${a.at}`), ''];
  out.push(
    renderTable(
      ['cluster', 'reachable', 'cluster id'],
      a.clusters.map((c) => [c.alias, c.reachable ? palette.ok('yes') : palette.bad(`no: ${c.error}`), c.clusterId ?? '-']),
    ),
  );
  for (const f of a.flows) {
    out.push('', palette.bold(`flow ${f.flow}`));
    out.push(`  MM2 heartbeat: ${f.targetReachable ? (f.heartbeatAgeSeconds === null ? palette.bad('none') : `${formatAge(f.heartbeatAgeSeconds)} old`) : '-'}`);
    out.push(`  data at risk now: ${f.targetReachable ? describeRpo(f.rpoRecords, f.rpoSeconds) : '-'}`);
    for (const t of f.topics.filter((x) => x.records !== 0n)) out.push(palette.dim(`    ${t.topic}: ${describeRpo(t.records, t.seconds)}`));
    out.push(`  recommendation: ${recommendationMark[f.recommendation.kind](f.recommendation.headline)}`, palette.dim(`    why: ${f.recommendation.why}`));
    if (f.groups.length)
      out.push(
        renderTable(
          ['group', `lag on ${f.source}`, 'duplicates', `on ${f.source}`, `on ${f.target}`],
          f.groups.map((g) => [g.group, g.lag?.toString() ?? '?', g.expectedDuplicates?.toString() ?? '?', g.onSource ? activityText(g.onSource) : '-', g.onTarget ? activityText(g.onTarget) : '-']),
        ).replace(/^/gm, '  '),
      );
    else if (f.targetReachable) out.push(palette.dim(`  no consumer groups on ${f.flow} to move`));
    for (const w of f.warnings) out.push(palette.warn(`  warning: ${w}`));
  }
  return out.join('\n');
}

/** A group as a checkbox line: its lag, the duplicates a failover would cost, its state on the target. */
export function groupChoiceName(g: GroupFacts, f: Pick<FlowFacts, 'source' | 'target'>): string {
  const dup = g.expectedDuplicates === null ? 'duplicates unknown' : `${g.expectedDuplicates} duplicate(s)`;
  const there = !g.onTarget ? '?' : g.onTarget.type === 'none' ? 'no group yet' : `${g.onTarget.state}${g.onTarget.members ? `, ${g.onTarget.members} member(s)` : ''}`;
  return `${g.group}  ·  lag ${g.lag ?? '?'} on ${f.source}  ·  ${dup}  ·  on ${f.target}: ${there}`;
}

/** A runner event as a line of live progress. */
export function progressLine(e: WorkflowEvent): string {
  switch (e.type) {
    case 'step-start':
      return palette.dim(`  ▸ ${e.step} ...`);
    case 'step-progress':
      return palette.dim(`      ${e.message}`);
    case 'step-done':
      return `  ${palette.ok('✔')} ${e.step} ${palette.dim(`(${e.ms} ms)`)}${e.detail ? `: ${e.detail}` : ''}${e.status === 'done' ? '' : palette.dim(` [${e.status}]`)}`;
    case 'step-failed':
      return `  ${palette.bad('✘')} ${e.step} ${palette.dim(`(${e.ms} ms)`)}: ${e.error}`;
  }
}

/** The offsets now on the target beside the plan's, and the canary. */
export function renderVerification(v: SessionVerification, target: string): string {
  const out = [
    renderTable(
      ['group', 'topic', 'partition', 'planned', `now on ${target}`, ''],
      v.offsets.map((o) => [o.group, o.topic, o.partition, o.planned.toString(), o.actual?.toString() ?? '-', o.actual === o.planned ? palette.ok('ok') : palette.bad('DIFFERS')]),
    ),
  ];
  out.push(v.canary ? `canary: ${v.canary.ok ? palette.ok('ok') : palette.bad('FAILED')}, ${v.canary.detail}` : palette.dim('canary: not run (the source does not answer)'));
  return out.join('\n');
}

/** What a session to resume chose, and how far it got. */
export function renderResume(s: IncidentSession): string {
  const c = s.choices;
  const out = [palette.bold(`Incident session ${s.id}`), `  started ${s.startedAt} by ${s.user}; status: ${s.status}${s.error ? ` (${s.error})` : ''}`];
  out.push(`  flow: ${c.flow}`, `  groups: ${c.groups?.join(', ')}`, `  mode: ${c.mode}${c.mode === 'unplanned' ? ` (fallback ${c.fallback})` : ''}`, `  reason: ${c.reason}`);
  const steps = s.timeline.filter((t) => t.type === 'step' || t.type === 'interrupt' || t.type === 'error');
  if (steps.length) out.push('  so far:', ...steps.slice(-8).map((t) => palette.dim(`    ${t.at}  ${t.event}`)));
  return out.join('\n');
}
