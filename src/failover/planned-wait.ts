/**
 * Planned failover waits for two conditions before translating: every group is inactive on the source (its
 * consumers were stopped), and the mirror has copied every record up to the source's log end for the groups'
 * partitions. Both are polled against the clusters until true or `timeoutMs` passes.
 */
import { DrctlError } from '../errors.js';
import { tpKey, type ClusterGateway, type PartitionOffset } from '../kafka/gateway.js';
import type { ReplicationPolicy } from '../mm2/replication-policy.js';
import { exactBatch, exactQueryKey, type ExactMemo } from '../translate/exact-batch.js';
import type { OffsetSyncStore } from '../mm2/offset-sync-store.js';
import { activityText, isInactive } from '../groups/activity.js';

import { setTimeout as sleep } from 'node:timers/promises';
import type { StepContext } from '../workflow/step-runner.js';

/** Poll until `check` returns null (done) or a string (what is still missing), within `timeoutMs`; an aborted run stops waiting. */
async function waitUntil(check: () => Promise<string | null>, timeoutMs: number, ctx: StepContext, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const missing = await check();
    if (missing === null) return;
    if (Date.now() > end) throw new DrctlError('DRCTL_WAIT_TIMEOUT', `${what} did not happen within ${Math.round(timeoutMs / 1000)} s: ${missing}`, { hint: 'stop the consumers on the source, check MM2 (drctl status), or raise --timeout' });
    if (ctx.signal?.aborted) throw new DrctlError('DRCTL_CANCELLED', `cancelled while waiting for ${what}: ${missing}`, { hint: 'nothing was changed; run the same command again' });
    ctx.progress(`waiting: ${missing}`);
    await sleep(500, undefined, { signal: ctx.signal }).catch(() => undefined);
  }
}

/** Wait until the groups are inactive on the source. */
export function awaitSourceDrained(source: ClusterGateway, groups: string[], timeoutMs: number, ctx: StepContext): Promise<void> {
  return waitUntil(
    async () => {
      const active = (await source.describeGroups(groups)).filter((g) => !isInactive(g));
      return active.length === 0 ? null : `groups still active on ${source.alias}: ${active.map((g) => `${g.groupId} (${activityText(g)})`).join(', ')}`;
    },
    timeoutMs,
    ctx,
    'the groups stopping on the source',
  );
}

/**
 * Wait until the target holds a copy of every source record below the source log end, for the partitions the
 * groups committed on (`partitions`: their commits). The walks' final answers, for the log ends and for the
 * commits, go to `memo`, for the steps after the wait.
 */
export function awaitMirrorCaughtUp(
  source: ClusterGateway,
  target: ClusterGateway,
  partitions: PartitionOffset[],
  policy: ReplicationPolicy,
  sourceAlias: string,
  readSyncs: () => Promise<OffsetSyncStore>,
  timeoutMs: number,
  ctx: StepContext,
  memo?: ExactMemo,
): Promise<void> {
  const tps = [...new Map(partitions.map((p) => [tpKey(p), { topic: p.topic, partition: p.partition }])).values()];
  return waitUntil(
    async () => {
      const [ends, starts, onTarget] = await Promise.all([source.listOffsets(tps, 'latest'), source.listOffsets(tps, 'earliest'), target.listTopics()]);
      const remoteTopics = new Set(onTarget.map((t) => t.name));
      const syncs = await readSyncs();
      const behind: string[] = [];
      for (const t of new Set(tps.map((tp) => tp.topic))) {
        if (!remoteTopics.has(policy.formatRemoteTopic(sourceAlias, t))) behind.push(`${t} (${policy.formatRemoteTopic(sourceAlias, t)} not created on ${target.alias} yet)`);
      }
      // A partition with no records left on the source has nothing to copy.
      const start = new Map(starts.map((s) => [tpKey(s), s.offset ?? 0n]));
      const queries = ends
        .filter((e) => (e.offset ?? 0n) > (start.get(tpKey(e)) ?? 0n) && remoteTopics.has(policy.formatRemoteTopic(sourceAlias, e.topic)))
        .map((e) => ({ sourceTp: { topic: e.topic, partition: e.partition }, targetTp: { topic: policy.formatRemoteTopic(sourceAlias, e.topic), partition: e.partition }, upstream: e.offset ?? 0n }));
      // The groups' commits ride along: the same walks answer them, and once the mirror has caught up those answers
      // are final and go to `memo`, so the translation after the wait walks nothing again.
      const walked = new Set(queries.map((q) => tpKey(q.sourceTp)));
      const commits = partitions.filter((p) => walked.has(tpKey(p))).map((p) => ({ sourceTp: { topic: p.topic, partition: p.partition }, targetTp: { topic: policy.formatRemoteTopic(sourceAlias, p.topic), partition: p.partition }, upstream: p.offset }));
      const answers = await exactBatch(source, target, syncs, [...queries, ...commits], { memo });
      for (const q of queries) {
        const r = answers.get(exactQueryKey(q));
        const name = `${q.sourceTp.topic}-${q.sourceTp.partition}`;
        if (!r) behind.push(`${name} (no offset sync yet)`);
        else if (!r.exact) behind.push(`${name} (${r.reason})`);
        else if (r.consumedNotReplicated > 0) behind.push(`${name} (${r.consumedNotReplicated} records to copy)`);
      }
      return behind.length === 0 ? null : `mirror behind on ${behind.join(', ')}`;
    },
    timeoutMs,
    ctx,
    'the mirror catching up',
  );
}
