/**
 * One round of `drctl agent` for one flow: read every mirrored group's committed offsets on the source, and for each
 * partition whose commit moved (or whose last answer waited on MM2), find the exact target offset by record
 * identity and write it to the flow's exact-checkpoints topic on the target. Incremental: the agent's own earlier
 * answers are exact pairs, so each walk starts from the closest one below the new commit and costs a few reads.
 */
import type { FlowConfig } from '../config/types.js';
import { tpKey, type ClusterGateway } from '../kafka/gateway.js';
import type { OffsetSync } from '../mm2/codecs.js';
import type { OffsetSyncStore } from '../mm2/offset-sync-store.js';
import type { ReplicationPolicy } from '../mm2/replication-policy.js';
import type { ReadCache } from './read-cache.js';
import { listConsumerGroups } from '../offsets/reset-snapshot.js';
import { exactBatch, exactQueryKey, type ExactAnchors, type ExactQuery } from '../translate/exact-batch.js';
import { returnLegOffsets, returnLegTopic, returnQueryKey, type ReturnAnswer, type ReturnQuery } from '../translate/return-leg.js';
import type { ExactResult } from '../translate/exact-walk.js';
import { flowMirrorsGroup, flowMirrorsTopic } from '../translate/gather-inputs.js';
import { encodeExactCheckpointRecords, EXACT_CHECKPOINTS_TOPIC_CONFIG, exactCheckpointKey, exactCheckpointsTopic, groupTopicKey, type ExactCheckpoint } from '../checkpoints/exact-checkpoints.js';

/** Bytes per partition of a round's first read (the batched Fetch): enough for a few seconds of a busy partition. */
const AGENT_PREFETCH_BYTES = 8 * 1024;

/**
 * Source partitions translated per exactBatch call: few when their walks start far back (a first round decodes whole
 * batches, and a small slice's records die young instead of filling the old generation), many when every walk
 * starts at the agent's own last answer (read from its cache: the cost is the requests).
 */
const FIRST_WALK_SLICE = 16;
const NEXT_WALK_SLICE = 512;

/** The queries in slices of at most `n` source partitions (every query of a partition in the same slice). */
function slicesByPartition(queries: readonly ExactQuery[], n: number): ExactQuery[][] {
  const byPartition = new Map<string, ExactQuery[]>();
  for (const q of queries) {
    const k = tpKey(q.sourceTp);
    const list = byPartition.get(k);
    if (list) list.push(q);
    else byPartition.set(k, [q]);
  }
  const parts = [...byPartition.values()];
  const out: ExactQuery[][] = [];
  for (let i = 0; i < parts.length; i += n) out.push(parts.slice(i, i + n).flat());
  return out;
}

/**
 * The anchors of a round: the agent's complete answers on each source partition (exact pairs), and MM2's syncs. Built
 * from the answers as they are, once per round, instead of copying every one into an offset-sync store.
 */
class RoundAnchors implements ExactAnchors {
  private readonly byPartition = new Map<string, KnownCheckpoint[]>();

  constructor(
    known: Iterable<KnownCheckpoint>,
    private readonly syncs: OffsetSyncStore | null,
  ) {
    for (const k of known) {
      // Only complete answers are exact pairs: an incomplete one stands for records MM2 had not copied yet.
      if (!k.complete) continue;
      const key = tpKey(k);
      const list = this.byPartition.get(key);
      if (list) list.push(k);
      else this.byPartition.set(key, [k]);
    }
  }

  anchor(topic: string, partition: number, upstream: bigint): OffsetSync | undefined {
    let best: KnownCheckpoint | undefined;
    for (const k of this.byPartition.get(tpKey({ topic, partition })) ?? []) if (k.upstream <= upstream && (!best || k.upstream > best.upstream)) best = k;
    const sync = this.syncs?.anchor(topic, partition, upstream);
    if (sync && (!best || sync.upstreamOffset > best.upstream)) return sync;
    return best && { topic, partition, upstreamOffset: best.upstream, downstreamOffset: best.downstream };
  }
}

/** What the agent knows of one group's partition: its last exact checkpoint and whether MM2 had copied that far. */
export interface KnownCheckpoint extends ExactCheckpoint {
  /** False while the group had consumed records MM2 had not copied yet: the answer moves when MM2 catches up. */
  complete: boolean;
  /** When a round last found the group's commit still at `upstream` (its staleness counts from here). */
  confirmedAt: number;
}

/** The agent's memory across rounds for one flow (seeded from the topic when it starts). */
export interface AgentFlowState {
  known: Map<string, KnownCheckpoint>;
  /** MM2's offset syncs, when readable: anchors for first walks of a partition. */
  syncs: OffsetSyncStore | null;
  /** Active-active: the reverse flow's offset syncs, anchors for partitions on copies of the target's own topics. */
  returnSyncs?: OffsetSyncStore | null;
  topicReady: boolean;
  /** Records read in earlier rounds (absent: every round reads afresh). */
  cache?: ReadCache;
  /** Checked after each slice of a round: collects the heap when it grew by a margin (see heap-keeper.ts). */
  heap?: { check(): boolean };
}

/** What a round did. */
export interface AgentRoundResult {
  flow: string;
  groups: number;
  partitions: number;
  /** Partitions whose commit moved or whose answer was incomplete, translated this round. */
  translated: number;
  written: number;
  /** Partitions no exact answer was found for this round (with why, in warnings). */
  notExact: number;
  ms: number;
  warnings: string[];
}

/** Run one round for `flow`. */
export async function agentRound(flow: FlowConfig, policy: ReplicationPolicy, source: ClusterGateway, target: ClusterGateway, state: AgentFlowState, now = Date.now): Promise<AgentRoundResult> {
  const t0 = now();
  const name = `${flow.source}->${flow.target}`;
  const warnings: string[] = [];
  const groups = (await listConsumerGroups(source)).filter((g) => flowMirrorsGroup(flow, g));
  // One OffsetFetch per coordinator for every group, not one per group. The groups are live, and a transactional one
  // always has offsets pending: the agent takes what is committed now and sees the rest on its next round.
  const byGroup = await source.committedOffsetsMany(groups, 'committed');
  const committed = groups.map((g) => byGroup.get(g) ?? []);
  // A group deleted on the source is no longer followed: its answers leave the agent's memory (not the topic, where
  // a failover may still look it up).
  const listed = new Set(groups);
  for (const [k, c] of state.known) if (!listed.has(c.group)) state.known.delete(k);
  const seenAt = now();
  const targetTopics = new Set((await target.listTopics()).map((t) => t.name));
  // Each topic's remote name, or null when the flow does not mirror it (decided once per topic, not per partition).
  const remoteOf = new Map<string, string | null>();
  const remoteTopic = (topic: string): string | null => {
    let r = remoteOf.get(topic);
    if (r === undefined) {
      const remote = policy.formatRemoteTopic(flow.source, topic);
      remoteOf.set(topic, (r = flowMirrorsTopic(flow, topic) && targetTopics.has(remote) ? remote : null));
    }
    return r;
  };
  const due: { group: string; query: ExactQuery; prev: KnownCheckpoint | undefined }[] = [];
  const returning: { group: string; query: ReturnQuery; prev: KnownCheckpoint | undefined }[] = [];
  let partitions = 0;
  groups.forEach((group, i) => {
    for (const o of committed[i]) {
      const original = returnLegTopic(policy, flow.target, o.topic);
      if (original !== null && targetTopics.has(original)) {
        // A copy of the target's own topic (active-active): where the group resumes on the original.
        partitions++;
        const prev = state.known.get(exactCheckpointKey({ group, topic: o.topic, partition: o.partition }));
        if (prev && prev.upstream === o.offset) prev.confirmedAt = seenAt;
        else returning.push({ group, prev, query: { copyTp: { topic: o.topic, partition: o.partition }, originalTp: { topic: original, partition: o.partition }, committed: o.offset } });
        continue;
      }
      const remote = remoteTopic(o.topic);
      if (remote === null) continue;
      partitions++;
      const prev = state.known.get(exactCheckpointKey({ group, topic: o.topic, partition: o.partition }));
      if (prev && prev.upstream === o.offset && prev.complete) {
        prev.confirmedAt = seenAt;
        continue;
      }
      due.push({ group, prev, query: { sourceTp: { topic: o.topic, partition: o.partition }, targetTp: { topic: remote, partition: o.partition }, upstream: o.offset } });
    }
  });
  if (due.length === 0 && returning.length === 0) return { flow: name, groups: groups.length, partitions, translated: 0, written: 0, notExact: 0, ms: now() - t0, warnings };

  // Anchors: MM2's syncs and every exact pair the agent found before (the closest below each commit wins).
  const anchors = new RoundAnchors(state.known.values(), state.syncs);
  // Each walk starts at the agent's last answer, a few records below the commit: a small first read covers it, and
  // mostly the records are still in the cache from the round before. Partitions go in slices, so that what a slice
  // decodes is garbage before the next one reads (a first round reads every partition).
  const answers = new Map<string, ExactResult | null>();
  const src = state.cache ? state.cache.reader(source) : source;
  const tgt = state.cache ? state.cache.reader(target) : target;
  const first = new Set(due.filter((d) => !d.prev?.complete).map((d) => tpKey(d.query.sourceTp)));
  const slices = [
    ...slicesByPartition(
      due.filter((d) => first.has(tpKey(d.query.sourceTp))).map((d) => d.query),
      FIRST_WALK_SLICE,
    ),
    ...slicesByPartition(
      due.filter((d) => !first.has(tpKey(d.query.sourceTp))).map((d) => d.query),
      NEXT_WALK_SLICE,
    ),
  ];
  for (const slice of slices) {
    for (const [k, v] of await exactBatch(src, tgt, anchors, slice, { prefetchBytes: AGENT_PREFETCH_BYTES })) answers.set(k, v);
    state.heap?.check();
  }

  const fresh: KnownCheckpoint[] = [];
  let notExact = 0;
  const back = returning.length
    ? await returnLegOffsets(
        source,
        target,
        state.returnSyncs ?? null,
        returning.map((r) => r.query),
      )
    : new Map<string, ReturnAnswer>();
  for (const r of returning) {
    const a = back.get(returnQueryKey(r.query))!;
    const where = `${r.group} ${r.query.copyTp.topic}-${r.query.copyTp.partition}@${r.query.committed}`;
    if (!a.exact) {
      notExact++;
      warnings.push(`${where}: no exact answer (${a.reason})`);
      continue;
    }
    const rate = r.prev && seenAt > r.prev.seenAt ? Number(r.query.committed - r.prev.upstream) / ((seenAt - r.prev.seenAt) / 1000) : null;
    fresh.push({
      group: r.group,
      topic: r.query.copyTp.topic,
      partition: r.query.copyTp.partition,
      upstream: r.query.committed,
      downstream: a.offset,
      seenAt,
      ratePerSecond: rate === null ? null : Math.round(rate * 1000) / 1000,
      complete: true,
      confirmedAt: seenAt,
    });
  }
  for (const d of due) {
    const a = answers.get(exactQueryKey(d.query));
    if (!a || !a.exact) {
      notExact++;
      warnings.push(`${d.group} ${d.query.sourceTp.topic}-${d.query.sourceTp.partition}@${d.query.upstream}: no exact answer (${a && !a.exact ? a.reason : 'no anchor at or below it'})`);
      continue;
    }
    const moved = d.prev && d.prev.upstream !== d.query.upstream;
    const rate = moved && seenAt > d.prev!.seenAt ? Number(d.query.upstream - d.prev!.upstream) / ((seenAt - d.prev!.seenAt) / 1000) : (d.prev?.ratePerSecond ?? null);
    const c: KnownCheckpoint = {
      group: d.group,
      topic: d.query.sourceTp.topic,
      partition: d.query.sourceTp.partition,
      upstream: d.query.upstream,
      downstream: a.downstream,
      // An answer completed later keeps the time its commit was first seen.
      seenAt: d.prev && !moved ? d.prev.seenAt : seenAt,
      ratePerSecond: rate === null ? null : Math.round(rate * 1000) / 1000,
      complete: a.consumedNotReplicated === 0,
      confirmedAt: seenAt,
    };
    if (d.prev && d.prev.upstream === c.upstream && d.prev.downstream === c.downstream) {
      state.known.set(exactCheckpointKey(c), c);
      continue;
    }
    fresh.push(c);
  }
  if (fresh.length > 0) {
    const topic = exactCheckpointsTopic(flow.source);
    if (!state.topicReady) {
      await target.createTopic(topic, 1, { ...EXACT_CHECKPOINTS_TOPIC_CONFIG });
      state.topicReady = true;
    }
    for (const c of fresh) state.known.set(exactCheckpointKey(c), c);
    // One record per group and topic that moved, holding every partition of it the agent knows.
    const moved = new Set(fresh.map(groupTopicKey));
    const records: KnownCheckpoint[] = [];
    for (const k of state.known.values()) if (moved.has(groupTopicKey(k))) records.push(k);
    await target.produce(topic, encodeExactCheckpointRecords(records));
  }
  if (state.cache) forgetPassed(state.cache, flow, policy, source.alias, target.alias, state.known);
  return { flow: name, groups: groups.length, partitions, translated: due.length + returning.length, written: fresh.length, notExact, ms: now() - t0, warnings };
}

/** Drop cached records below every group's last answer on their partition: the next walks start at or above it. */
function forgetPassed(cache: ReadCache, flow: FlowConfig, policy: ReplicationPolicy, sourceAlias: string, targetAlias: string, known: Map<string, KnownCheckpoint>): void {
  const lowest = new Map<string, { topic: string; partition: number; upstream: bigint; downstream: bigint }>();
  for (const k of known.values()) {
    const key = `${k.topic}:${k.partition}`;
    const l = lowest.get(key);
    if (!l) lowest.set(key, { topic: k.topic, partition: k.partition, upstream: k.upstream, downstream: k.downstream });
    else {
      if (k.upstream < l.upstream) l.upstream = k.upstream;
      if (k.downstream < l.downstream) l.downstream = k.downstream;
    }
  }
  for (const l of lowest.values()) {
    cache.forgetBelow(sourceAlias, { topic: l.topic, partition: l.partition }, l.upstream);
    cache.forgetBelow(targetAlias, { topic: policy.formatRemoteTopic(flow.source, l.topic), partition: l.partition }, l.downstream);
  }
}
