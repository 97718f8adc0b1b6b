/** Rendering of `drctl report rpo`: terminal tables, or Markdown for incident documents. */
import type { RpoTrend } from '../report/rpo-history.js';
import type { RpoReport } from '../report/rpo-report.js';
import { activityText } from '../groups/activity.js';
import type { GroupOnCluster } from '../groups/on-clusters.js';
import { formatAge, palette, renderTable } from './render.js';

const n = (v: bigint | number | null): string => (v === null ? '?' : v.toString());

/** A group's protocol, state and members on one cluster ("-" when that cluster was not asked). */
const onCluster = (all: GroupOnCluster[], cluster: string): string => {
  const g = all.find((x) => x.cluster === cluster);
  return g ? activityText(g) : '-';
};

/** Rows of the three tables, shared by both formats. */
function sections(r: RpoReport) {
  return r.flows.map((f) => ({
    title: `${f.flow}: ${f.sourceReachable ? 'measured against the source' : `${f.source} unreachable`}, MM2 heartbeat ${formatAge(f.heartbeatAgeSeconds)} old`,
    topics: { head: ['topic', 'records at risk', 'seconds at risk', 'note'], rows: f.topics.map((t) => [t.topic, n(t.records), n(t.seconds), t.note]) },
    partitions: {
      head: ['topic', 'partition', 'source end', 'replicated below', 'unreplicated', 'seconds', 'newest copy', 'mm2 synced', 'mm2 copied below', 'note'],
      rows: f.partitions.map((p) => [
        p.topic,
        p.partition,
        n(p.sourceEnd),
        n(p.replicatedBelow),
        n(p.records),
        n(p.seconds),
        p.newestOnTarget === null ? '-' : new Date(p.newestOnTarget).toISOString(),
        n(p.mm2SyncedUpstream),
        n(p.mm2CopiedBelow),
        p.note ?? '',
      ]),
    },
    groups: {
      head: ['group', 'checkpoint age', 'partitions', 'no checkpoint', 'older than syncs', 'duplicates on failover', `on ${f.source}`, `on ${f.target}`],
      rows: f.groups.map((g) => [
        g.group,
        formatAge(g.checkpointAgeSeconds),
        g.partitions,
        g.withoutCheckpoint,
        g.olderThanSyncs,
        g.expectedDuplicates === null ? '?' : `${g.duplicatesExact ? '' : '<= '}${g.expectedDuplicates}`,
        onCluster(g.onClusters, f.source),
        onCluster(g.onClusters, f.target),
      ]),
    },
    warnings: f.warnings,
    lastMeasured: f.sourceReachable
      ? null
      : f.lastMeasured
        ? `last measured while ${f.source} answered: ${f.lastMeasured.records} records, ${n(f.lastMeasured.seconds)} s, at ${f.lastMeasured.at} (${f.lastMeasured.by})`
        : `no earlier measurement in the history (record them with drctl status --record)`,
  }));
}

/** One line of the verdict: its text, uncoloured, and whether it is a pass. */
export interface VerdictLine {
  ok: boolean;
  text: string;
}

/**
 * The verdict of a report: one line per flow (OK, or BREACH with that flow's breaches), then the overall line naming
 * the flows in breach. Uncoloured, so both formats (and tests) share it.
 */
export function rpoVerdictLines(r: Pick<RpoReport, 'flows' | 'objectives' | 'ok'>): VerdictLine[] {
  const o = r.objectives;
  const goals = [o.maxSeconds !== undefined ? `${o.maxSeconds} s` : '', o.maxRecords !== undefined ? `${o.maxRecords} records` : ''].filter(Boolean).join(', ');
  const noObjective = 'no RPO objective set (config objectives.rpoSeconds, --max-seconds, --max-records)';
  const flows = r.flows.map((f) => ({ ok: f.ok, text: f.ok ? `OK      ${f.flow}` : `BREACH  ${f.flow}: ${f.breaches.join('; ')}` }));
  const bad = r.flows.filter((f) => !f.ok).map((f) => f.flow);
  const of = `${bad.length} of ${r.flows.length} flow${r.flows.length === 1 ? '' : 's'}`;
  let overall: string;
  if (r.ok) overall = goals ? `overall: OK: RPO objective (${goals}) met on ${r.flows.length === 1 ? 'the flow' : `all ${r.flows.length} flows`}` : `overall: OK: no records lost on the way; ${noObjective}`;
  // Without an objective, only records lost before MM2 copied them breach (rpo-report.ts flowBreaches).
  else overall = goals ? `overall: BREACH: RPO objective (${goals}) NOT met on ${bad.join(', ')} (${of})` : `overall: BREACH: records lost on the way on ${bad.join(', ')} (${of}); ${noObjective}`;
  return [...flows, { ok: r.ok, text: overall }];
}

/** Tables for a terminal. */
export function renderRpoReport(r: RpoReport): string {
  const out: string[] = [];
  for (const s of sections(r)) {
    out.push(palette.bold(s.title), ...(s.lastMeasured ? [palette.warn(s.lastMeasured)] : []), renderTable(s.topics.head, s.topics.rows), '', renderTable(s.partitions.head, s.partitions.rows));
    if (s.groups.rows.length) out.push('', renderTable(s.groups.head, s.groups.rows));
    out.push(...s.warnings.map((w) => palette.warn(`warning: ${w}`)), '');
  }
  for (const h of r.history ?? []) out.push(...historyLines(h), '');
  for (const v of rpoVerdictLines(r)) out.push(v.ok ? palette.ok(v.text) : palette.bad(v.text));
  return out.join('\n');
}

/** The trend of one flow: a chart of the seconds at risk over the window, and the summary. */
function historyLines(h: RpoTrend): string[] {
  if (h.samples === 0) return [palette.bold(`history ${h.flow}`), palette.dim('no samples in the window (record them with drctl status --record)')];
  return [
    palette.bold(`history ${h.flow}: ${h.samples} sample(s), ${h.from} .. ${h.to}`),
    `  seconds at risk  |${h.chart}|  max ${n(h.maxSeconds)} s, median ${n(h.medianSeconds)} s`,
    `  records at risk: max ${h.maxRecords ?? '?'}${h.unknown ? `, unknown in ${h.unknown} sample(s) (source down)` : ''}; latest ${h.latest?.records ?? '?'} records, ${n(h.latest?.seconds ?? null)} s`,
  ];
}

const mdTable = (head: string[], rows: (string | number)[][]): string => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');

/** Markdown for incident documents. */
export function renderRpoMarkdown(r: RpoReport): string {
  const out = [`# RPO report, ${r.generatedAt}`, ''];
  for (const s of sections(r)) {
    out.push(`## ${s.title}`, '', ...(s.lastMeasured ? [`> ${s.lastMeasured}`, ''] : []), mdTable(s.topics.head, s.topics.rows), '', '### Partitions', '', mdTable(s.partitions.head, s.partitions.rows), '');
    if (s.groups.rows.length) out.push('### Consumer groups', '', mdTable(s.groups.head, s.groups.rows), '');
    out.push(...s.warnings.map((w) => `> warning: ${w}`));
  }
  for (const h of r.history ?? []) out.push(`## History ${h.flow}`, '', '```', ...historyLines(h), '```', '');
  const lines = rpoVerdictLines(r);
  out.push('', ...lines.slice(0, -1).map((v) => `- ${v.text}`), '', `**${lines.at(-1)!.text}**`, '');
  return out.join('\n');
}
