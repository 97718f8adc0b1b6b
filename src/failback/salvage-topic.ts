/**
 * Salvage to a topic on the new primary: each tail record is produced with its key, value, headers and timestamp,
 * plus headers naming where it came from (cluster, topic, partition, offset, and the original timestamp in case the
 * topic uses LogAppendTime). The topic is created with infinite retention, so the salvage stays until someone
 * replays or deletes it. A record already in the topic (an interrupted earlier run) is not produced again.
 */
import type { ClusterGateway, KafkaRecord, ProduceRecord } from '../kafka/gateway.js';
import { readRange } from '../kafka/read-range.js';
import { preconditionError } from '../errors.js';
import { digestTail, LineDigest, readTail, salvageLine, type TailRange } from './salvage-lines.js';
import type { RangeSalvage } from './salvage-dir.js';

/** Header names a salvaged record carries. */
export const SALVAGE_HEADERS = {
  cluster: 'drctl.salvage.cluster',
  topic: 'drctl.salvage.topic',
  partition: 'drctl.salvage.partition',
  offset: 'drctl.salvage.offset',
  timestamp: 'drctl.salvage.timestamp',
} as const;

const OURS = new Set<string>(Object.values(SALVAGE_HEADERS));
const CHUNK = 500;

/** A salvage topic record turned back into the source record (null for a record that is not a salvage of `cluster`). */
export function unsalvage(rec: KafkaRecord, cluster: string): { topic: string; partition: number; record: KafkaRecord } | null {
  const h = new Map(rec.headers.filter((x) => OURS.has(x.key)).map((x) => [x.key, x.value?.toString() ?? '']));
  if (h.get(SALVAGE_HEADERS.cluster) !== cluster) return null;
  const topic = h.get(SALVAGE_HEADERS.topic);
  const partition = Number(h.get(SALVAGE_HEADERS.partition));
  const offset = h.get(SALVAGE_HEADERS.offset);
  const ts = Number(h.get(SALVAGE_HEADERS.timestamp));
  if (!topic || !Number.isInteger(partition) || !offset || !/^\d+$/.test(offset)) return null;
  return { topic, partition, record: { offset: BigInt(offset), timestamp: Number.isFinite(ts) ? ts : rec.timestamp, key: rec.key, value: rec.value, headers: rec.headers.filter((x) => !OURS.has(x.key)) } };
}

/** Every salvaged record of `cluster` in the topic, by `topic:partition`, then offset (the first copy wins). */
async function readSalvage(gw: ClusterGateway, salvageTopic: string, cluster: string): Promise<Map<string, Map<bigint, KafkaRecord>>> {
  const out = new Map<string, Map<bigint, KafkaRecord>>();
  const info = (await gw.listTopics()).find((t) => t.name === salvageTopic);
  for (let p = 0; p < (info?.partitions ?? 0); p++) {
    for await (const rec of readRange(gw, { topic: salvageTopic, partition: p }, undefined, undefined, { maxBytes: 1 << 20 })) {
      const u = unsalvage(rec, cluster);
      if (!u) continue;
      const k = `${u.topic}:${u.partition}`;
      if (!out.has(k)) out.set(k, new Map());
      if (!out.get(k)!.has(u.record.offset)) out.get(k)!.set(u.record.offset, u.record);
    }
  }
  return out;
}

/** The produce request of a salvaged record. Repeated header keys become arrays (kafkajs's form). */
function salvageRecord(source: string, r: TailRange, rec: KafkaRecord, partitions: number): ProduceRecord {
  const headers: Record<string, (Buffer | string)[]> = {};
  for (const h of rec.headers) (headers[h.key] ??= []).push(h.value ?? Buffer.alloc(0));
  Object.assign(headers, {
    [SALVAGE_HEADERS.cluster]: [source],
    [SALVAGE_HEADERS.topic]: [r.topic],
    [SALVAGE_HEADERS.partition]: [String(r.partition)],
    [SALVAGE_HEADERS.offset]: [rec.offset.toString()],
    [SALVAGE_HEADERS.timestamp]: [String(rec.timestamp)],
  });
  return { key: rec.key, value: rec.value, headers, timestamp: rec.timestamp, partition: r.partition % partitions };
}

/** Produce every tail record that the salvage topic does not hold yet. */
export async function salvageToTopic(source: ClusterGateway, target: ClusterGateway, salvageTopic: string, ranges: readonly TailRange[]): Promise<RangeSalvage[]> {
  await target.createTopic(salvageTopic, 1, { 'retention.ms': '-1', 'retention.bytes': '-1' });
  const partitions = (await target.listTopics()).find((t) => t.name === salvageTopic)!.partitions;
  const have = await readSalvage(target, salvageTopic, source.alias);
  const out: RangeSalvage[] = [];
  for (const r of ranges) {
    const there = have.get(`${r.topic}:${r.partition}`) ?? new Map();
    const d = new LineDigest();
    let batch: ProduceRecord[] = [];
    let produced = 0;
    for await (const rec of readTail(source, r)) {
      d.add(salvageLine(r.topic, r.partition, rec), rec);
      if (there.has(rec.offset)) continue;
      batch.push(salvageRecord(source.alias, r, rec, partitions));
      if (batch.length >= CHUNK) {
        await target.produce(salvageTopic, batch);
        produced += batch.length;
        batch = [];
      }
    }
    if (batch.length) await target.produce(salvageTopic, batch);
    produced += batch.length;
    out.push({ ...r, records: d.records, sha256: d.hex(), status: produced === 0 ? 'already salvaged' : 'salvaged', where: `${target.alias} ${salvageTopic}` });
  }
  return out;
}

/** Verify before cleanup: per range, the salvaged records read back equal the source's committed records there. */
export async function verifySalvageTopic(source: ClusterGateway, target: ClusterGateway, salvageTopic: string, ranges: readonly TailRange[]): Promise<{ ranges: number; records: number }> {
  const have = await readSalvage(target, salvageTopic, source.alias);
  let records = 0;
  for (const r of ranges) {
    const there = [...(have.get(`${r.topic}:${r.partition}`)?.values() ?? [])].filter((x) => x.offset >= r.from && x.offset < r.to).sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
    const salvaged = new LineDigest();
    for (const rec of there) salvaged.add(salvageLine(r.topic, r.partition, rec), rec);
    const expected = await digestTail(source, r);
    if (salvaged.records !== expected.records || salvaged.hex() !== expected.hex()) {
      throw preconditionError(
        'DRCTL_PRECONDITION',
        `salvage check failed: ${target.alias} ${salvageTopic} holds ${salvaged.records} record(s) of ${source.alias} ${r.topic}-${r.partition} [${r.from}, ${r.to}), the source holds ${expected.records} (or their contents differ)`,
        'nothing was deleted; run failback again to salvage the rest',
      );
    }
    records += expected.records;
  }
  return { ranges: ranges.length, records };
}
