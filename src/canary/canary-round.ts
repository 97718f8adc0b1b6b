/**
 * One canary round through a flow: produce one sequence-numbered record per partition to the canary topic on the
 * source, then read the remote topic on the target (group-less fetches from the run's cursor, so no consumer group is
 * ever created) until every record of the round has been seen, or the timeout passes.
 */
import { isDrctlError, isUnreachable } from '../errors.js';
import { tpKey, type ClusterGateway, type TopicPartition } from '../kafka/gateway.js';
import { account, type Seen, type Sent } from './accounting.js';
import { summarise, type CanarySummary } from './summary.js';

/** The canary record's value. */
interface CanaryValue {
  drctlCanary: 1;
  seq: number;
  partition: number;
  sentAt: number;
  /**
   * The flow that sent it (`NYC->LON`). Flows from one source share its canary topic (fan-out: AGG->NYC and
   * AGG->LON), and under the identity policy flows into one target share the remote topic (NYC->AGG, LON->AGG): with
   * the same sequence numbers, one flow would count the other's records as its own duplicates. Absent in records of
   * earlier drctl versions, which every flow accepts.
   */
  flow?: string;
}

/** What a round probes: the flow (its name tags the records), the canary topic on the source and its remote copy. */
export interface CanaryProbe {
  flow: string;
  topic: string;
  remoteTopic: string;
  partitions: number;
}

/** What one round sent and saw. */
export interface RoundRecords {
  sent: Sent[];
  seen: Seen[];
}

/** Create the canary topic on the source if it does not exist; return its partition count. */
export async function ensureCanaryTopic(source: ClusterGateway, topic: string, partitions: number): Promise<number> {
  const existing = (await source.listTopics()).find((t) => t.name === topic);
  if (existing) return existing.partitions;
  await source.createTopic(topic, partitions, { 'retention.ms': String(24 * 3600_000) });
  return partitions;
}

/**
 * Where reading the remote topic starts for a run: its log end now (so that earlier runs' records are not counted),
 * or its start when it does not exist yet. The same map is the cursor of every round of the run.
 */
export async function startCursor(target: ClusterGateway, remoteTopic: string, partitions: number): Promise<Map<number, bigint>> {
  const from = new Map<number, bigint>();
  if (!(await target.listTopics()).some((t) => t.name === remoteTopic)) return from;
  const tps = Array.from({ length: partitions }, (_, partition) => ({ topic: remoteTopic, partition }));
  try {
    for (const e of await target.listOffsets(tps, 'latest')) from.set(e.partition, e.offset ?? 0n);
  } catch (e) {
    // Just created by MM2, no leader yet: it holds nothing of this run, so reading from its start is right.
    if (!isDrctlError(e) || isUnreachable(e) || !(e.retriable || e.code === 'DRCTL_UNKNOWN_TOPIC')) throw e;
  }
  return from;
}

/** Parse a canary value; null for anything else, and for a record another flow sent (when `flow` is given). */
export function parseCanary(value: Buffer | null, flow?: string): CanaryValue | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value.toString()) as CanaryValue;
    if (!v || v.drctlCanary !== 1 || !Number.isInteger(v.seq)) return null;
    return flow !== undefined && v.flow !== undefined && v.flow !== flow ? null : v;
  } catch {
    return null;
  }
}

/**
 * Run one round with sequence number `seq` on `partitions` partitions. After every record is seen, reading goes on for
 * a short grace period so that duplicates arriving right behind are counted too.
 */
export async function runRound(source: ClusterGateway, target: ClusterGateway, probe: CanaryProbe, seq: number, timeoutMs: number, from: Map<number, bigint>, graceMs = 300): Promise<RoundRecords> {
  const { flow, topic, remoteTopic, partitions } = probe;
  const tps: TopicPartition[] = Array.from({ length: partitions }, (_, partition) => ({ topic: remoteTopic, partition }));
  const sent: Sent[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const value: CanaryValue = { drctlCanary: 1, seq, partition, sentAt: Date.now(), flow };
    await source.produce(topic, [{ key: 'drctl-canary', value: JSON.stringify(value), partition, headers: { 'drctl-canary-seq': String(seq) } }]);
    sent.push({ seq, partition, ackedAt: Date.now() });
  }
  const seen: Seen[] = [];
  const deadline = Date.now() + timeoutMs;
  let allSeenAt: number | null = null;
  while (Date.now() < deadline && (allSeenAt === null || Date.now() < allSeenAt + graceMs)) {
    if ((await target.listTopics()).some((t) => t.name === remoteTopic)) {
      const reads = tps.map((tp) => ({ tp, offset: from.get(tp.partition) ?? 0n }));
      let got;
      try {
        got = await target.readRecordsMany(reads, { maxBytes: 64 * 1024 });
      } catch (e) {
        // MM2 may have just created the remote topic and its leaders are not elected yet: poll again.
        if (!isDrctlError(e) || isUnreachable(e) || !(e.retriable || e.code === 'DRCTL_UNKNOWN_TOPIC')) throw e;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const now = Date.now();
      for (const tp of tps) {
        const r = got.get(tpKey(tp));
        if (!r) continue;
        for (const rec of r.records) {
          const v = parseCanary(rec.value, flow);
          if (v) seen.push({ seq: v.seq, partition: tp.partition, seenAt: now });
        }
        if (r.nextOffset > (from.get(tp.partition) ?? 0n)) from.set(tp.partition, r.nextOffset);
      }
    }
    if (allSeenAt === null && sent.every((s) => seen.some((x) => x.seq === s.seq && x.partition === s.partition))) allSeenAt = Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  return { sent, seen };
}

/**
 * One round through a flow, read from the remote topic's end as it is now (so earlier records are not counted):
 * what `drctl canary --once` measures, for a step that checks a flow carries data (failback, incident).
 */
export async function canaryRoundThrough(source: ClusterGateway, target: ClusterGateway, flow: string, topic: string, remoteTopic: string, timeoutMs: number): Promise<CanarySummary> {
  const partitions = await ensureCanaryTopic(source, topic, 3);
  const cursor = await startCursor(target, remoteTopic, partitions);
  const r = await runRound(source, target, { flow, topic, remoteTopic, partitions }, Date.now(), timeoutMs, cursor);
  return summarise(flow, topic, remoteTopic, [account(r.sent, r.seen, timeoutMs)], null, 1);
}
