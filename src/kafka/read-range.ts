/** Reading a partition range through the gateway, batch by batch, without a consumer group. */
import type { ClusterGateway, KafkaRecord, ReadOptions, ReadResult, TopicPartition } from './gateway.js';

/**
 * Yield the data records of one partition from `from` (default: the log start) up to `to` (exclusive; default: the
 * high watermark when the read starts), one fetch's records at a time. Loops because a fetch returns at most one log
 * segment, and stops when the broker returns nothing new (e.g. only transaction markers remain before `to`). `first`,
 * when given, is a read at `from` done earlier (e.g. batched with other partitions by readRecordsMany) and is used
 * instead of the first fetch. `reached`, when given, is kept at the offset reading has got to, so a caller can tell
 * whether `to` was reached (read_committed stops early at an open transaction). Batches are never empty.
 */
export async function* readRangeBatches(gw: ClusterGateway, tp: TopicPartition, from?: bigint, to?: bigint, options?: ReadOptions, first?: ReadResult, reached?: { offset: bigint }): AsyncGenerator<KafkaRecord[]> {
  const start = from ?? (await gw.listOffsets([tp], 'earliest'))[0].offset ?? 0n;
  const end = to ?? (await gw.listOffsets([tp], 'latest'))[0].offset ?? 0n;
  // An empty prefetched read may just be a partition the broker left out of a full response: fetch it again.
  let pre = first && first.records.length > 0 ? first : undefined;
  if (reached) reached.offset = start;
  for (let offset = start; offset < end;) {
    const r = pre ?? (await gw.readRecords(tp, offset, options));
    pre = undefined;
    const records = r.records;
    let n = 0;
    while (n < records.length && records[n].offset < end) n++;
    if (n > 0) {
      if (reached) reached.offset = records[n - 1].offset + 1n;
      yield n === records.length ? records : records.slice(0, n);
    }
    if (n < records.length) {
      if (reached) reached.offset = end;
      return;
    }
    if (r.nextOffset <= offset) return;
    offset = r.nextOffset;
    if (reached) reached.offset = offset < end ? offset : end;
  }
}

/**
 * The same records one at a time (see readRangeBatches). A record at a time costs an await each: a walk over many
 * records reads the batches instead.
 */
export async function* readRange(gw: ClusterGateway, tp: TopicPartition, from?: bigint, to?: bigint, options?: ReadOptions, first?: ReadResult, reached?: { offset: bigint }): AsyncGenerator<KafkaRecord> {
  for await (const batch of readRangeBatches(gw, tp, from, to, options, first, reached))
    for (const rec of batch) {
      // Once a record is handed out, `reached` counts it (the batch set it to the batch's end).
      if (reached) reached.offset = rec.offset + 1n;
      yield rec;
    }
}
