/**
 * The postmortem of an incident session, as markdown: YAML front matter (id, times, user, flow, mode, reason,
 * outcome), a summary, the timeline (UTC, every assessment, choice and step with its duration), RPO and RTO, the
 * plan per partition, the outcome and its check, and the exact non-interactive commands that repeat the session, for
 * the runbook and CI. Pure: the session in, the text out (the session file stays the source of truth).
 */
import { stringify } from 'yaml';
import type { FailoverPlan } from '../failover/failover-plan.js';
import { describeRpo } from './recommend.js';
import type { IncidentSession } from './session.js';
import { planClusterId } from '../workflow/plan-header.js';

/** A word or a single-quoted shell string (a `'` inside becomes `'\''`), safe to paste into sh, bash or zsh. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const utc = (at: string): string => at.replace('T', ' ');

/** How the session ended, in a few words. */
export function outcomeOf(s: IncidentSession): string {
  if (s.status === 'cancelled') return 'cancelled: nothing was changed';
  if (s.next?.choice === 'undo') return `failed over, then undone (${s.next.detail})`;
  if (!s.result) return s.error ? `failed before any change: ${s.error}` : `not executed (${s.status})`;
  const ok = s.result.outcomes.filter((o) => o.status === 'ok').length;
  const all = s.result.outcomes.length;
  const verified = s.verification ? s.verification.offsets.every((o) => o.actual === o.planned) : false;
  if (ok === all && all > 0) return `${ok} group(s) failed over${verified ? ' and verified' : ''}`;
  return ok === 0 ? `no group moved (${all} refused or failed)` : `partial: ${ok} of ${all} group(s) failed over`;
}

/**
 * The commands that do what the session did without prompts. The failover is the same command every time: a re-run
 * after a partial failure moves the rest and leaves the groups already moved where they are.
 */
export function equivalentCommands(s: IncidentSession): string[] {
  const c = s.choices;
  if (!c.flow || !c.groups?.length || !c.mode) return [];
  const [source, target] = c.flow.split('->');
  const cfg = s.configFlags.map(shellQuote).join(' ');
  const d = (rest: string) => `drctl ${rest}${cfg ? ` ${cfg}` : ''}`;
  const groups = c.groups.map((g) => `--group ${shellQuote(g)}`).join(' ');
  const mode = c.mode === 'planned' ? '--planned' : `--unplanned --fallback ${c.fallback ?? 'checkpoint-time'}`;
  const out = [
    '# before: readiness and data at risk',
    d(`status ${groups}`),
    d(`report rpo --flow ${shellQuote(c.flow)} ${groups}`),
    '# review the plan, changing nothing',
    d(`failover ${groups} --from ${source} --to ${target} ${mode} --dry-run`),
    '# the failover (the same command again finishes a partial one)',
    d(`failover ${groups} --from ${source} --to ${target} ${mode} --yes${c.reason ? ` --reason ${shellQuote(c.reason)}` : ''}`),
    '# after: the mirror still carries data',
    d(`canary --flow ${shellQuote(c.flow)} --once`),
  ];
  if (s.result?.backupId) out.push('# undo: put back the offsets the failover replaced', d(`offsets restore --backup ${s.result.backupId} --execute${c.reason ? ` --reason ${shellQuote(`undo ${c.reason}`)}` : ''}`));
  out.push('# later, once the old primary is back: make it a clean DR copy (a dry run; add --execute)', d(failbackCommand(source, target, s.id)));
  return out;
}

/** The failback to run once the old primary is back (a dry run: it only plans). */
export const failbackCommand = (source: string, target: string, id: string): string => `failback --old-primary ${source} --new-primary ${target} --salvage-dir ${shellQuote(`./salvage-${id}`)}`;

function planTable(plan: FailoverPlan): string[] {
  const rows = plan.groups.flatMap((g) =>
    g.status === 'refused'
      ? [`| ${cell(g.group)} | - | - | - | - | refused: ${cell(g.reason ?? '')} |`]
      : g.partitions.map((p) => `| ${cell(g.group)} | ${cell(p.topic)} | ${p.partition} | ${p.currentTarget ?? '-'} | ${p.newOffset} | ${p.method}${p.note ? `: ${cell(p.note)}` : ''} |`),
  );
  return ['| group | topic | partition | old offset | new offset | method |', '|---|---|---:|---:|---:|---|', ...rows];
}

/** The whole postmortem. */
export function renderPostmortem(s: IncidentSession, tool = { name: 'drctl', version: '0.0.0' }): string {
  const c = s.choices;
  const front = stringify({
    id: s.id,
    title: `${c.mode ?? 'aborted'} failover ${c.flow ?? ''}`.trim(),
    started: s.startedAt,
    ended: s.endedAt,
    user: s.user,
    flow: c.flow,
    mode: c.mode,
    fallback: c.fallback,
    reason: c.reason,
    groups: c.groups ?? [],
    outcome: outcomeOf(s),
    backup: s.result?.backupId ?? null,
    tool,
  }).trimEnd();
  const out = ['---', front, '---', '', `# Incident ${s.id}: ${c.mode ?? ''} failover ${c.flow ?? ''}`.replace(/\s+/g, ' ').trimEnd(), ''];

  out.push('## Summary', '');
  const a = s.assessment;
  out.push(`- Outcome: ${outcomeOf(s)}.`);
  if (a) out.push(`- Assessment: ${a.recommendation.headline} — ${a.recommendation.why}.`);
  if (c.reason) out.push(`- Reason given: ${c.reason}`);
  if (c.groups?.length) out.push(`- Groups: ${c.groups.join(', ')}`);
  if (s.error) out.push(`- Error: ${s.error}`);
  out.push('');

  out.push('## Timeline (UTC)', '', '| time (UTC) | type | event | duration |', '|---|---|---|---:|');
  // By start time: a span (the plan) comes before the steps it is made of.
  for (const t of [...s.timeline].sort((x, y) => x.at.localeCompare(y.at))) out.push(`| ${utc(t.at)} | ${t.type} | ${cell(t.event)} | ${t.ms === null ? '' : seconds(t.ms)} |`);
  out.push('');

  out.push('## RPO and RTO', '');
  if (a)
    out.push(
      `- RPO at the assessment: ${describeRpo(a.rpoRecords, a.rpoSeconds)} not on the target (source ${a.sourceReachable ? 'reachable' : 'unreachable'}; MM2 heartbeat ${a.heartbeatAgeSeconds === null ? 'none' : `${a.heartbeatAgeSeconds.toFixed(1)} s old`}).`,
    );
  if (s.plan) {
    for (const t of s.plan.rpo) out.push(`- RPO at the failover, ${t.topic}: ${describeRpo(t.records, t.seconds)} (${t.note})`);
    if (s.plan.rpo.length === 0) out.push('- RPO at the failover: not measured (no partitions to move).');
  }
  if (s.result) {
    out.push(`- RTO: ${seconds(s.result.rtoMs)} from the start of the session to the groups committed on the target (journaled; \`drctl report rto\` counts it). Steps:`);
    for (const t of s.timeline.filter((x) => x.type === 'step')) out.push(`  - ${t.event}: ${t.ms === null ? '-' : seconds(t.ms)}`);
  } else out.push('- RTO: no failover was executed.');
  out.push('');

  out.push('## Plan', '');
  if (s.plan) {
    out.push(`${s.plan.mode} failover ${s.plan.flow}, planned at ${s.plan.createdAt} (target cluster id ${planClusterId(s.plan, 'target')}).`, '', ...planTable(s.plan));
    for (const w of s.plan.warnings) out.push('', `Warning: ${w}`);
  } else out.push('No plan was made.');
  out.push('');

  out.push('## Outcome', '');
  if (s.result) {
    for (const o of s.result.outcomes) out.push(`- ${o.group}: ${o.status}${o.reason ? ` (${o.reason})` : ''}`);
    if (s.result.backupId) out.push(`- Backup of the replaced offsets: ${s.result.backupId}`);
    if (s.result.switchCommand) out.push(`- Discovery switch: ${s.result.switchCommand}`);
  } else out.push(`- ${outcomeOf(s)}`);
  if (s.verification) {
    out.push('', 'Check (offsets read back from the target):', '', '| group | topic | partition | planned | now on the target | |', '|---|---|---:|---:|---:|---|');
    for (const o of s.verification.offsets) out.push(`| ${cell(o.group)} | ${cell(o.topic)} | ${o.partition} | ${o.planned} | ${o.actual ?? '-'} | ${o.actual === o.planned ? 'ok' : 'DIFFERS'} |`);
    out.push('', `Canary through the flow: ${s.verification.canary ? `${s.verification.canary.ok ? 'ok' : 'FAILED'}, ${s.verification.canary.detail}` : 'not run (the source did not answer)'}.`);
  }
  if (s.next) out.push('', `Next step chosen: ${s.next.choice} — ${s.next.detail}`);
  out.push('');

  const cmds = equivalentCommands(s);
  out.push('## Repeat it without prompts (runbook, CI)', '');
  if (cmds.length) out.push('```sh', ...cmds, '```');
  else out.push('Nothing was chosen to repeat.');
  out.push('', '## Contributing factors, what went well, action items', '', '_To be written by the responders._', '');
  return out.join('\n');
}
