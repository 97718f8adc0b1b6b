/**
 * Fencing the source for a planned switchover, so that it is exact for producers as well as consumers: no record
 * written to the old source after the cut can be lost or left behind.
 * - `acl`: DENY WRITE for every principal on the source topics the moved groups read (journaled; lifted by
 *   `drctl fence remove` or failback), then wait until their log ends stop moving;
 * - `check` (no authorizer): refuse the switchover while those topics are still being written.
 */
import { GROUP_PARALLELISM, mapLimit } from '../async/map-limit.js';
import type { FlowConfig } from '../config/types.js';
import { DrctlError } from '../errors.js';
import type { ClusterGateway, TopicPartition } from '../kafka/gateway.js';
import { tpKey } from '../kafka/gateway.js';
import { appendJournal, readJournal } from '../journal/journal.js';
import { flowMirrorsTopic } from '../translate/gather-inputs.js';
import { selectGroups } from '../failover/group-selection.js';
import { listConsumerGroups } from '../offsets/reset-snapshot.js';

/** How a failover fences the source. */
export type FenceMode = 'none' | 'check' | 'acl';

/** The source topics (and their partitions) the groups have committed offsets on, within the flow. */
export async function fenceScope(flow: FlowConfig, groups: readonly string[], source: ClusterGateway): Promise<{ topics: string[]; partitions: TopicPartition[] }> {
  const committed = await mapLimit(groups, GROUP_PARALLELISM, (g) => source.committedOffsets(g, 'committed')); // topic names only: live groups must not stall it
  const topics = [...new Set(committed.flat().map((o) => o.topic))].filter((t) => flowMirrorsTopic(flow, t)).sort();
  const sizes = new Map((await source.listTopics()).map((t) => [t.name, t.partitions]));
  return { topics, partitions: topics.flatMap((topic) => Array.from({ length: sizes.get(topic) ?? 0 }, (_, partition) => ({ topic, partition }))) };
}

/** The partitions whose log end moved between two reads `windowMs` apart, with how many records. */
export async function writesDuring(source: ClusterGateway, partitions: readonly TopicPartition[], windowMs: number): Promise<{ tp: TopicPartition; records: bigint }[]> {
  if (partitions.length === 0) return [];
  const before = new Map((await source.listOffsets(partitions, 'latest')).map((o) => [tpKey(o), o.offset ?? 0n]));
  await new Promise((r) => setTimeout(r, windowMs));
  const after = await source.listOffsets(partitions, 'latest');
  return after.flatMap((o) => {
    const d = (o.offset ?? 0n) - (before.get(tpKey(o)) ?? 0n);
    return d > 0n ? [{ tp: { topic: o.topic, partition: o.partition }, records: d }] : [];
  });
}

/** Refuse (exit 3) while any of `partitions` is still being written: `--fence check`. */
export async function refuseWhileWritten(source: ClusterGateway, partitions: readonly TopicPartition[], windowMs = 2000): Promise<void> {
  const moving = await writesDuring(source, partitions, windowMs);
  if (moving.length === 0) return;
  throw new DrctlError('DRCTL_PRECONDITION', `${source.alias} is still being written: ${moving.map((m) => `${m.tp.topic}-${m.tp.partition} +${m.records}`).join(', ')} in ${windowMs / 1000} s; a switchover now would leave those records behind`, {
    hint: 'stop the producers first, or use --fence acl on a cluster with an authorizer',
  });
}

/**
 * Wait until none of `partitions` moves for `quietMs` (the fence has taken effect and in-flight batches landed),
 * bounded by `timeoutMs`. A topic still written after that is refused (a super user's producer is never fenced).
 */
export async function awaitWritesStopped(source: ClusterGateway, partitions: readonly TopicPartition[], timeoutMs: number, quietMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: { tp: TopicPartition; records: bigint }[] = [];
  while (Date.now() + quietMs <= deadline) {
    last = await writesDuring(source, partitions, quietMs);
    if (last.length === 0) return;
  }
  throw new DrctlError('DRCTL_PRECONDITION', `${source.alias}: writes go on despite the fence: ${last.map((m) => `${m.tp.topic}-${m.tp.partition} +${m.records}`).join(', ')} (a super user, which no ACL denies?)`, {
    hint: 'stop that producer; the fence was lifted again, nothing failed over',
  });
}

/** A fence as the journal records it. */
export interface FenceRecord {
  cluster: string;
  topics: string[];
}

/** Journal a fence put up or lifted. */
export function journalFence(stateDir: string, command: string, cluster: string, topics: readonly string[], on: boolean, reason: string | null): void {
  appendJournal(stateDir, {
    type: 'step',
    command,
    cluster,
    reason,
    runId: `fence-${Date.now()}`,
    step: on ? 'fence: deny writes' : 'fence: lift',
    status: 'done',
    detail: `${on ? 'DENY WRITE for User:* on' : 'lifted the fence of'} ${topics.length} topic(s) of ${cluster}`,
    ms: 0,
    fence: { cluster, topics: [...topics], on },
  });
}

/** The topics of `cluster` fenced by drctl and not lifted since, from the journal. */
export function activeFence(stateDir: string, cluster: string): string[] {
  const fenced = new Set<string>();
  for (const e of readJournal(stateDir)) {
    const f = e.fence as { cluster: string; topics: string[]; on: boolean } | undefined;
    if (!f || f.cluster !== cluster) continue;
    for (const t of f.topics) {
      if (f.on) fenced.add(t);
      else fenced.delete(t);
    }
  }
  return [...fenced].sort();
}

/** What a failover asks to fence. */
export interface FenceRequest {
  mode: FenceMode;
  flow: FlowConfig;
  groups: readonly string[];
  allGroups: boolean;
  groupsRegex?: string;
  stateDir: string;
  reason: string | null;
  /** How long the writes may take to stop once fenced. */
  waitTimeoutMs: number;
  progress: (message: string) => void;
}

/**
 * Run a planned switchover behind a fence. `check`: refuse while the groups' source topics are written. `acl`:
 * deny writes to them, wait until they stop, then run; the fence stays when groups moved (the old source must take
 * no more writes), and is lifted again when nothing moved or anything failed.
 */
export async function withSourceFence<T>(req: FenceRequest, source: ClusterGateway, run: () => Promise<T>, moved: (value: T) => boolean): Promise<{ value: T; fenced: string[] }> {
  if (req.mode === 'none') return { value: await run(), fenced: [] };
  const found = req.allGroups || req.groupsRegex ? selectGroups(req.flow, await listConsumerGroups(source), req.groupsRegex) : [...req.groups];
  const scope = await fenceScope(req.flow, found, source);
  if (req.mode === 'check') {
    req.progress(`checking that ${scope.topics.length} topic(s) of ${source.alias} are not being written ...`);
    await refuseWhileWritten(source, scope.partitions);
    return { value: await run(), fenced: [] };
  }
  if (scope.topics.length === 0) return { value: await run(), fenced: [] };
  await source.setWriteFence(scope.topics, true);
  journalFence(req.stateDir, 'failover', source.alias, scope.topics, true, req.reason);
  req.progress(`fenced ${scope.topics.length} topic(s) of ${source.alias} (DENY WRITE for User:*); waiting until their writes stop ...`);
  const lift = async () => {
    await source.setWriteFence(scope.topics, false);
    journalFence(req.stateDir, 'failover', source.alias, scope.topics, false, req.reason);
  };
  let value: T;
  try {
    await awaitWritesStopped(source, scope.partitions, req.waitTimeoutMs);
    value = await run();
  } catch (e) {
    await lift();
    throw e;
  }
  if (!moved(value)) {
    await lift();
    return { value, fenced: [] };
  }
  return { value, fenced: scope.topics };
}
