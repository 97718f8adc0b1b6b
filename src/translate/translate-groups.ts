/**
 * `drctl offsets translate`: translates consumer groups' source offsets to the target of a flow by one of four
 * methods, per partition:
 * - checkpoints: what RemoteClusterUtils.translateOffsets returns (MM2's checkpoints, last record wins);
 * - syncs: MM2's algorithm over the offset syncs, applied to the group's committed offsets on the source;
 * - exact: the downstream offset of the record the group reads next, found by record identity (needs the source);
 * - auto: exact when the source is reachable (falling back to syncs per partition), else checkpoints refined by
 *   the offset syncs when those live on the target.
 */
import type { PartitionTranslation, TranslateInputs } from './translation-types.js';
import { preferAgentCheckpoints } from './agent-evidence.js';
import { DrctlError } from '../errors.js';
import type { ClusterGateway, PartitionOffset } from '../kafka/gateway.js';
import { formatResetCsv } from '../offsets/reset-csv.js';
import { exactBatch, exactQueryKey } from './exact-batch.js';
import { returnLegOffsets, returnLegTopic, returnQueryKey, type ReturnQuery } from './return-leg.js';

/** A translation method. */
export type TranslateMethod = 'checkpoints' | 'syncs' | 'exact' | 'auto';

export type { PartitionTranslation, TranslateInputs } from './translation-types.js';

const seconds = (now: number, at: number): number => Math.max(0, Math.round((now - at) / 100) / 10);

/** Translate by checkpoints only, as RemoteClusterUtils.translateOffsets does. */
export function byCheckpoints(group: string, inp: TranslateInputs): PartitionTranslation[] {
  const cps = inp.checkpoints?.groups.get(group);
  if (!cps) return [];
  return [...cps.values()]
    .map((c) => ({
      group,
      sourceTopic: inp.policy.upstreamTopic(c.topic) ?? c.topic,
      topic: c.topic,
      partition: c.partition,
      upstream: c.upstreamOffset,
      downstream: c.downstreamOffset,
      method: 'checkpoints' as const,
      checkpointAgeSeconds: seconds(inp.now, c.emittedAt),
      conservative: null,
      expectedDuplicates: null,
      note: null,
    }))
    .sort(order);
}

/** Translate the group's committed source offsets with MM2's sync algorithm. */
export function bySyncs(group: string, inp: TranslateInputs): PartitionTranslation[] {
  return mirrored(group, inp).map((o) => {
    const topic = inp.policy.formatRemoteTopic(inp.sourceAlias, o.topic);
    const t = inp.syncs!.translate(o.topic, o.partition, o.offset);
    const base = { group, sourceTopic: o.topic, topic, partition: o.partition, upstream: o.offset, checkpointAgeSeconds: null, conservative: null, expectedDuplicates: null };
    if (t.kind === 'no-syncs') return { ...base, downstream: null, method: 'none' as const, note: 'no offset sync for this partition yet' };
    if (t.kind === 'older-than-syncs') return { ...base, downstream: null, method: 'none' as const, note: `offset is older than every offset sync (oldest ${t.oldestUpstream})` };
    return { ...base, downstream: t.downstream, method: 'syncs' as const, note: null };
  });
}

/** Exact translation per partition, falling back to the syncs value (with the reason) where it cannot be exact. */
export async function byExact(group: string, inp: TranslateInputs): Promise<PartitionTranslation[]> {
  return (await byExactMany([group], inp)).get(group)!;
}

/**
 * Exact translation of many groups at once: one walk per source partition answers every group committed on it.
 * Each walk starts from the earliest copy of the closest exact pair in the whole sync history: walking forward from
 * there only ever skips copies of records already passed, so it cannot lose one. (MM2's newest sync epoch can start
 * in a re-copy run that does not hold every later record.)
 */
export async function byExactMany(groups: readonly string[], inp: TranslateInputs): Promise<Map<string, PartitionTranslation[]>> {
  const conservative = new Map(groups.map((g) => [g, bySyncs(g, inp)]));
  const query = (row: PartitionTranslation) => ({ sourceTp: { topic: row.sourceTopic, partition: row.partition }, targetTp: { topic: row.topic, partition: row.partition }, upstream: row.upstream });
  const [answers, returning] = await Promise.all([exactBatch(inp.source!, inp.target, inp.syncs, [...conservative.values()].flat().map(query), { memo: inp.exactMemo }), byReturnLeg(groups, inp)]);
  const out = new Map<string, PartitionTranslation[]>();
  for (const [group, rows] of conservative) {
    out.set(
      group,
      rows.map((row) => {
        const r = answers.get(exactQueryKey(query(row)));
        if (!r) return row;
        if (!r.exact) return { ...row, conservative: row.downstream, note: `not exact: ${r.reason}; ${row.downstream === null ? 'no translation' : 'conservative value used'}` };
        const notes = [r.trimmed ?? '', r.duplicatesSkipped > 0 ? `skipped ${r.duplicatesSkipped} duplicate(s) MM2 wrote` : '', r.consumedNotReplicated > 0 ? `${r.consumedNotReplicated} consumed record(s) not on the target yet` : ''].filter(Boolean);
        if (row.downstream === null && row.note) notes.push(`MM2 cannot translate it: ${row.note}`);
        const ahead = row.downstream !== null && row.downstream > r.downstream;
        if (ahead) notes.push(`MM2's translation ${row.downstream} is ahead of the first copy of the next record (MM2 re-copied data); it may skip records`);
        return { ...row, downstream: r.downstream, method: 'exact' as const, conservative: row.downstream, expectedDuplicates: row.downstream === null || ahead ? null : r.downstream - row.downstream, note: notes.join('; ') || null };
      }),
    );
  }
  for (const [group, rows] of returning) out.set(group, [...out.get(group)!, ...rows].sort(order));
  return out;
}

/**
 * Active-active: the group's partitions on copies of the target's own topics (`LON.orders` on NYC failing over to
 * LON) resume on the originals, found by walking the reverse flow back (return-leg.ts).
 */
async function byReturnLeg(groups: readonly string[], inp: TranslateInputs): Promise<Map<string, PartitionTranslation[]>> {
  const queries: { group: string; q: ReturnQuery }[] = [];
  for (const group of groups)
    for (const o of inp.committed?.get(group) ?? []) {
      const original = returnLegTopic(inp.policy, inp.target.alias, o.topic);
      if (original !== null && inp.targetTopics.has(original)) queries.push({ group, q: { copyTp: { topic: o.topic, partition: o.partition }, originalTp: { topic: original, partition: o.partition }, committed: o.offset } });
    }
  const out = new Map<string, PartitionTranslation[]>();
  if (queries.length === 0) return out;
  const answers = await returnLegOffsets(
    inp.source!,
    inp.target,
    inp.returnSyncs ?? null,
    queries.map((x) => x.q),
  );
  for (const { group, q } of queries) {
    const a = answers.get(returnQueryKey(q))!;
    const base = { group, sourceTopic: q.copyTp.topic, topic: q.originalTp.topic, partition: q.copyTp.partition, upstream: q.committed, checkpointAgeSeconds: null, conservative: null, expectedDuplicates: null };
    const copyOf = `${q.copyTp.topic} is a copy of ${inp.target.alias}'s own ${q.originalTp.topic}: resumes on the original`;
    const row: PartitionTranslation = a.exact
      ? { ...base, downstream: a.offset, method: 'exact', note: [copyOf, a.duplicatesSkipped ? `skipped ${a.duplicatesSkipped} duplicate(s) MM2 wrote` : ''].filter(Boolean).join('; ') }
      : { ...base, downstream: null, method: 'none', note: `${copyOf}, but not exactly: ${a.reason}` };
    out.set(group, [...(out.get(group) ?? []), row]);
  }
  return out;
}

function mirrored(group: string, inp: TranslateInputs): PartitionOffset[] {
  return (inp.committed?.get(group) ?? []).filter((o) => inp.targetTopics.has(inp.policy.formatRemoteTopic(inp.sourceAlias, o.topic))).sort((a, b) => order({ topic: a.topic, partition: a.partition }, { topic: b.topic, partition: b.partition }));
}

function order(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  return a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1;
}

/** Translate one group by `method`; `auto` picks exact when the source is reachable, else checkpoints. */
export async function translateGroup(group: string, method: TranslateMethod, inp: TranslateInputs): Promise<PartitionTranslation[]> {
  return (await translateGroups([group], method, inp)).get(group)!;
}

/** Translate many groups by `method` (exact walks are shared between groups on the same partitions). */
export async function translateGroups(groups: readonly string[], method: TranslateMethod, inp: TranslateInputs): Promise<Map<string, PartitionTranslation[]>> {
  return atOrAboveLogStart(await translateBy(groups, method, inp), inp.target);
}

/**
 * A translation below the target's log start points at records retention deleted there (a stale checkpoint or
 * sync): the group would resume at the log start anyway, so say so on the partition and answer the log start
 * (safety rule 5: never below the log start without saying so). One ListOffsets per broker for every row.
 */
export async function atOrAboveLogStart(rows: Map<string, PartitionTranslation[]>, target: ClusterGateway): Promise<Map<string, PartitionTranslation[]>> {
  const all = [...rows.values()].flat().filter((r) => r.downstream !== null);
  if (all.length === 0) return rows;
  const tps = [...new Map(all.map((r) => [`${r.topic}:${r.partition}`, { topic: r.topic, partition: r.partition }])).values()];
  const start = new Map((await target.listOffsets(tps, 'earliest')).map((x) => [`${x.topic}:${x.partition}`, x.offset ?? 0n]));
  const out = new Map<string, PartitionTranslation[]>();
  for (const [group, list] of rows) {
    out.set(
      group,
      list.map((r) => {
        const s = start.get(`${r.topic}:${r.partition}`);
        if (r.downstream === null || s === undefined) return r;
        // A conservative value below the log start would resume at the log start too: fewer duplicates than it says.
        if (r.downstream >= s) return r.conservative !== null && r.conservative < s && r.expectedDuplicates !== null ? { ...r, expectedDuplicates: r.downstream - s } : r;
        const note = `${r.method === 'exact' ? 'translation' : r.method === 'checkpoints' ? 'checkpoint' : 'sync'} ${r.downstream} is below ${target.alias}'s log start ${s} (stale: retention deleted ${s - r.downstream} offset(s) there): resumes at the log start`;
        return { ...r, downstream: s, expectedDuplicates: r.expectedDuplicates === null ? null : r.expectedDuplicates > s - r.downstream ? r.expectedDuplicates - (s - r.downstream) : 0n, note: r.note ? `${note}; ${r.note}` : note };
      }),
    );
  }
  return out;
}

/** The translation of each group by `method`, before the log-start check. */
async function translateBy(groups: readonly string[], method: TranslateMethod, inp: TranslateInputs): Promise<Map<string, PartitionTranslation[]>> {
  const needsSource = method === 'syncs' || method === 'exact';
  if (needsSource && !inp.source) {
    throw new DrctlError('DRCTL_UNREACHABLE', `--method ${method} needs the source cluster ${inp.sourceAlias}, which is unreachable`, { hint: 'use --method checkpoints (or auto) when the source is down' });
  }
  const each = (f: (g: string) => PartitionTranslation[]) => new Map(groups.map((g) => [g, f(g)]));
  if (method === 'checkpoints') return each((g) => byCheckpoints(g, inp));
  if (method === 'syncs') return each((g) => bySyncs(g, inp));
  if (method === 'exact' || inp.source) {
    const exact = await byExactMany(groups, inp);
    if (method === 'exact') return exact;
    // auto: add checkpoint ages where MM2 has a checkpoint for the same partition
    return each((g) => {
      const ages = new Map(byCheckpoints(g, inp).map((c) => [`${c.topic}:${c.partition}`, c.checkpointAgeSeconds]));
      return exact.get(g)!.map((r) => ({ ...r, checkpointAgeSeconds: ages.get(`${r.topic}:${r.partition}`) ?? null }));
    });
  }
  return each((g) => preferAgentCheckpoints(g, refineBySyncs(byCheckpoints(g, inp), inp), inp));
}

/**
 * Source down, syncs on the target: re-translate each checkpoint's upstream offset over every offset sync, which is
 * never further back than MM2's checkpoint (its store keeps only 64 spaced syncs) and, like it, never past the truth.
 */
export function refineBySyncs(rows: PartitionTranslation[], inp: TranslateInputs): PartitionTranslation[] {
  if (!inp.syncs) return rows;
  return rows.map((r) => {
    const t = inp.syncs!.translate(r.sourceTopic, r.partition, r.upstream);
    if ((t.kind !== 'exact' && t.kind !== 'plus-one') || r.downstream === null || t.downstream < r.downstream) return r;
    // Only copies of the source records between the sync's record and the committed offset can come again, so
    // that many at most (fewer where some offsets were markers), unless MM2 itself re-copied data.
    const atMost = t.kind === 'exact' ? 0n : r.upstream - t.anchor.upstreamOffset - 1n;
    if (t.downstream === r.downstream) return { ...r, expectedDuplicates: atMost };
    return {
      ...r,
      downstream: t.downstream,
      method: 'syncs' as const,
      conservative: r.downstream,
      expectedDuplicates: atMost,
      note: `checkpoint ${r.downstream} re-translated with the offset syncs on the target (${t.downstream - r.downstream} fewer re-reads; at most ${atMost} duplicate(s))`,
    };
  });
}

/** CSV that `kafka-consumer-groups --reset-offsets --from-file` accepts on the target (no header). */
export function toResetCsv(rows: readonly PartitionTranslation[]): string {
  const translated = rows.filter((r) => r.downstream !== null).map((r) => ({ group: r.group, topic: r.topic, partition: r.partition, offset: r.downstream! }));
  return formatResetCsv(translated, new Set(translated.map((r) => r.group)).size > 1);
}
