/** Reads what a translation needs from the clusters of a flow: checkpoints, offset syncs, committed offsets, groups. */
import { readExactCheckpoints } from '../checkpoints/exact-checkpoints.js';
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { DrctlError, isUnreachable, usageError } from '../errors.js';
import type { ClusterGateway, PartitionOffset, TopicInfo } from '../kafka/gateway.js';
import { readCheckpoints } from '../mm2/checkpoint-reader.js';
import type { OffsetSyncSnapshot } from '../mm2/offset-sync-reader.js';
import { offsetSyncsHome, readFlowOffsetSyncs } from '../mm2/offset-syncs-home.js';
import type { ExactMemo } from './exact-batch.js';
import type { OffsetSyncStore } from '../mm2/offset-sync-store.js';
import { returnLegTopic } from './return-leg.js';
import { listConsumerGroups } from '../offsets/reset-snapshot.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import type { TranslateInputs, TranslateMethod } from './translate-groups.js';

/** What the caller asks for. */
export interface TranslateRequest {
  flow: FlowConfig;
  method: TranslateMethod;
  groups: string[];
  allGroups: boolean;
  timeoutMs: number;
  /** Translate from the target's checkpoints and syncs only, without asking the source (unplanned failover). */
  targetOnly?: boolean;
  /**
   * What the caller read moments ago and need not be read again (a planned failover's waits): the flow's offset
   * syncs, the groups' commits on the source, and the exact answers of its walks; a report, the target's topics.
   */
  preread?: { syncs?: OffsetSyncSnapshot; committed?: Map<string, PartitionOffset[]>; exactMemo?: ExactMemo; targetTopics?: readonly TopicInfo[] };
}

/** Inputs plus the resolved group list and the warnings of the reads. */
export interface GatheredInputs {
  inputs: TranslateInputs;
  groups: string[];
  sourceReachable: boolean;
  warnings: string[];
}

/** Compiled filters, by pattern (a flow's few patterns are matched against every partition of every round). */
const compiled = new Map<string, RegExp>();
const fullMatch = (patterns: readonly string[], s: string): boolean =>
  patterns.some((p) => {
    let re = compiled.get(p);
    if (!re) compiled.set(p, (re = new RegExp(`^(?:${p})$`)));
    return re.test(s);
  });

/** Is a topic mirrored by this flow (MM2's topic filter)? */
export const flowMirrorsTopic = (flow: FlowConfig, topic: string): boolean => fullMatch(flow.topics, topic) && !fullMatch(flow.topicsExclude, topic);

/** Is a group mirrored by this flow (MM2's group filter)? */
export const flowMirrorsGroup = (flow: FlowConfig, group: string): boolean => fullMatch(flow.groups, group) && !fullMatch(flow.groupsExclude, group);

/**
 * Active-active: the reverse flow's offset syncs (`flow.target` -> `flow.source`), which anchor the walks of groups
 * on the source that read copies of the target's own topics. Undefined without a reverse flow; null when its syncs
 * topic does not exist.
 */
export async function readReturnSyncs(config: DrctlConfig, flow: FlowConfig, source: ClusterGateway, target: ClusterGateway, timeoutMs: number): Promise<OffsetSyncStore | null | undefined> {
  if (!config.flows.some((f) => f.source === flow.target && f.target === flow.source)) return undefined;
  // The reverse flow's source is this flow's target, and its target this flow's source.
  const snap = (await readFlowOffsetSyncs(config, { source: flow.target, target: flow.source }, target, source, timeoutMs))!;
  return snap.exists ? snap.store : null;
}

/** Read everything the requested method needs; the source may be unreachable for checkpoints/auto. */
export async function gatherTranslateInputs(config: DrctlConfig, req: TranslateRequest, source: ClusterGateway, target: ClusterGateway): Promise<GatheredInputs> {
  const { flow, method } = req;
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  const warnings: string[] = [];
  const targetTopics = new Set((req.preread?.targetTopics ?? (await target.listTopics())).map((t) => t.name));

  let sourceReachable = false;
  if (method !== 'checkpoints' && !req.targetOnly) {
    try {
      await source.describeCluster();
      sourceReachable = true;
    } catch (e) {
      if (method !== 'auto' || !isUnreachable(e)) throw e;
      warnings.push(`source ${flow.source} is unreachable (${e.message}); translating from checkpoints`);
    }
  }
  const useSource = sourceReachable;
  const checkpoints = method === 'checkpoints' || method === 'auto' ? await readCheckpoints(target, policy.checkpointsTopic(flow.source), req.timeoutMs) : null;
  if (checkpoints && !checkpoints.exists) warnings.push(`${checkpoints.topic} does not exist on ${flow.target}: MM2 has emitted no checkpoints for this flow`);
  let syncs = null;
  // Without the source, offset syncs kept on the target still refine the checkpoints (auto).
  const home = offsetSyncsHome(config, flow);
  if (useSource || (method === 'auto' && home.onTarget)) {
    const snap = req.preread?.syncs ?? (await readFlowOffsetSyncs(config, flow, source, target, req.timeoutMs))!;
    if (!snap.exists) warnings.push(`offset-syncs topic ${snap.topic} not found on ${home.alias} (is offsetSyncs.location right?)`);
    warnings.push(...snap.warnings);
    syncs = snap.store;
  }
  warnings.push(...(checkpoints?.warnings ?? []));
  const returnSyncs = useSource ? await readReturnSyncs(config, flow, source, target, req.timeoutMs) : undefined;
  // Source gone: drctl agent's exact checkpoints on the target are the best evidence where they are newer.
  const agentCheckpoints = !useSource && method === 'auto' ? await readExactCheckpoints(target, flow.source, req.timeoutMs) : null;
  warnings.push(...(agentCheckpoints?.warnings ?? []));
  // Their duplicate estimate is capped by what the target holds after each checkpoint: the group cannot have
  // consumed more records than exist.
  const agentTps = [...(agentCheckpoints?.groups.values() ?? [])]
    .flatMap((m) => [...m.values()])
    .map((c) => ({ topic: returnLegTopic(policy, flow.target, c.topic) ?? policy.formatRemoteTopic(flow.source, c.topic), partition: c.partition }))
    .filter((tp) => targetTopics.has(tp.topic));
  const unique = [...new Map(agentTps.map((tp) => [`${tp.topic}:${tp.partition}`, tp])).values()];
  const agentTargetEnds = new Map((unique.length ? await target.listOffsets(unique, 'latest') : []).map((o) => [`${o.topic}:${o.partition}`, o.offset ?? 0n]));

  let groups = [...new Set(req.groups)];
  if (req.allGroups) {
    const found = useSource ? await listConsumerGroups(source) : [...new Set([...(checkpoints?.groups.keys() ?? []), ...(agentCheckpoints?.groups.keys() ?? [])])];
    groups = found.filter((g) => flowMirrorsGroup(flow, g)).sort();
  }
  if (groups.length === 0) throw usageError(req.allGroups ? `no consumer groups found for ${flow.source}->${flow.target}` : 'no group given', 'pass --group NAME (repeatable) or --all-groups');

  let committed: Map<string, PartitionOffset[]> | null = null;
  if (useSource) {
    // One OffsetFetch per coordinator for all the groups (a failover of hundreds of groups sent one per group).
    const pre = req.preread?.committed;
    const byGroup = pre && groups.every((g) => pre.has(g)) ? pre : await source.committedOffsetsMany(groups);
    committed = new Map(groups.map((g) => [g, byGroup.get(g) ?? []]));
  }
  const known = groups.filter((g) => (committed?.get(g)?.length ?? 0) > 0 || checkpoints?.groups.has(g) || agentCheckpoints?.groups.has(g));
  const unknown = groups.filter((g) => !known.includes(g));
  if (known.length === 0) {
    throw new DrctlError('DRCTL_UNKNOWN_GROUP', `unknown group${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: no committed offsets on ${flow.source}${useSource ? '' : ' (unreachable)'} and no checkpoints on ${flow.target}`, {
      hint: 'check the group name; list groups with kafka-consumer-groups --list',
    });
  }
  for (const g of unknown) warnings.push(`group ${g}: no committed offsets on ${flow.source} and no checkpoints on ${flow.target}; skipped`);
  return {
    inputs: { source: useSource ? source : null, target, sourceAlias: flow.source, policy, checkpoints, syncs, committed, targetTopics, now: Date.now(), agentCheckpoints, agentTargetEnds, returnSyncs, exactMemo: req.preread?.exactMemo },
    groups: known,
    sourceReachable,
    warnings,
  };
}
