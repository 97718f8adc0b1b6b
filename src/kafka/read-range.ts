/** Reading a partition range through the gateway, batch by batch, without a consumer group. */
import type { ClusterGateway, KafkaRecord, ReadOptions, TopicPartition } from './gateway.js';

/**
 * Yield the data records of one partition from `from` (default: the log start) up to `to` (exclusive; default: the
 * high watermark when the read starts). Loops because a fetch returns at most one log segment, and stops when the
 * broker returns nothing new (e.g. only transaction markers remain before `to`).
 */
export async function* readRange(gw: ClusterGateway, tp: TopicPartition, from?: bigint, to?: bigint, options?: ReadOptions): AsyncGenerator<KafkaRecord> {
  const start = from ?? (await gw.listOffsets([tp], 'earliest'))[0].offset ?? 0n;
  const end = to ?? (await gw.listOffsets([tp], 'latest'))[0].offset ?? 0n;
  for (let offset = start; offset < end; ) {
    const r = await gw.readRecords(tp, offset, options);
    for (const rec of r.records) {
      if (rec.offset >= end) return;
      yield rec;
    }
    if (r.nextOffset <= offset) return;
    offset = r.nextOffset;
  }
}
