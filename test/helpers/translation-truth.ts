/**
 * Independent truth for translation tests: every produced value is unique, so the record a group reads next
 * (the first source record at or after U that reached the target) has exactly one meaning on the target.
 */
import type { ClusterGateway, KafkaRecord, TopicPartition } from '../../src/kafka/gateway.js';
import { readRange } from '../../src/kafka/read-range.js';

/** All data records of a partition. */
export async function allRecords(gw: ClusterGateway, tp: TopicPartition): Promise<KafkaRecord[]> {
  const out: KafkaRecord[] = [];
  for await (const r of readRange(gw, tp)) out.push(r);
  return out;
}

/** The true downstream offset for committed source offset U. */
export function truthFor(source: KafkaRecord[], target: KafkaRecord[], targetEnd: bigint, u: bigint): bigint {
  const firstOnTarget = new Map<string, bigint>();
  for (const r of target) {
    const v = r.value?.toString() ?? '';
    if (!firstOnTarget.has(v)) firstOnTarget.set(v, r.offset);
  }
  // Copies of records the group already consumed may follow later (duplicates): the answer is the first target
  // offset after which every record is either the next one or later.
  for (const r of source) {
    if (r.offset < u) continue;
    const at = firstOnTarget.get(r.value?.toString() ?? '');
    if (at !== undefined) return at;
  }
  return targetEnd;
}
