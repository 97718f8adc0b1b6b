/**
 * Readiness: a GO / NO-GO verdict per flow and per consumer group, with the reasons, answering "if the source died
 * now, could these groups resume on the target?".
 * - Flow: the target must answer and the mirror must be alive (a recent heartbeat).
 * - Group: not active on the target; checkpoints not stale (a checkpoint is stale when it is older than the limit and
 *   the group has committed further on the source since, or when the group has committed on a partition for longer
 *   than the limit without any checkpoint); and no topic drift that would break it on the target: fewer partitions
 *   than the source, or a retention on the target shorter than the group's lag (the records it has yet to read would
 *   be gone); and, when the target has an authorizer and the config names the group's principal (groupPrincipals),
 *   READ on the group and on each of its topics there. Checks that cannot run are listed under `skipped`.
 */
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { isDrctlError, isUnreachable } from '../errors.js';
import type { AclBinding, ClusterGateway, PartitionOffset } from '../kafka/gateway.js';
import { missingReads } from './acl-check.js';
import { readCheckpoints } from '../mm2/checkpoint-reader.js';
import { replicationPolicyFor } from '../mm2/replication-policy.js';
import { activityText, isInactive } from '../groups/activity.js';
import { mapLimit, GROUP_PARALLELISM } from '../async/map-limit.js';

/** One verdict. */
export interface Verdict {
  flow: string;
  /** null for the flow's own verdict. */
  group: string | null;
  go: boolean;
  reasons: string[];
  /** Checks that could not run, and why (not a NO-GO by themselves). */
  skipped: string[];
}

/** The verdict over every flow and group: GO only when each of them is, else the ones that are not. */
export interface OverallVerdict {
  verdict: 'GO' | 'NO-GO';
  /** The NO-GO flows and groups, as `NYC->LON` and `NYC->LON group orders-svc`, in the order of the verdicts. */
  noGo: string[];
}

/** Fold the verdicts of every flow (and group) into one, naming the NO-GO ones: with several flows, which one blocks. */
export function overallVerdict(verdicts: readonly Verdict[]): OverallVerdict {
  const noGo = verdicts.filter((v) => !v.go).map((v) => (v.group === null ? v.flow : `${v.flow} group ${v.group}`));
  return { verdict: noGo.length ? 'NO-GO' : 'GO', noGo };
}

/** The overall line of `drctl status`: `overall: GO`, or `overall: NO-GO: NYC->LON, LON->NYC group billing`. */
export const overallText = (o: OverallVerdict): string => (o.verdict === 'GO' ? 'overall: GO' : `overall: NO-GO: ${o.noGo.join(', ')}`);

/** Limits of the checks. */
export interface ReadinessLimits {
  maxHeartbeatAgeSeconds: number;
  maxCheckpointAgeSeconds: number;
}

/** Defaults: MM2 emits heartbeats every second and checkpoints every 60 s by default; allow for both. */
export const DEFAULT_READINESS: ReadinessLimits = { maxHeartbeatAgeSeconds: 30, maxCheckpointAgeSeconds: 180 };

const ageOf = (now: number, ts: number): number => Math.max(0, Math.round((now - ts) / 100) / 10);

/** The flow's verdict from what status already measured. */
export function flowVerdict(flow: string, target: string, targetReachable: boolean, heartbeatAgeSeconds: number | null, limits: ReadinessLimits): Verdict {
  const reasons: string[] = [];
  if (!targetReachable) reasons.push(`the target ${target} is unreachable`);
  else if (heartbeatAgeSeconds === null) reasons.push(`no MM2 heartbeat on ${target}: the mirror has never run for this flow`);
  else if (heartbeatAgeSeconds > limits.maxHeartbeatAgeSeconds) reasons.push(`the mirror has stalled: newest heartbeat ${heartbeatAgeSeconds} s old (limit ${limits.maxHeartbeatAgeSeconds} s)`);
  return { flow, group: null, go: reasons.length === 0, reasons, skipped: [] };
}

/** Verdicts for `groups` (every group with checkpoints when empty) of a flow whose target answers. */
export async function groupVerdicts(config: DrctlConfig, f: FlowConfig, source: ClusterGateway, target: ClusterGateway, groups: readonly string[], limits: ReadinessLimits, timeoutMs: number, now = Date.now()): Promise<Verdict[]> {
  const flow = `${f.source}->${f.target}`;
  const policy = replicationPolicyFor(config.replicationPolicy, f.source);
  const cps = await readCheckpoints(target, policy.checkpointsTopic(f.source), timeoutMs);
  const names = (groups.length ? [...groups] : [...cps.groups.keys()]).sort();
  if (names.length === 0) return [];
  let src: ClusterGateway | null = source;
  try {
    await source.describeCluster();
  } catch (e) {
    if (!isUnreachable(e)) throw e;
    src = null;
  }
  const [states, targetTopics, sourceTopics] = await Promise.all([target.describeGroups(names), target.listTopics(), src ? src.listTopics() : Promise.resolve(null)]);
  const state = new Map(states.map((s) => [s.groupId, s]));
  const targetCount = new Map(targetTopics.map((t) => [t.name, t.partitions]));
  const sourceCount = sourceTopics ? new Map(sourceTopics.map((t) => [t.name, t.partitions])) : null;
  const committed = src ? await mapLimit(names, GROUP_PARALLELISM, (g) => src!.committedOffsets(g, 'committed')) : names.map(() => [] as PartitionOffset[]);
  const remoteTopics = [
    ...new Set(
      committed
        .flat()
        .map((o) => policy.formatRemoteTopic(f.source, o.topic))
        .filter((t) => targetCount.has(t)),
    ),
  ];
  const retention = await target.topicConfigs(remoteTopics, ['retention.ms']);
  let acls: AclBinding[] | null = null;
  let aclProblem: string | null = null;
  try {
    acls = await target.listAcls();
  } catch (e) {
    aclProblem = `ACLs: cannot read them on ${f.target} (${isDrctlError(e) ? e.message : String(e)})`;
  }

  return Promise.all(
    names.map(async (group, i): Promise<Verdict> => {
      const reasons: string[] = [];
      const skipped: string[] = [];
      const s = state.get(group);
      if (s && !isInactive(s)) reasons.push(`active on ${f.target} (${activityText(s)}): its consumers there would not resume from the failed-over offsets`);
      const groupCps = cps.groups.get(group);
      if (!src) {
        skipped.push(`${f.source} unreachable: checkpoint staleness, partitions and retention not compared`);
        const oldest = Math.min(...[...(groupCps?.values() ?? [])].map((c) => c.emittedAt));
        if (!groupCps) reasons.push(`no checkpoint on ${f.target}`);
        else if (ageOf(now, oldest) > limits.maxCheckpointAgeSeconds) skipped.push(`oldest checkpoint ${ageOf(now, oldest)} s old`);
      } else {
        if (committed[i].length === 0 && !groupCps) reasons.push(`unknown group: no committed offsets on ${f.source} and no checkpoints on ${f.target}`);
        for (const o of committed[i]) {
          const remote = policy.formatRemoteTopic(f.source, o.topic);
          if (!targetCount.has(remote)) {
            reasons.push(`${remote} does not exist on ${f.target}`);
            continue;
          }
          const cp = groupCps?.get(`${remote}:${o.partition}`);
          const age = cp ? ageOf(now, cp.emittedAt) : null;
          if (cp && cp.upstreamOffset !== o.offset && age! > limits.maxCheckpointAgeSeconds) reasons.push(`stale checkpoint for ${o.topic}-${o.partition}: ${age} s old at offset ${cp.upstreamOffset}, the group has committed ${o.offset} on ${f.source} since`);
          if (!cp) reasons.push(`no checkpoint for ${o.topic}-${o.partition}, where the group has committed ${o.offset} on ${f.source} (MM2 cannot translate it, or has not seen the group yet): a failover would fall back`);
        }
        for (const t of new Set(committed[i].map((o) => o.topic))) {
          const remote = policy.formatRemoteTopic(f.source, t);
          const sp = sourceCount?.get(t);
          const tp = targetCount.get(remote);
          if (sp !== undefined && tp !== undefined && tp < sp) reasons.push(`${remote} has ${tp} partitions on ${f.target}, ${t} has ${sp} on ${f.source}: consumers would miss partitions`);
        }
        reasons.push(...(await retentionDrift(src, committed[i], retention, policy.formatRemoteTopic.bind(policy, f.source), f.target, now)));
      }
      // ACLs: only with an authorizer on the target, and only for a group whose principal the config names.
      const topicsOnTarget = [...new Set([...committed[i].map((o) => policy.formatRemoteTopic(f.source, o.topic)), ...[...(groupCps?.values() ?? [])].map((c) => c.topic)])].filter((t) => targetCount.has(t));
      const principal = config.groupPrincipals?.[group] ?? config.groupPrincipals?.['*'];
      if (aclProblem) skipped.push(aclProblem);
      else if (acls === null) skipped.push(`ACLs: no authorizer on ${f.target}`);
      else if (!principal) skipped.push(`ACLs: no principal configured for ${group} (groupPrincipals in drctl.yaml)`);
      else {
        const missing = missingReads(acls, principal, group, topicsOnTarget);
        if (missing.length) reasons.push(`${principal} lacks ${missing.join(', ')} on ${f.target}: its consumers would be refused there`);
      }
      return { flow, group, go: reasons.length === 0, reasons, skipped };
    }),
  );
}

/** A retention on the target shorter than the age of the oldest record the group has yet to read. */
async function retentionDrift(source: ClusterGateway, committed: PartitionOffset[], retention: Map<string, Record<string, string>>, remote: (t: string) => string, targetAlias: string, now: number): Promise<string[]> {
  const out: string[] = [];
  for (const o of committed) {
    const ms = Number(retention.get(remote(o.topic))?.['retention.ms'] ?? '-1');
    if (!(ms >= 0)) continue;
    const r = await source.readRecords({ topic: o.topic, partition: o.partition }, o.offset, { maxBytes: 64 * 1024 });
    const next = r.records.find((x) => x.offset >= o.offset);
    if (next && now - next.timestamp > ms) out.push(`retention.ms of ${remote(o.topic)} on ${targetAlias} is ${ms}, but the group's next record in ${o.topic}-${o.partition} is ${ageOf(now, next.timestamp)} s old: it would be deleted before it is read`);
  }
  return out;
}
