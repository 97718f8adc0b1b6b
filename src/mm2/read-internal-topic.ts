/**
 * Reads a single-partition MM2 internal topic (checkpoints, offset syncs) to its end, within a deadline. Never
 * returns a silent partial result: if the end is not reached in time, it fails with DRCTL_TIMEOUT (exit 4).
 * Tombstones and malformed records are skipped with a warning.
 */
import { DrctlError } from '../errors.js';
import type { ClusterGateway, KafkaRecord } from '../kafka/gateway.js';
import { readRange } from '../kafka/read-range.js';
import { Mm2FormatError } from './codecs.js';

/** The decoded records, in log order, and what was skipped. */
export interface InternalTopicRead<T> {
  exists: boolean;
  records: { value: T; offset: bigint; timestamp: number }[];
  warnings: string[];
  /** The end offset read up to (the high watermark when the read started). */
  endOffset: bigint;
}

/** Read partition 0 of `topic` on `gw` to its end, decoding each record. */
export async function readInternalTopic<T>(gw: ClusterGateway, topic: string, decode: (r: KafkaRecord) => T, timeoutMs: number): Promise<InternalTopicRead<T>> {
  const info = (await gw.listTopics()).find((t) => t.name === topic);
  if (!info) return { exists: false, records: [], warnings: [], endOffset: 0n };
  const tp = { topic, partition: 0 };
  const [end] = await gw.listOffsets([tp], 'latest');
  const endOffset = end.offset ?? 0n;
  const deadline = Date.now() + timeoutMs;
  const out: InternalTopicRead<T> = { exists: true, records: [], warnings: [], endOffset };
  let tombstones = 0;
  for await (const r of readRange(gw, tp, undefined, endOffset)) {
    if (Date.now() > deadline) {
      throw new DrctlError('DRCTL_TIMEOUT', `${gw.alias}: reading ${topic} did not reach its end (${endOffset}) within ${timeoutMs} ms; stopped at offset ${r.offset}`, {
        hint: 'raise --timeout; drctl never translates from a partial read',
        retriable: true,
      });
    }
    if (r.value === null || r.key === null) {
      tombstones++;
      continue;
    }
    try {
      out.records.push({ value: decode(r), offset: r.offset, timestamp: r.timestamp });
    } catch (e) {
      if (!(e instanceof Mm2FormatError || e instanceof RangeError)) throw e;
      out.warnings.push(`${topic}@${r.offset}: skipped a malformed record (${e.message})`);
    }
  }
  if (tombstones > 0) out.warnings.push(`${topic}: skipped ${tombstones} tombstone(s)`);
  return out;
}
