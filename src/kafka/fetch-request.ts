/**
 * Fetch v11 (API 1), sent raw so that its records are decoded by drctl's record-batch decoder (record-batch.ts)
 * instead of kafkajs's. v11 is the newest version that is not "flexible" (no tagged fields); every broker since
 * Kafka 2.3 answers it, and Kafka 4.x still does. Field order from apache/kafka's FetchRequest.json and
 * FetchResponse.json:
 * - request: replica id, max wait, min bytes, max bytes, isolation level (int8), session id and epoch (0 and -1: no
 *   fetch session), topics (name, partitions: index, current leader epoch, fetch offset, log start offset,
 *   partition max bytes), forgotten topics (empty), rack id;
 * - response: throttle time, error code, session id, topics (name, partitions: index, error code, high watermark,
 *   last stable offset, log start offset, aborted transactions (producer id, first offset; null unless read
 *   committed), preferred read replica, records (int32-length bytes)).
 * As kafkajs's own Fetch does, the first partition error throws (with kafkajs's error type, e.g.
 * OFFSET_OUT_OF_RANGE or NOT_LEADER_FOR_PARTITION, which the gateway acts on).
 */
import kafkajsDecoderModule from 'kafkajs/src/protocol/messageSet/decoder.js';
import type { ReadResult, KafkaRecord } from './gateway.js';
import { bodyRequest, DecoderClass, protocolError, type Decoder, type RawRequest } from './raw-codec.js';
import { decodeRecordBatches, type AbortedTransaction } from './record-batch.js';

/** Fetch's API key and the version sent. */
export const FETCH = { key: 1, version: 11 } as const;

/** What one Fetch asks for. */
export interface FetchParams {
  readCommitted: boolean;
  maxWaitMs: number;
  /** Per partition; the request's total is this times the number of partitions. */
  partitionMaxBytes: number;
  /** Topics with their partitions and the offset each read starts at. */
  topics: readonly { topic: string; partitions: readonly { partition: number; offset: bigint }[] }[];
}

/** One partition's read, as the gateway returns it. */
export interface FetchedPartition {
  topic: string;
  partition: number;
  result: ReadResult;
}

/** A decoded Fetch answer; kafkajs's connection reads `clientSideThrottleTime` from it to honour a quota. */
export interface FetchAnswer {
  clientSideThrottleTime: number;
  partitions: FetchedPartition[];
}

/** kafkajs's decoder of legacy (magic 0 and 1) message sets, for logs older than Kafka 0.11's format. */
const decodeLegacyMessageSet = kafkajsDecoderModule as (d: Decoder, size: number) => Promise<{ offset: string; timestamp: string; key: Buffer | null; value: Buffer | null }[]>;

/** Encode the request body (a plain buffer: one allocation, no int64 objects). */
export function encodeFetch(p: FetchParams): Buffer {
  const names = p.topics.map((t) => Buffer.from(t.topic, 'utf8'));
  let size = 4 + 4 + 4 + 4 + 1 + 4 + 4 + 4 + 4 + 2; // fixed fields, topic count, forgotten topics count, rack id
  p.topics.forEach((t, i) => (size += 2 + names[i].length + 4 + t.partitions.length * 28));
  const partitions = p.topics.reduce((n, t) => n + t.partitions.length, 0);
  const b = Buffer.alloc(size);
  let at = 0;
  at = b.writeInt32BE(-1, at); // replica id: a consumer
  at = b.writeInt32BE(p.maxWaitMs, at);
  at = b.writeInt32BE(1, at); // min bytes
  at = b.writeInt32BE(Math.min(2 ** 31 - 1, p.partitionMaxBytes * partitions), at);
  at = b.writeInt8(p.readCommitted ? 1 : 0, at);
  at = b.writeInt32BE(0, at); // session id
  at = b.writeInt32BE(-1, at); // session epoch: no fetch session
  at = b.writeInt32BE(p.topics.length, at);
  p.topics.forEach((t, i) => {
    at = b.writeInt16BE(names[i].length, at);
    at += names[i].copy(b, at);
    at = b.writeInt32BE(t.partitions.length, at);
    for (const x of t.partitions) {
      at = b.writeInt32BE(x.partition, at);
      at = b.writeInt32BE(-1, at); // current leader epoch: not checked
      at = b.writeBigInt64BE(x.offset, at);
      at = b.writeBigInt64BE(-1n, at); // log start offset: only followers send it
      at = b.writeInt32BE(p.partitionMaxBytes, at);
    }
  });
  at = b.writeInt32BE(0, at); // forgotten topics
  b.writeInt16BE(0, at); // rack id: empty
  return b;
}

/** Legacy message sets decoded by kafkajs, as records from `from` on, and the offset after the last one. */
async function decodeLegacy(bytes: Buffer, from: bigint): Promise<{ records: KafkaRecord[]; nextOffset: bigint }> {
  const messages = await decodeLegacyMessageSet(new DecoderClass(bytes), bytes.length);
  const records: KafkaRecord[] = [];
  let nextOffset = from;
  for (const m of messages) {
    const offset = BigInt(m.offset);
    if (offset + 1n > nextOffset) nextOffset = offset + 1n;
    if (offset >= from) records.push({ offset, timestamp: Number(m.timestamp), key: m.key, value: m.value, headers: [] });
  }
  return { records, nextOffset };
}

/** Decode a Fetch v11 response body (after the correlation id) into one read per partition. */
export async function decodeFetch(raw: Buffer, p: Pick<FetchParams, 'readCommitted' | 'topics'>): Promise<FetchAnswer> {
  const fromOf = new Map<string, Map<number, bigint>>(p.topics.map((t) => [t.topic, new Map(t.partitions.map((x) => [x.partition, x.offset]))]));
  // Since Fetch v8 a broker over a quota answers at once and expects the client to wait this long (KIP-219).
  const clientSideThrottleTime = raw.readInt32BE(0);
  let at = 4;
  const errorCode = raw.readInt16BE(at);
  at += 2 + 4; // error code, session id
  if (errorCode !== 0) throw protocolError(errorCode);
  const out: FetchedPartition[] = [];
  let firstError = 0;
  const topicCount = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topicCount; t++) {
    const nameLength = raw.readInt16BE(at);
    const topic = raw.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const partitionCount = raw.readInt32BE(at);
    at += 4;
    for (let i = 0; i < partitionCount; i++) {
      const partition = raw.readInt32BE(at);
      const code = raw.readInt16BE(at + 4);
      const highWatermark = raw.readBigInt64BE(at + 6);
      const logStartOffset = raw.readBigInt64BE(at + 22);
      at += 30;
      const abortedCount = raw.readInt32BE(at);
      at += 4;
      let aborted: AbortedTransaction[] | null = null;
      if (abortedCount >= 0) {
        aborted = [];
        for (let a = 0; a < abortedCount; a++, at += 16) aborted.push({ producerId: raw.readBigInt64BE(at), firstOffset: raw.readBigInt64BE(at + 8) });
      }
      at += 4; // preferred read replica
      const size = raw.readInt32BE(at);
      at += 4;
      const bytes = size > 0 ? raw.subarray(at, at + size) : Buffer.alloc(0);
      at += Math.max(size, 0);
      if (code !== 0) {
        firstError ||= code;
        continue;
      }
      const from = fromOf.get(topic)?.get(partition) ?? 0n;
      const decoded = decodeRecordBatches(bytes, from, `${topic}-${partition}`, p.readCommitted ? (aborted ?? []) : null);
      let { records, nextOffset } = decoded;
      if (decoded.legacy) {
        const legacy = await decodeLegacy(decoded.legacy, nextOffset);
        records = records.concat(legacy.records);
        if (legacy.nextOffset > nextOffset) nextOffset = legacy.nextOffset;
      }
      out.push({ topic, partition, result: { records, nextOffset, highWatermark, logStartOffset } });
    }
  }
  if (firstError !== 0) throw protocolError(firstError);
  return { clientSideThrottleTime, partitions: out };
}

/** The raw request for kafkajs's connection. */
export function fetchRequest(p: FetchParams): RawRequest<FetchAnswer> {
  return bodyRequest(
    FETCH,
    'Fetch',
    () => encodeFetch(p),
    (raw) => decodeFetch(raw, p),
  );
}
